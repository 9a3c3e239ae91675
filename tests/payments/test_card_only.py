"""A service paid only by card (the passport services): no bank transfer offered or accepted;
a fee paid abroad is shown apart from what is collected."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cases import fees, registry
from cases.actions import create_case
from cases.registry import CaseType
from cases.workflow import Status, transition
from payments import actions
from payments.models import Payment

pytestmark = pytest.mark.django_db

SLUG = "testing.card_only"


def _quote(_case_or_data=None):
    return fees.FeeQuote(
        (fees.FeeLine("Duty", 15000),),
        (fees.AbroadLine("Consular fee (neighbouring country)", 20),),
    )


@pytest.fixture
def card_only_case(citizen):
    kind = CaseType(
        slug=SLUG, label="Card-only request", deadline_days=20, fee=_quote, card_only=True
    )
    registry.register(kind)
    case = create_case(SLUG, applicant=citizen)
    transition(case, Status.AWAITING_PAYMENT, by=citizen)
    yield case
    registry.unregister(SLUG)


def test_a_card_only_service_refuses_a_bank_transfer(card_only_case, citizen):
    with translation.override("en"), pytest.raises(actions.PaymentNotPossible) as refusal:
        actions.start_payment(
            card_only_case,
            provider=Payment.Provider.BANK_TRANSFER,
            by=citizen,
            customer_email=citizen.email,
        )
    assert refusal.value.message == "This service can be paid only by card."
    assert not Payment.objects.exists()


def test_the_payment_page_offers_no_transfer_and_shows_the_fee_paid_abroad(
    card_only_case, citizen_client
):
    page = citizen_client.get(reverse("payments:case_payment", args=[card_only_case.reference]))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("payments:start_transfer", args=[card_only_case.reference]) not in body
    assert "Consular fee (neighbouring country): 20 EUR" in body


def test_a_fee_paid_abroad_is_not_collected():
    quote = _quote()
    assert quote.total_huf == 15000
    assert (quote + quote).abroad == quote.abroad * 2
    with pytest.raises(ValueError):
        fees.AbroadLine("x", 0)
