"""Paying by bank transfer in Chromium: the citizen sees the transfer data and
declares the order; a clerk imports the bank statement that settles it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import fees, registry
from cases.actions import create_case
from cases.models import Case
from cases.registry import CaseType
from cases.workflow import Status, transition
from payments.bank_transfer import reference_code_for
from payments.models import Payment
from tests.e2e.conftest import log_in, pay_by_card

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def awaiting(live_server, settings, citizen):
    settings.PORTAL_BASE_URL = live_server.url
    kind = CaseType(
        slug="testing.transfer",
        label="Transfer-paid request",
        deadline_days=8,
        fee=fees.Flat(2300, "Administrative service fee"),
    )
    registry.register(kind)
    case = create_case(kind.slug, applicant=citizen)
    transition(case, Status.AWAITING_PAYMENT, by=citizen)
    yield case
    registry.unregister(kind.slug)


def test_transfer_declared_then_settled_by_the_clerks_statement_import(
    page, browser, live_server, client, citizen, clerk, awaiting, axe_check, tmp_path
):
    log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}/payments/case/{awaiting.reference}/")
    page.get_by_role("button", name=re.compile("átutalással")).click()
    page.wait_for_load_state("load")
    assert axe_check(page) == []
    payment = Payment.objects.get(case=awaiting)
    code = reference_code_for(payment)
    body = page.locator("main").inner_text()
    assert "2 300" in body.replace("\xa0", " ")
    page.locator("input[name=bank_accepted]").check()
    page.locator("main form button[type=submit]", has_text="Kérelmem benyújtása").first.click()
    page.wait_for_load_state("load")
    assert Case.objects.get(pk=awaiting.pk).status == Status.SUBMITTED
    assert Payment.objects.get(pk=payment.pk).state == "started"  # the money is not here yet

    statement = tmp_path / "kivonat.csv"
    statement.write_text(
        "date;amount;currency;payer_name;payer_account;remittance\n"
        f"{timezone.localdate():%Y-%m-%d};2300,00;HUF;Teszt Elek;11773016-01234567;{code}\n",
        encoding="utf-8",
    )
    clerk.user_permissions.add(*Permission.objects.filter(content_type__app_label="payments"))
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    clerk_context = browser.new_context(locale="hu-HU")
    clerk_page = clerk_context.new_page()
    log_in(clerk_page, live_server, client, clerk, otp_device=device)
    clerk_page.goto(f"{live_server.url}/admin/payments/bankstatement/add/")
    clerk_page.set_input_files("input[type=file]", str(statement))
    clerk_page.locator("input[type=submit]").click()
    clerk_page.wait_for_load_state("load")
    clerk_context.close()
    assert Payment.objects.get(pk=payment.pk).state == "succeeded"


def test_an_undeclared_transfer_is_withdrawn_and_the_fee_paid_by_card(
    page, live_server, client, citizen, awaiting, settings, axe_check
):
    settings.SIMPLEPAY_API_BASE = f"{live_server.url}/sandbox/simplepay"
    settings.SIMPLEPAY_IPN_URL = f"{live_server.url}/payments/simplepay/ipn/"
    log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}/payments/case/{awaiting.reference}/")
    page.get_by_role("button", name=re.compile("átutalással")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("button", name=re.compile("kártyával")).count() == 0

    page.get_by_role("button", name=re.compile("Nem indítottam el")).click()
    page.wait_for_load_state("load")
    assert "ne indítsa el" in page.locator("body").inner_text()
    assert Payment.objects.get(case=awaiting).state == "cancelled"
    pay_by_card(page, axe_check)

    assert Case.objects.get(pk=awaiting.pk).status == Status.SUBMITTED
    states = set(Payment.objects.filter(case=awaiting).values_list("state", flat=True))
    assert states == {"cancelled", "succeeded"}
