"""`register.landlord_declaration`: the way of consent, alerts, or both; 8 or 21 days."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.workflow import Status
from register import landlord_declaration
from register.models import AlertPackage, LandlordConsent
from tests.register.conftest import address_answers, file

pytestmark = pytest.mark.django_db
SLUG = "register.landlord_declaration"


def test_declaration_alone_is_free_and_entered(client, landlord, places, clerk):
    client.force_login(landlord)
    case = file(client, SLUG, address_answers(places["flat"]), {"mode": "online"})
    assert case.status == Status.SUBMITTED and case.deadline_days == 8
    landlord_declaration.enter_in_register(case, by=clerk)
    assert LandlordConsent.objects.get(property=places["flat"]).mode == "online"
    assert not AlertPackage.objects.exists()


def test_together_with_alerts_the_fee_is_due(client, landlord, places):
    client.force_login(landlord)
    case = file(
        client,
        SLUG,
        address_answers(places["house"]),
        {
            "mode": "together",
            "channels": ["letter", "email"],
            "email": "a@example.hu",
            "letter_address": "2000 Szentendre, Fő tér 1.",
        },
    )
    assert case.status == Status.AWAITING_PAYMENT
    from cases.fees import quote_for

    assert quote_for(case).total_huf == 6900


def test_unclear_facts_give_21_days(client, landlord, places, clerk):
    client.force_login(landlord)
    case = file(client, SLUG, address_answers(places["flat"]), {"mode": "online"})
    eight = case.deadline
    landlord_declaration.mark_unclear(case, by=clerk)
    case.refresh_from_db()
    assert case.deadline_days == 21 and case.deadline > eight
    assert case.events.filter(kind="register.facts_unclear").exists()


def test_not_the_landlord_and_unknown_address_get_field_messages(client, landlord, places):
    landlord.preferred_language = "en"
    landlord.save()
    client.force_login(landlord)
    url = reverse("flow:save_first", args=[SLUG])
    other = client.post(url, address_answers(places["other"])).content.decode()
    assert "Only its landlord" in other.split('id="id_street_address_error"', 1)[1][:600]
    unknown = client.post(
        url, {"postal_code": "1051", "settlement": "Budapest", "street_address": "Sehol 1."}
    ).content.decode()
    assert "not in the address list" in unknown
    bad_code = client.post(
        url, {"postal_code": "0123", "settlement": "Budapest", "street_address": "Sehol 1."}
    ).content.decode()
    assert 'id="id_postal_code_error"' in bad_code


def test_nothing_declared_is_refused(client, landlord, places):
    client.force_login(landlord)
    file(client, SLUG, address_answers(places["flat"]), submit=False)
    from cases.models import Case

    case = Case.objects.filter(case_type=SLUG).latest("created_at")
    response = client.post(reverse("flow:save_step", args=[case.reference, 1]), {"mode": ""})
    assert response.status_code == 422
