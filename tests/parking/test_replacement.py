"""Parking card replacement: private persons' valid cards whose loss was reported at an
office within 10 days; the clerk issues the new card, the old one stays invalid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import registry
from cases.models import Case, IssuedDocument
from parking import actions, eligibility, replacement
from parking.models import CardReplacement, ParkingCard
from tests.factories import PersonFactory
from tests.parking.conftest import lost_card, make_card

pytestmark = pytest.mark.django_db
SLUG = "parking.replacement"
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
DELIVERY = {
    "postal_code": "7621",
    "settlement": "Pécs",
    "street_address": "Király utca 20.",
    "holding_rules": "on",
}


def file(client, number, delivery=None):
    response = client.post(SAVE_FIRST, {"number": number})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(case_type=SLUG)
    response = client.post(
        reverse("flow:save_step", args=[case.reference, 1]), delivery or DELIVERY
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    return case


def refused(client, number) -> str:
    response = client.post(SAVE_FIRST, {"number": number})
    assert response.status_code == 422
    return response.content.decode()


def test_the_type():
    kind = registry.get(SLUG)
    assert kind.fee is None and kind.deadline_days == 15 and kind.needs_login
    assert "XIII" in str(kind.issuing_authority().name)


def test_a_card_lost_and_reported_in_time_is_filed(citizen_client, citizen):
    card = lost_card("PK0000101", citizen.person, learned_days_ago=5, reported_after=10)
    case = file(citizen_client, "pk 0000101")
    assert case.status == "submitted" and case.deadline_days == 15
    detail = CardReplacement.objects.get(case=case)
    assert detail.card == card and detail.postal_address == "7621 Pécs, Király utca 20."


def test_a_loss_reported_after_ten_days_is_refused(citizen_client, citizen):
    lost_card("PK0000101", citizen.person, learned_days_ago=20, reported_after=11)
    assert "több mint 10 nappal" in refused(citizen_client, "PK0000101")


def test_a_loss_not_reported_is_refused(citizen_client, citizen):
    make_card("PK0000101", citizen.person)
    assert "járási hivatalban" in refused(citizen_client, "PK0000101")


def test_a_card_expired_before_the_loss_is_refused(citizen, citizen_client):
    today = timezone.localdate()
    lost_card("PK0000101", citizen.person, valid_until=today - timedelta(days=30))
    assert "lejárt" in refused(citizen_client, "PK0000101")


@pytest.mark.parametrize("state", sorted(set(ParkingCard.State) - {"valid", "loss_registered"}))
def test_a_card_invalid_for_another_reason_is_refused(citizen, state):
    card = make_card("PK0000101", citizen.person, state=state)
    assert eligibility.replacement_refusal(card)


def test_someone_elses_card_and_an_organisations_card_are_refused(citizen_client, citizen):
    lost_card("PK0000101", PersonFactory())
    assert "nem Önre van bejegyezve" in refused(citizen_client, "PK0000101")
    lost_card("PK0000102", None, organisation="Szociális Otthon")
    assert "szervezet" in refused(citizen_client, "PK0000102")


def test_an_unknown_number_is_a_field_error(citizen_client):
    assert "Ilyen számú parkolási igazolvány nem szerepel" in refused(citizen_client, "PK9999999")


def test_the_holding_rules_and_a_hungarian_postal_code_are_required(citizen):
    form = replacement.ReplacementDeliveryStep(
        {**DELIVERY, "holding_rules": "", "postal_code": "A-1010"}, applicant=citizen
    )
    assert {"holding_rules", "postal_code"} <= set(form.errors)


def test_the_clerk_issues_the_new_card_and_records_the_posting(
    citizen_client, citizen, clerk, django_capture_on_commit_callbacks
):
    old = lost_card("PK0000101", citizen.person)
    case = file(citizen_client, "PK0000101")
    with django_capture_on_commit_callbacks(execute=True):
        replacement.issue_replacement(case, by=clerk)
    old.refresh_from_db()
    new = old.replaced_by
    assert new.holder == citizen.person and new.valid_until == old.valid_until
    assert new.is_valid and not old.is_valid
    assert old.state == "loss_registered"
    case.refresh_from_db()
    assert case.status == "decided_approved"
    assert IssuedDocument.objects.filter(case=case, kind="parking_decision").exists()
    with pytest.raises(actions.NotAllowed):
        replacement.issue_replacement(case, by=clerk)
    actions.record_posting(CardReplacement, case, posted_on=timezone.localdate(), by=clerk)
    case.refresh_from_db()
    assert case.status == "closed"
    assert "Az új igazolványt" in citizen_client.get(case.get_absolute_url()).content.decode()


def test_the_clerk_pages(clerk_client, citizen):
    from django.test import Client

    lost_card("PK0000101", citizen.person)
    filer = Client()
    filer.force_login(citizen)
    case = file(filer, "PK0000101")
    detail = CardReplacement.objects.get(case=case)
    page = clerk_client.get(reverse("admin:parking_cardreplacement_change", args=[detail.pk]))
    issue = reverse("admin:parking_cardreplacement_issue", args=[detail.pk])
    assert issue in page.content.decode()
    assert clerk_client.post(issue).status_code == 302
    detail.refresh_from_db()
    assert detail.new_card is not None
