"""Payment by bank transfer: reference codes, the page, the declaration, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cases.models import CaseEvent
from cases.workflow import Status
from notifications.models import Notification
from payments import actions, bank_transfer
from payments.models import BankTransfer, Payment, PaymentEvent
from payments.tasks_transfer import remind_missing_transfers
from payments.workflow import PaymentState
from population.identifiers import validate_bank_account
from portal.settings import DEMO_BENEFICIARY_ACCOUNT, _beneficiary_account
from tests.payments.conftest import FEE

NBSP = "\u00a0"


@pytest.fixture
def transfer(awaiting_case, citizen):
    payment = actions.start_payment(
        awaiting_case,
        provider=Payment.Provider.BANK_TRANSFER,
        by=citizen,
        customer_email=citizen.email,
    )
    return payment.bank_transfer


# --- reference codes ---------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**10 - 1))
def test_every_single_digit_change_is_caught(number):
    body = f"{number:010d}"
    code = body + bank_transfer.mod97_check_digits(body)
    assert bank_transfer.is_valid_reference_code(code)
    for position, digit in enumerate(code):
        for other in "0123456789":
            if other != digit:
                typo = code[:position] + other + code[position + 1 :]
                assert not bank_transfer.is_valid_reference_code(typo), typo


def test_every_neighbour_swap_is_caught():
    code = "000000421785"
    body = code[:10]
    code = body + bank_transfer.mod97_check_digits(body)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not bank_transfer.is_valid_reference_code(swapped)


def test_known_check_digits():
    # ISO 7064 MOD 97-10: the number with its check digits leaves remainder 1.
    assert bank_transfer.mod97_check_digits("0000004217") == "57"
    assert int("000000421757") % 97 == 1


def test_the_code_is_derived_from_the_payment(transfer):
    payment = transfer.payment
    code = transfer.reference_code
    assert code == bank_transfer.reference_code_for(payment)
    assert len(code) == 12 and code.startswith(f"{payment.pk:08d}")
    assert bank_transfer.is_valid_reference_code(code)
    assert bank_transfer.display(code) == f"{code[:4]} {code[4:8]} {code[8:]}"


def test_codes_are_found_in_remittance_text_with_spaces_and_hyphens():
    code = "000000421757"
    assert bank_transfer.find_reference_codes("Díj 0000 0042 1757 köszönöm") == [code]
    assert bank_transfer.find_reference_codes("0000-0042-17 57") == [code]
    assert bank_transfer.find_reference_codes(f"ref:{code}/2026") == [code]
    assert bank_transfer.find_reference_codes("0000 0042 1758") == []
    assert bank_transfer.find_reference_codes("") == []


# --- settings ---------------------------------------------------------------------


def test_the_embedded_beneficiary_account_is_valid(settings):
    validate_bank_account(settings.PAYMENTS_BENEFICIARY_ACCOUNT)
    assert _beneficiary_account("10032000 01234567 00000008") == "10032000-01234567-00000008"


def test_an_invalid_beneficiary_account_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="not a valid GIRO"):
        _beneficiary_account("10032000-01234567-00000000")


def test_the_embedded_mode_falls_back_to_the_demo_account():
    assert _beneficiary_account("") == DEMO_BENEFICIARY_ACCOUNT


def test_production_needs_a_beneficiary_account():
    with pytest.raises(ImproperlyConfigured) as refused:
        _beneficiary_account("", production=True)
    assert str(refused.value) == (
        "PAYMENTS_BENEFICIARY_ACCOUNT must be set in production: the GIRO account citizens "
        "transfer fees to (without it they would be shown the demo account "
        "10032000-01234567-00000008)"
    )


@pytest.mark.parametrize(
    "spelling",
    ["10032000-01234567-00000008", "100320000123456700000008", " 10032000 01234567 00000008"],
)
def test_production_refuses_the_demo_account_however_written(spelling):
    with pytest.raises(
        ImproperlyConfigured, match="is the demo account 10032000-01234567-00000008"
    ):
        _beneficiary_account(spelling, production=True)


def test_production_takes_a_real_account():
    assert _beneficiary_account("100320000129000100000007", production=True) == (
        "10032000-01290001-00000007"
    )


# --- the page and the declaration -----------------------------------------------------


@pytest.mark.django_db
def test_choosing_transfer_shows_the_four_items(citizen_client, awaiting_case, settings):
    page = reverse("payments:case_payment", args=[awaiting_case.reference])
    assert "Pay HUF\u00a03,000 by bank transfer" in citizen_client.get(page).content.decode()

    response = citizen_client.post(
        reverse("payments:start_transfer", args=[awaiting_case.reference])
    )

    assert response.status_code == 302
    payment = awaiting_case.payments.get()
    assert (payment.provider, payment.state, payment.amount) == ("bank_transfer", "started", FEE)
    code = payment.bank_transfer.reference_code
    html = citizen_client.get(page).content.decode()
    assert f"HUF{NBSP}3,000" in html
    assert settings.PAYMENTS_BENEFICIARY_NAME in html
    assert settings.PAYMENTS_BENEFICIARY_ACCOUNT in html
    assert f"{code[:4]} {code[4:8]} {code[8:]}" in html
    assert reverse("payments:declare_transfer", args=[payment.order_ref]) in html
    # No card-payment wording for a transfer.
    assert "Check my payment now" not in html
    assert awaiting_case.payments.get().next_check_at is not None


@pytest.mark.django_db
def test_the_declaration_needs_the_checkbox(citizen_client, transfer):
    url = reverse("payments:declare_transfer", args=[transfer.payment.order_ref])
    response = citizen_client.post(url, {})
    # The page again, with an error summary that leads to the checkbox.
    assert response.status_code == 400
    body = response.content.decode()
    assert ("<title>Hiba: " in body or "<title>Error: " in body) and "error-summary" in body
    assert '<a href="#id_bank_accepted">' in body
    assert 'id="id_bank_accepted" required aria-invalid="true"' in body
    transfer.refresh_from_db()
    assert transfer.declared_at is None
    assert transfer.payment.case.status == Status.AWAITING_PAYMENT


@pytest.mark.django_db
def test_the_declaration_submits_the_case_and_leaves_the_payment_waiting(
    citizen_client, citizen, transfer
):
    url = reverse("payments:declare_transfer", args=[transfer.payment.order_ref])

    citizen_client.post(url, {"bank_accepted": "on"})
    citizen_client.post(url, {"bank_accepted": "on"})  # a double click

    transfer.refresh_from_db()
    payment = transfer.payment
    payment.refresh_from_db()
    payment.case.refresh_from_db()
    assert transfer.declared_at is not None and transfer.declared_by == citizen
    assert payment.case.status == Status.SUBMITTED
    assert payment.state == PaymentState.STARTED
    assert PaymentEvent.objects.filter(payment=payment, kind="bank_transfer.declared").count() == 1
    assert payment.case.events.filter(to_status=Status.SUBMITTED).count() == 1
    page = citizen_client.get(reverse("payments:case_payment", args=[payment.case.reference]))
    assert "your request has been submitted" in page.content.decode()


@pytest.mark.django_db
def test_someone_elses_transfer_cannot_be_declared(client, other_citizen, transfer):
    client.force_login(other_citizen)
    url = reverse("payments:declare_transfer", args=[transfer.payment.order_ref])
    assert client.post(url, {"bank_accepted": "on"}).status_code == 404
    transfer.refresh_from_db()
    assert transfer.declared_at is None


@pytest.mark.django_db
def test_a_card_payment_cannot_be_declared_as_transfer(citizen_client, make_payment):
    payment = make_payment()
    url = reverse("payments:declare_transfer", args=[payment.order_ref])
    assert citizen_client.post(url, {"bank_accepted": "on"}).status_code == 404


# --- withdrawing an undeclared transfer -----------------------------------------------


@pytest.mark.django_db
def test_an_undeclared_transfer_can_be_withdrawn_to_pay_by_card(citizen_client, transfer):
    payment = transfer.payment
    page_url = reverse("payments:case_payment", args=[payment.case.reference])
    before = citizen_client.get(page_url).content.decode()
    withdraw = reverse("payments:withdraw_transfer", args=[payment.order_ref])
    assert withdraw in before
    assert reverse("payments:start_card", args=[payment.case.reference]) not in before

    response = citizen_client.post(withdraw)
    citizen_client.post(withdraw)  # a double click

    assert response.status_code == 302 and response["Location"] == page_url
    payment.refresh_from_db()
    assert payment.state == PaymentState.CANCELLED
    assert PaymentEvent.objects.filter(payment=payment, kind="bank_transfer.withdrawn").count() == 1
    assert payment.case.status == Status.AWAITING_PAYMENT
    after = citizen_client.get(page_url).content.decode()
    assert reverse("payments:start_card", args=[payment.case.reference]) in after
    assert reverse("payments:start_transfer", args=[payment.case.reference]) in after
    assert "please do not send it" in after
    assert payment.order_ref not in after.split('id="transfer-start-title"')[-1]


@pytest.mark.django_db
def test_a_declared_transfer_cannot_be_withdrawn(citizen_client, transfer):
    payment = transfer.payment
    citizen_client.post(
        reverse("payments:declare_transfer", args=[payment.order_ref]), {"bank_accepted": "on"}
    )
    response = citizen_client.post(
        reverse("payments:withdraw_transfer", args=[payment.order_ref]), follow=True
    )
    assert "cannot be withdrawn" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED
    assert payment.case.status == Status.SUBMITTED


@pytest.mark.django_db
def test_someone_elses_transfer_cannot_be_withdrawn(client, other_citizen, transfer):
    client.force_login(other_citizen)
    url = reverse("payments:withdraw_transfer", args=[transfer.payment.order_ref])
    assert client.post(url).status_code == 404
    transfer.payment.refresh_from_db()
    assert transfer.payment.state == PaymentState.STARTED


# --- reminders ----------------------------------------------------------------------


def _declare(transfer, days_ago: int) -> None:
    BankTransfer.objects.filter(pk=transfer.pk).update(
        declared_at=timezone.now() - timedelta(days=days_ago, minutes=1)
    )


@pytest.mark.django_db
def test_no_reminder_before_day_n(transfer):
    _declare(transfer, 4)
    assert remind_missing_transfers() == {"reminded": 0, "alerted": 0}


@pytest.mark.django_db
def test_the_reminder_is_sent_once(
    transfer, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    _declare(transfer, 5)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_missing_transfers() == {"reminded": 1, "alerted": 0}
        assert remind_missing_transfers() == {"reminded": 0, "alerted": 0}
    BankTransfer.objects.filter(pk=transfer.pk).update(reminded_at=None)  # a lost claim
    assert remind_missing_transfers()["reminded"] == 0  # the outbox key holds

    mail = Notification.objects.get(dedupe_key=f"transfer-reminder-{transfer.payment_id}")
    assert mail.recipient == citizen.email
    assert mail.subject == f"{transfer.payment.case.reference}: még nem érkezett meg az átutalása"
    [sent] = mailoutbox
    assert sent.to == [citizen.email]
    assert bank_transfer.display(transfer.reference_code) in sent.body
    assert transfer.beneficiary_account in sent.body


@pytest.mark.django_db
def test_clerks_are_alerted_once(transfer):
    _declare(transfer, 10)
    assert remind_missing_transfers() == {"reminded": 1, "alerted": 1}
    assert remind_missing_transfers() == {"reminded": 0, "alerted": 0}
    alert = CaseEvent.objects.get(kind="payment.transfer_missing")
    assert alert.public is False
    assert bank_transfer.display(transfer.reference_code) in alert.note
    assert f"{bank_transfer.display(transfer.reference_code)}, HUF\xa03,000)" in alert.note


@pytest.mark.django_db
def test_the_office_is_alerted_by_email_once(
    transfer, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.PAYMENTS_CLERK_ALERT_EMAIL = "penzugy@kormanyablak.example.hu"
    _declare(transfer, 10)
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_transfers()
        remind_missing_transfers()
    alerts = [m for m in mail.outbox if m.to == ["penzugy@kormanyablak.example.hu"]]
    assert len(alerts) == 1
    assert transfer.payment.case.reference in alerts[0].subject
    assert bank_transfer.display(transfer.reference_code) in alerts[0].body


@pytest.mark.django_db
def test_arrived_money_stops_the_reminders(transfer):
    from payments.workflow import apply_state

    _declare(transfer, 12)
    apply_state(transfer.payment, PaymentState.SUCCEEDED, event_id="statement:x", kind="test")
    assert remind_missing_transfers() == {"reminded": 0, "alerted": 0}


@pytest.fixture(autouse=True)
def _english(client):
    """These tests read messages in English (the language switch's cookie)."""
    from django.utils import translation

    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
