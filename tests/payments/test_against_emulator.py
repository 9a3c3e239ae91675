"""The portal's SimplePay code against the sandbox emulator, over real HTTP.

The portal's client calls the emulator's API on the live test server, the
citizen pays on the emulator's card page, and the emulator posts its IPNs to
the portal's IPN endpoint on the same server and judges the replies as the
bank does. Nothing on either side is replaced.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from cases.workflow import Status
from payments import actions, providers
from payments.models import Payment, Refund
from payments.workflow import PaymentState
from sandbox.models import SimplePayEvent, SimplePayIpnDelivery, SimplePayTransaction
from tests.payments.conftest import FEE

SUCCESS_CARD = "4908366099900425"
WITHHELD_IPN_CARD = "4000000000000093"  # paid, IPN only sent by hand
TWICE_IPN_CARD = "5555555555554402"  # paid, every IPN delivered twice


@pytest.fixture
def two_step_account(emulator):
    """The bank switched two-step payments on for the merchant account."""
    emulator.SANDBOX_SIMPLEPAY_TWO_STEP = True
    return emulator


def start(case, citizen) -> Payment:
    return actions.start_payment(
        case, provider=Payment.Provider.SIMPLEPAY, by=citizen, customer_email=citizen.email
    )


def pay(client, payment: Payment, card: str = SUCCESS_CARD) -> None:
    """The citizen pays on the emulator's page; screening and IPNs run at once."""
    token = urlsplit(payment.payment_url).path.rstrip("/").rsplit("/", 1)[1]
    response = client.post(
        f"/sandbox/simplepay/pay/{token}/card/",
        {"number": card, "expiry": "12/39", "cvc": "123", "holder": "Teszt Elek"},
    )
    assert response.status_code == 302


def emulated(payment: Payment) -> SimplePayTransaction:
    return SimplePayTransaction.objects.get(order_ref=payment.order_ref, kind="payment")


def sent_start(payment: Payment) -> dict:
    event = SimplePayEvent.objects.get(transaction=emulated(payment), kind="api.start")
    return json.loads(event.detail["request"])


# --- twoStep ------------------------------------------------------------------------


def test_a_payment_on_a_two_step_account_is_charged_at_once(
    client, two_step_account, awaiting_case, citizen
):
    payment = start(awaiting_case, citizen)
    assert sent_start(payment)["twoStep"] is False
    assert emulated(payment).two_step is False

    pay(client, payment)

    assert emulated(payment).status == "FINISHED"
    payment.refresh_from_db()
    awaiting_case.refresh_from_db()
    assert (payment.state, awaiting_case.status) == (PaymentState.SUCCEEDED, Status.SUBMITTED)


def test_without_two_step_false_the_same_account_only_reserves(
    client, two_step_account, awaiting_case, citizen
):
    """The emulator honours the account flag: a start that leaves `twoStep`
    out is reserved and stays AUTHORIZED until a `finish` that never comes."""
    payment = start(awaiting_case, citizen)
    # What a client without `twoStep: false` would have created.
    SimplePayTransaction.objects.filter(pk=emulated(payment).pk).update(two_step=True)

    pay(client, payment)

    assert emulated(payment).status == "AUTHORIZED"
    payment.refresh_from_db()
    assert payment.state == PaymentState.AUTHORIZED
    actions.check_payment(payment)
    assert payment.state == PaymentState.AUTHORIZED


# --- IPN ----------------------------------------------------------------------------


def test_every_delivery_of_a_doubled_ipn_is_accepted_by_the_bank(
    client, emulator, awaiting_case, citizen
):
    payment = start(awaiting_case, citizen)

    pay(client, payment, TWICE_IPN_CARD)

    deliveries = SimplePayIpnDelivery.objects.filter(transaction=emulated(payment))
    # The emulator judged both replies as the bank would: no retry, no alarm.
    assert [(d.ipn_status, d.state, d.attempts) for d in deliveries] == [
        ("FINISHED", "delivered", 1),
        ("FINISHED", "delivered", 1),
    ]
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert payment.events.filter(kind="simplepay.ipn").count() == 1


# --- query: the amount check ------------------------------------------------------------


def test_a_query_answer_with_the_fee_is_applied(client, emulator, awaiting_case, citizen):
    payment = start(awaiting_case, citizen)
    pay(client, payment, WITHHELD_IPN_CARD)
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED  # no IPN yet

    actions.check_payment(payment)

    assert payment.state == PaymentState.SUCCEEDED
    event = payment.events.get(kind="simplepay.query")
    assert event.payload["total"] == float(FEE)  # a plain query carries the amount
    assert event.to_state == PaymentState.SUCCEEDED


def test_a_query_answer_with_another_amount_is_refused_and_flagged(
    client, emulator, awaiting_case, citizen
):
    payment = start(awaiting_case, citizen)
    pay(client, payment, WITHHELD_IPN_CARD)
    # The bank holds another amount for this order than the fee we asked.
    SimplePayTransaction.objects.filter(pk=emulated(payment).pk).update(total=FEE + 100)

    with translation.override("en"):  # a clerk's check from an English admin page
        actions.check_payment(payment)
        actions.check_payment(payment)

    assert payment.state == PaymentState.STARTED
    flagged = payment.events.get(kind="simplepay.query.amount_differs")
    assert flagged.to_state == ""
    assert flagged.note == (
        f"SimplePay reports {FEE + 100}.0 HUF for transaction "
        f"{emulated(payment).transaction_id}, the fee is {FEE}; not applied"
    )
    assert not payment.events.filter(kind="simplepay.query").exists()
    awaiting_case.refresh_from_db()
    assert awaiting_case.status == Status.AWAITING_PAYMENT


# --- refunds ------------------------------------------------------------------------------


def test_refunds_through_the_emulator(client, emulator, awaiting_case, citizen, clerk):
    payment = start(awaiting_case, citizen)
    pay(client, payment)
    payment.refresh_from_db()

    first = actions.refund_payment(payment, amount=1000, reason="Túlfizetés", by=clerk)
    assert first.state == Refund.State.SUCCEEDED
    refund_trx = SimplePayTransaction.objects.get(kind="refund", parent=emulated(payment))
    assert first.provider_refund_id == str(refund_trx.transaction_id)
    # The query's refund list carries negative totals; the portal reads them as refunds.
    made = providers.get(payment.provider).refunds_made(payment)
    assert made == [(str(refund_trx.transaction_id), 1000)]

    second = actions.refund_payment(payment, amount=FEE - 1000, reason="Visszavonás", by=clerk)
    assert second.state == Refund.State.SUCCEEDED
    payment.refresh_from_db()
    assert payment.state == PaymentState.REFUNDED
    assert emulated(payment).refunds.count() == 2


# --- the return page -----------------------------------------------------------------------

DECLINED_CARD = "4000000000000028"  # insufficient funds


def back_from_the_card_page(client, payment: Payment, card: str) -> str:
    """Pay on the emulator's page and follow its redirect back to the portal."""
    token = urlsplit(payment.payment_url).path.rstrip("/").rsplit("/", 1)[1]
    response = client.post(
        f"/sandbox/simplepay/pay/{token}/card/",
        {"number": card, "expiry": "12/39", "cvc": "123", "holder": "Teszt Elek"},
    )
    assert response.status_code == 302
    back = urlsplit(response["Location"])
    assert back.path == "/payments/simplepay/return/"
    return client.get(f"{back.path}?{back.query}").content.decode()


def test_a_declined_payment_says_so_and_offers_to_pay_again_before_any_ipn(
    client, emulator, awaiting_case, citizen
):
    emulator.SANDBOX_SIMPLEPAY_FAILURE_IPNS = False  # only the query can tell
    payment = start(awaiting_case, citizen)
    client.force_login(citizen)
    client.cookies["django_language"] = "en"

    page = back_from_the_card_page(client, payment, DECLINED_CARD)

    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert payment.events.get(kind="simplepay.query").to_state == PaymentState.FAILED
    assert "Failed transaction." in page
    assert "No money was taken, and your request has not been submitted yet." in page
    assert "You can pay again below." in page
    assert f'action="/payments/case/{awaiting_case.reference}/card/"' in page
    assert "Successful transaction." not in page
    assert "Check my payment now" not in page


def test_a_successful_payment_whose_ipn_is_late_says_the_request_was_submitted(
    client, emulator, awaiting_case, citizen
):
    payment = start(awaiting_case, citizen)
    client.force_login(citizen)

    page = back_from_the_card_page(client, payment, WITHHELD_IPN_CARD)

    payment.refresh_from_db()
    awaiting_case.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert awaiting_case.status == Status.SUBMITTED
    assert "Sikeres tranzakció." in page
    assert "Befizetése megérkezett, kérelmét benyújtottuk." in page
    assert f"<code>{payment.provider_transaction_id}</code>" in page
    assert "Sikertelen tranzakció." not in page
    assert "Alább újra fizethet." not in page
