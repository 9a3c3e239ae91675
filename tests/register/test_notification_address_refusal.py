"""`register.notification_address_refusal`: only the holder or the box tenant; refuse or revoke."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.workflow import Status
from register import notification_address_refusal as refusal
from register.models import AddressRefusal
from tests.register.conftest import address_answers, file, today

pytestmark = pytest.mark.django_db
SLUG = "register.notification_address_refusal"


def test_the_holder_refuses_and_revokes(client, landlord, places, clerk):
    client.force_login(landlord)
    case = file(client, SLUG, address_answers(places["flat"], action="refuse", target="address"))
    assert case.deadline_days == 8
    refusal.enter_in_register(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    entry = AddressRefusal.objects.get(property=places["flat"])
    assert entry.revoked_on is None
    again = file(client, SLUG, address_answers(places["flat"], action="revoke", target="address"))
    refusal.enter_in_register(again, by=clerk)
    entry.refresh_from_db()
    assert entry.revoked_on == today()


def test_the_box_tenant_refuses_the_box(client, landlord, places, clerk):
    client.force_login(landlord)
    case = file(
        client,
        SLUG,
        {
            "action": "refuse",
            "target": "po_box",
            "po_box_postal_code": "1476",
            "po_box_number": "281",
        },
    )
    refusal.enter_in_register(case, by=clerk)
    assert AddressRefusal.objects.get().po_box == places["box"]


@pytest.mark.parametrize(
    ("answers", "field", "text"),
    [
        (
            {
                "action": "refuse",
                "target": "address",
                "postal_code": "6720",
                "settlement": "Szeged",
                "street_address": "Kárász utca 3.",
            },
            "street_address",
            "address holder",
        ),
        (
            {
                "action": "refuse",
                "target": "po_box",
                "po_box_postal_code": "1476",
                "po_box_number": "12x",
            },
            "po_box_number",
            "1 to 5 digits",
        ),
        (
            {
                "action": "refuse",
                "target": "po_box",
                "po_box_postal_code": "1476",
                "po_box_number": "999",
            },
            "po_box_number",
            "No post office box",
        ),
        (
            {
                "action": "revoke",
                "target": "address",
                "postal_code": "1051",
                "settlement": "Budapest",
                "street_address": "Nádor utca 5. 2/3.",
            },
            "street_address",
            "no refusal in force",
        ),
    ],
)
def test_field_messages(client, landlord, places, answers, field, text):
    landlord.preferred_language = "en"
    landlord.save()
    client.force_login(landlord)
    response = client.post(reverse("flow:save_first", args=[SLUG]), answers)
    assert response.status_code == 422
    body = response.content.decode()
    assert text in body.split(f'id="id_{field}_error"', 1)[1][:600]
    assert not AddressRefusal.objects.exists()
