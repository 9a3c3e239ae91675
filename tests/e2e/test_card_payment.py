"""Paying a fee by card in Chromium: the portal's signed start, the SimplePay
emulator's card page, the signed back-redirect, and the IPN that settles it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from cases import fees, registry
from cases.actions import create_case
from cases.models import Case
from cases.registry import CaseType
from cases.workflow import Status, transition
from payments.models import Payment
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUCCESS_CARD = "4908 3660 9990 0425"
DECLINED_CARD = "4000 0000 0000 0028"


@pytest.fixture
def paid_case(live_server, settings, citizen):
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SIMPLEPAY_API_BASE = f"{base}/sandbox/simplepay"
    settings.SIMPLEPAY_IPN_URL = f"{base}/payments/simplepay/ipn/"
    kind = CaseType(
        slug="testing.card",
        label="Card-paid request",
        deadline_days=8,
        fee=fees.Flat(2300, "Administrative service fee"),
    )
    registry.register(kind)
    case = create_case(kind.slug, applicant=citizen)
    transition(case, Status.AWAITING_PAYMENT, by=citizen)
    yield case
    registry.unregister(kind.slug)


def _pay(page, live_server, client, citizen, case, card: str) -> None:
    log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.get_by_role("link", name="Díj befizetése").click()
    page.wait_for_load_state("load")
    page.locator("main input[type=checkbox]").check()
    page.get_by_role("button", name=re.compile("kártyával")).click()
    page.wait_for_url(re.compile(r"/sandbox/simplepay/pay/"))
    page.fill("input[name=number]", card)
    page.fill("input[name=expiry]", f"12/{(timezone.localdate().year + 2) % 100:02d}")
    page.fill("input[name=cvc]", "123")
    page.fill("input[name=holder]", "TESZT ELEK")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/payments/simplepay/return/"))


def test_a_successful_card_payment_submits_the_case(
    page, live_server, client, citizen, paid_case, axe_check
):
    _pay(page, live_server, client, citizen, paid_case, SUCCESS_CARD)
    assert axe_check(page) == []
    payment = Payment.objects.get(case=paid_case)
    assert payment.state == "succeeded"  # settled by the emulator's signed IPN
    assert payment.amount == 2300
    assert Case.objects.get(pk=paid_case.pk).status == Status.SUBMITTED


def test_a_declined_card_leaves_the_case_waiting_for_payment(
    page, live_server, client, citizen, paid_case, axe_check
):
    _pay(page, live_server, client, citizen, paid_case, DECLINED_CARD)
    assert axe_check(page) == []
    assert Case.objects.get(pk=paid_case.pk).status == Status.AWAITING_PAYMENT
    assert not Payment.objects.filter(case=paid_case, state="succeeded").exists()
