"""SimplePay slow or down, with the real emulator over HTTP (ADR 0033).

The emulator's fault switch (`SANDBOX_SIMPLEPAY_FAULT`) is read on every API
call, so each test flips it while the live server runs. The portal's timeout
is one second; a slow bank answers after one and a half.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.workflow import Status
from payments.models import Payment
from payments.tasks import reconcile_payments
from payments.workflow import PaymentState
from sandbox.models import SimplePayTransaction
from tests.payments.test_against_emulator import SUCCESS_CARD, WITHHELD_IPN_CARD, pay

S = SimplePayTransaction.Status


@pytest.fixture
def emulator(emulator):
    """The emulator with its fault switch off and a portal that gives up after a second."""
    emulator.SIMPLEPAY_TIMEOUT_SECONDS = 1
    emulator.SANDBOX_SIMPLEPAY_SLOW_SECONDS = 1.5
    emulator.SANDBOX_SIMPLEPAY_FAULT = ""
    return emulator


def click_pay(client, case):
    return client.post(
        reverse("payments:start_card", args=[case.reference]),
        {"accept_data_transfer": "on"},
        follow=True,
    )


def charges(case) -> list[SimplePayTransaction]:
    """The emulator's own record: successful charges for this case."""
    return list(
        SimplePayTransaction.objects.filter(
            order_ref__startswith=case.reference + "-", kind="payment", status=S.FINISHED
        )
    )


def reconcile_now() -> dict:
    Payment.objects.in_flight().update(next_check_at=timezone.now())
    return reconcile_payments()


def test_slow_start_waits_and_the_next_click_pays_once(client, emulator, awaiting_case, citizen):
    client.force_login(citizen)
    client.cookies["django_language"] = "en"
    emulator.SANDBOX_SIMPLEPAY_FAULT = "slow"

    response = click_pay(client, awaiting_case)

    assert response.status_code == 200
    body = response.content.decode()
    assert "SimplePay did not answer in time. Your payment is waiting; nothing was lost." in body
    assert "or pay by bank transfer below" in body
    first = Payment.objects.get()
    assert first.state == PaymentState.CREATED and first.payment_url == ""
    # The nasty case: the bank went on and holds a transaction the portal never saw.
    assert SimplePayTransaction.objects.get(order_ref=first.order_ref).status == S.INIT
    awaiting_case.refresh_from_db()
    assert awaiting_case.status == Status.AWAITING_PAYMENT  # the case stays filed

    emulator.SANDBOX_SIMPLEPAY_FAULT = ""
    click_pay(client, awaiting_case)  # asks about the first attempt before a new one

    first.refresh_from_db()
    assert first.state == PaymentState.CANCELLED  # set aside: its page was never shown
    second = Payment.objects.exclude(pk=first.pk).get()
    assert second.state == PaymentState.STARTED
    pay(client, second, SUCCESS_CARD)
    reconcile_now()

    second.refresh_from_db()
    awaiting_case.refresh_from_db()
    assert second.state == PaymentState.SUCCEEDED
    assert awaiting_case.status == Status.SUBMITTED
    assert [t.order_ref for t in charges(awaiting_case)] == [second.order_ref]


def test_slow_start_is_settled_by_the_job_once_simplepay_answers(
    client, emulator, awaiting_case, citizen
):
    client.force_login(citizen)
    emulator.SANDBOX_SIMPLEPAY_FAULT = "slow"
    click_pay(client, awaiting_case)
    payment = Payment.objects.get()

    assert reconcile_now()["unreachable"] == 1  # still slow: nothing moves
    payment.refresh_from_db()
    assert payment.state == PaymentState.CREATED

    emulator.SANDBOX_SIMPLEPAY_FAULT = ""
    reconcile_now()
    payment.refresh_from_db()
    # Found in INIT: recorded with the bank's transaction id; SimplePay times it out.
    assert payment.state == PaymentState.STARTED
    trx = SimplePayTransaction.objects.get(order_ref=payment.order_ref)
    assert payment.provider_transaction_id == str(trx.transaction_id)


def test_down_waits_a_second_click_while_down_starts_nothing_and_back_up_pays_once(
    client, emulator, awaiting_case, citizen
):
    client.force_login(citizen)
    emulator.SANDBOX_SIMPLEPAY_FAULT = "down"

    response = click_pay(client, awaiting_case)
    assert response.status_code == 200
    assert "A SimplePay nem válaszolt időben." in response.content.decode()
    response = click_pay(client, awaiting_case)  # again, still down
    assert response.status_code == 200

    first = Payment.objects.get()  # the second click started nothing
    assert first.state == PaymentState.CREATED
    assert not SimplePayTransaction.objects.exists()

    emulator.SANDBOX_SIMPLEPAY_FAULT = ""
    reconcile_now()
    first.refresh_from_db()
    assert first.state == PaymentState.FAILED  # the bank never heard of it
    assert first.events.filter(kind="simplepay.query.not_found").count() == 1

    click_pay(client, awaiting_case)
    click_pay(client, awaiting_case)  # a double click: the started one stands
    second = Payment.objects.get(state=PaymentState.STARTED)
    pay(client, second, SUCCESS_CARD)

    awaiting_case.refresh_from_db()
    assert awaiting_case.status == Status.SUBMITTED
    assert len(charges(awaiting_case)) == 1
    assert Payment.objects.filter(state=PaymentState.SUCCEEDED).count() == 1


def test_a_payment_whose_ipn_never_came_is_reconciled(client, emulator, awaiting_case, citizen):
    client.force_login(citizen)
    click_pay(client, awaiting_case)
    payment = Payment.objects.get()
    pay(client, payment, WITHHELD_IPN_CARD)  # paid at the bank, IPN withheld
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED

    emulator.SANDBOX_SIMPLEPAY_FAULT = "down"
    assert reconcile_now()["unreachable"] == 1
    emulator.SANDBOX_SIMPLEPAY_FAULT = ""
    assert reconcile_now()["changed"] == 1
    assert reconcile_now()["changed"] == 0  # applied once

    payment.refresh_from_db()
    awaiting_case.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert awaiting_case.status == Status.SUBMITTED
    assert len(charges(awaiting_case)) == 1


def test_while_simplepay_is_down_the_citizen_can_pay_by_transfer(
    client, emulator, awaiting_case, citizen
):
    client.force_login(citizen)
    emulator.SANDBOX_SIMPLEPAY_FAULT = "down"
    click_pay(client, awaiting_case)
    card = Payment.objects.get()

    response = client.post(
        reverse("payments:start_transfer", args=[awaiting_case.reference]), follow=True
    )

    assert response.status_code == 200
    card.refresh_from_db()
    assert card.state == PaymentState.FAILED  # set aside: its page was never shown
    assert card.events.filter(kind="payment.start_set_aside").count() == 1
    transfer = Payment.objects.get(provider=Payment.Provider.BANK_TRANSFER)
    assert transfer.in_flight
