"""Parking card exchange: permanent condition, not a 7-point card, the categories of the
decree, the opinion attached and checked by a clerk; 5 years, extension by 5 years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import registry
from cases.models import Case
from parking import exchange
from parking.models import CardExchange, Category, ParkingCard
from tests import samples
from tests.parking.conftest import make_card

pytestmark = pytest.mark.django_db
SLUG = "parking.exchange"
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
DELIVERY = {
    "postal_code": "7621",
    "settlement": "Pécs",
    "street_address": "Király utca 20.",
    "holding_rules": "on",
}


def opinion():
    return SimpleUploadedFile("szakvelemeny.pdf", samples.pdf(), "application/pdf")


def file(client, number, entitlement):
    response = client.post(SAVE_FIRST, {"number": number})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(case_type=SLUG)
    response = client.post(reverse("flow:save_step", args=[case.reference, 1]), entitlement)
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(reverse("flow:save_step", args=[case.reference, 2]), DELIVERY)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    return case


def test_the_type():
    kind = registry.get(SLUG)
    assert kind.fee is None and kind.deadline_days == 15
    assert [f.__name__ for f in kind.forms] == [
        "CardStep",
        "EntitlementStep",
        "ExchangeDeliveryStep",
    ]


def test_the_categories_of_the_decree():
    assert len(Category.choices) == 6


def test_an_exchange_with_the_opinion_issues_a_five_year_card(
    citizen_client, citizen, clerk, django_capture_on_commit_callbacks
):
    old = make_card("PK0000201", citizen.person, category="musculoskeletal")
    case = file(
        citizen_client,
        "PK0000201",
        {
            "kind": "exchange",
            "category": "autistic",
            "basis": "authority_position",
            "opinion": opinion(),
        },
    )
    assert case.status == "submitted"
    assert case.attachments.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        exchange.issue_exchange(case, by=clerk)
    old.refresh_from_db()
    new = old.replaced_by
    today = timezone.localdate()
    assert old.state == "exchanged" and not old.is_valid
    assert new.category == "autistic" and new.basis == "authority_position"
    assert new.valid_until == exchange.five_years_from(today)


def test_an_extension_adds_five_years_to_the_end_of_the_old_card(citizen_client, citizen, clerk):
    end = timezone.localdate() + timedelta(days=30)
    old = make_card("PK0000201", citizen.person, valid_until=end)
    case = file(
        citizen_client,
        "PK0000201",
        {"kind": "extension", "category": old.category, "basis": "expert_opinion"},
    )
    exchange.issue_exchange(case, by=clerk)
    old.refresh_from_db()
    assert old.replaced_by.valid_until == exchange.five_years_from(end)


def test_an_expired_permanent_card_can_be_extended(citizen_client, citizen):
    make_card("PK0000201", citizen.person, state="expired", valid_until=date(2025, 1, 1))
    response = citizen_client.post(SAVE_FIRST, {"number": "PK0000201"})
    assert response.status_code == 302


def test_an_exchange_needs_the_opinion_and_an_extension_keeps_the_category(citizen):
    card = make_card("PK0000201", citizen.person, category="autistic")
    form = exchange.EntitlementStep(
        {"kind": "exchange", "category": "autistic", "basis": "expert_opinion"},
        previous={"card": card},
    )
    assert "opinion" in form.errors
    form = exchange.EntitlementStep(
        {"kind": "extension", "category": "visually_impaired", "basis": "expert_opinion"},
        previous={"card": card},
    )
    assert "category" in form.errors
    form = exchange.EntitlementStep(
        {"kind": "extension", "category": "autistic", "basis": "seven_point"},
        previous={"card": card},
    )
    assert "basis" in form.errors


@pytest.mark.parametrize(
    ("fields", "phrase"),
    [
        ({"basis": "seven_point"}, "„7 pontos”"),
        ({"permanent": False}, "nem végleges"),
        ({"state": "revoked", "state_since": None}, "visszavonták"),
        ({"state": "loss_registered"}, "pótolják"),
        ({"state": "holder_died"}, "érvénytelen"),
    ],
)
def test_cards_that_cannot_be_exchanged(citizen_client, citizen, fields, phrase):
    values = dict(fields)
    if "state_since" in values:
        values["state_since"] = timezone.localdate() - timedelta(days=90)
    make_card("PK0000201", citizen.person, **values)
    response = citizen_client.post(SAVE_FIRST, {"number": "PK0000201"})
    assert response.status_code == 422
    assert phrase in response.content.decode()


def test_the_year_after_a_revocation(citizen):
    card = make_card(
        "PK0000201",
        citizen.person,
        state=ParkingCard.State.REVOKED,
        state_since=timezone.localdate() - timedelta(days=400),
    )
    from parking.eligibility import exchange_refusal

    assert "egy éven belül" not in exchange_refusal(card)


def test_five_years_from_a_leap_day():
    assert exchange.five_years_from(date(2024, 2, 29)) == date(2029, 2, 28)


def test_the_holding_rules_are_shown_before_submission(citizen_client):
    page = citizen_client.get(reverse("flow:start", args=[SLUG])).content.decode()
    assert "szélvédője mögött" in page and "egy évig" in page


def test_the_clerk_pages(clerk_client, citizen):
    from django.test import Client

    make_card("PK0000201", citizen.person)
    filer = Client()
    filer.force_login(citizen)
    case = file(
        filer,
        "PK0000201",
        {
            "kind": "exchange",
            "category": "autistic",
            "basis": "expert_opinion",
            "opinion": opinion(),
        },
    )
    detail = CardExchange.objects.get(case=case)
    page = clerk_client.get(reverse("admin:parking_cardexchange_change", args=[detail.pk]))
    assert "szakvelemeny.pdf" in page.content.decode()
    issue = reverse("admin:parking_cardexchange_issue", args=[detail.pk])
    assert clerk_client.post(issue).status_code == 302
    detail.refresh_from_db()
    assert detail.new_card is not None
