"""The emulator's writes: payments, what the card page decides, finish,
refund, expiry and IPN resends. Status moves go through `state.move`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sandbox.models import SimplePayIpnDelivery, SimplePayTransaction
from sandbox.simplepay import ipn, protocol
from sandbox.simplepay.accounts import Account
from sandbox.simplepay.cards import (
    CHALLENGE_FAILED_CODE,
    CHALLENGE_PASS,
    Card,
    Outcome,
    card_behaviour,
)
from sandbox.simplepay.state import StatusChanged, move, record

S = SimplePayTransaction.Status

# Transaction IDs are 9 digits starting with 5, as the doc says of the sandbox.
TRANSACTION_ID_BASE = 500_000_000
# Fraud screening runs after the back redirect: the merchant sees SUCCESS
# first and the IPN a moment later, as at the bank.
SCREENING_SECONDS = 2
# A two-step reservation not finished in 21 calendar days is released.
RESERVATION_DAYS = 21
# Back `r` codes of the events without a card error. The doc only says `r` is
# 0 on success and the error code otherwise; these are its codes for "user
# cancelled the payment" and "transaction timeout".
CANCEL_CODE = 2016
TIMEOUT_CODE = 5016

BACK_EVENT = {
    S.INFRAUD: "SUCCESS",
    S.AUTHORIZED: "SUCCESS",
    S.FINISHED: "SUCCESS",
    S.FRAUD: "SUCCESS",
    S.REVERSED: "SUCCESS",
    S.NOTAUTHORIZED: "FAIL",
    S.CANCELLED: "CANCEL",
    S.TIMEOUT: "TIMEOUT",
}


@dataclass(frozen=True)
class Back:
    event: str
    code: int


def create_payment(
    *,
    merchant: str,
    order_ref: str,
    currency: str,
    total: Decimal,
    two_step: bool,
    timeout_at: datetime | None,
    back_urls: dict[str, str],
    customer_email: str,
    language: str,
    method: str,
    request: dict,
) -> SimplePayTransaction:
    trx = SimplePayTransaction.objects.create(
        merchant=merchant,
        order_ref=order_ref,
        currency=currency,
        total=total,
        two_step=two_step,
        timeout_at=timeout_at,
        back_urls=back_urls,
        customer_email=customer_email,
        language=language,
        method=method,
        request=request,
        token=secrets.token_urlsafe(24),
    )
    _number(trx)
    return trx


def _number(trx: SimplePayTransaction) -> None:
    # Derived from the primary key: unique without a counter row to lock.
    SimplePayTransaction.objects.filter(pk=trx.pk).update(
        transaction_id=TRANSACTION_ID_BASE + trx.pk
    )
    trx.refresh_from_db(fields=["transaction_id"])


def past_deadline(trx: SimplePayTransaction, now: datetime | None = None) -> bool:
    return trx.timeout_at is not None and trx.timeout_at <= (now or timezone.now())


def held(trx: SimplePayTransaction) -> bool:
    card = card_behaviour(trx.card)
    return trx.status == S.INIT and card is not None and card.outcome == Outcome.HOLD


def awaiting_challenge(trx: SimplePayTransaction) -> bool:
    card = card_behaviour(trx.card)
    return trx.status == S.INPAYMENT and card is not None and card.outcome == Outcome.CHALLENGE


def pay_with_card(trx: SimplePayTransaction, card: Card) -> Back | None:
    """Apply what the issuer says to this card. None while nothing is decided
    yet: the timeout card (no answer) and the 3-D Secure card (challenge)."""
    number = card.number if card_behaviour(card.number) else ""
    if card.outcome == Outcome.HOLD:
        SimplePayTransaction.objects.filter(pk=trx.pk, status=S.INIT).update(card=number)
        trx.refresh_from_db(fields=["card"])
        record(trx, "card.held", card=number)
        return None
    move(trx, S.INPAYMENT, note="card submitted", card=number)
    if card.outcome == Outcome.CHALLENGE:
        return None
    if card.outcome == Outcome.DECLINE:
        return decline(trx, card.result_code)
    return authorize(trx)


def answer_challenge(trx: SimplePayTransaction, code: str) -> Back:
    if code == CHALLENGE_PASS:
        return authorize(trx)
    return decline(trx, CHALLENGE_FAILED_CODE)


def authorize(trx: SimplePayTransaction) -> Back:
    from sandbox.simplepay.tasks import complete_screening

    move(trx, S.INFRAUD, note="authorized", result_code=0)
    transaction.on_commit(
        lambda: complete_screening.apply_async((trx.pk,), countdown=SCREENING_SECONDS)
    )
    return Back("SUCCESS", 0)


def decline(trx: SimplePayTransaction, code: int) -> Back:
    move(trx, S.NOTAUTHORIZED, note="declined", result_code=code)
    return Back("FAIL", code)


def cancel(trx: SimplePayTransaction) -> Back:
    move(trx, S.CANCELLED, note="cancelled on the payment page", result_code=CANCEL_CODE)
    return Back("CANCEL", CANCEL_CODE)


def expire(trx: SimplePayTransaction, *, note: str = "timeout passed") -> Back:
    move(trx, S.TIMEOUT, note=note, result_code=TIMEOUT_CODE)
    return Back("TIMEOUT", TIMEOUT_CODE)


def complete_screening(trx: SimplePayTransaction) -> None:
    card = card_behaviour(trx.card)
    if card is not None and card.outcome == Outcome.FRAUD:
        move(trx, S.FRAUD, note="fraud screening refused")
    elif trx.two_step:
        move(trx, S.AUTHORIZED, note="amount reserved")
    else:
        move(trx, S.FINISHED, note="charged", approved_total=trx.total)


def release(trx: SimplePayTransaction, *, note: str) -> None:
    move(trx, S.REVERSED, note=note, approved_total=Decimal("0"))


def settle_due(transactions, now: datetime | None = None) -> int:
    """Apply deadlines that have passed: INIT after `timeout` becomes TIMEOUT,
    a reservation older than 21 days is released. Returns how many moved."""
    now = now or timezone.now()
    moved = 0
    due = transactions.filter(status=S.INIT, timeout_at__lte=now) | transactions.filter(
        status=S.AUTHORIZED, authorized_at__lte=now - timedelta(days=RESERVATION_DAYS)
    )
    for trx in due:
        try:
            with transaction.atomic():
                if trx.status == S.INIT:
                    expire(trx)
                else:
                    release(trx, note="not finished in 21 days")
        except StatusChanged:
            continue
        moved += 1
    return moved


def finish(trx: SimplePayTransaction, approve_total: Decimal) -> None:
    if approve_total == 0:
        release(trx, note="released by finish")
    else:
        move(trx, S.FINISHED, note="captured by finish", approved_total=approve_total)


def charged(trx: SimplePayTransaction) -> Decimal:
    if trx.status != S.FINISHED:
        return Decimal("0")
    return trx.approved_total if trx.approved_total is not None else trx.total


def refunded(trx: SimplePayTransaction) -> Decimal:
    return trx.refunds.aggregate(total=Sum("total"))["total"] or Decimal("0")


def remaining(trx: SimplePayTransaction) -> Decimal:
    return charged(trx) - refunded(trx)


def refund(trx: SimplePayTransaction, amount: Decimal) -> SimplePayTransaction:
    """A refund is a transaction of its own, born REFUND, with an IPN."""
    now = timezone.now()
    child = SimplePayTransaction.objects.create(
        kind=SimplePayTransaction.Kind.REFUND,
        parent=trx,
        merchant=trx.merchant,
        order_ref=trx.order_ref,
        currency=trx.currency,
        method=trx.method,
        language=trx.language,
        status=S.REFUND,
        total=amount,
        created_at=now,
        finished_at=now,
    )
    _number(child)
    record(trx, "refund", refundTransactionId=child.transaction_id, amount=str(amount))
    ipn.queue(child, S.REFUND)
    return child


def resend_ipn(delivery: SimplePayIpnDelivery) -> None:
    """The merchant admin's "send again": a pending delivery is tried now; a
    finished or held one is sent again as a new delivery of the same body."""
    if delivery.state == SimplePayIpnDelivery.State.PENDING:
        SimplePayIpnDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        ipn.schedule(delivery.pk)
        return
    copy = SimplePayIpnDelivery.objects.create(
        transaction=delivery.transaction,
        ipn_status=delivery.ipn_status,
        body=delivery.body,
        manual=True,
        next_attempt_at=timezone.now(),
    )
    record(delivery.transaction, "ipn.resend", status=delivery.ipn_status)
    ipn.schedule(copy.pk)


def back_url(trx: SimplePayTransaction, account: Account) -> str:
    """The merchant URL for the transaction's event, with `r` and `s`."""
    event = BACK_EVENT[trx.status]
    code = 0 if event == "SUCCESS" else (trx.result_code or 0)
    r, s = protocol.back_parameters(
        account.secret_key,
        {"r": code, "t": trx.transaction_id, "e": event, "m": trx.merchant, "o": trx.order_ref},
    )
    parts = urlsplit(trx.back_urls[event])
    query = "&".join(filter(None, [parts.query, urlencode({"r": r, "s": s})]))
    return urlunsplit(parts._replace(query=query))
