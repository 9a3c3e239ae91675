"""The payment state graph: the only place where a payment's state is written.

Providers report what they learnt (an IPN, a query answer, a refund answer)
as a target state with an event id; `apply_state()` locks the payment row,
refuses an event it has already recorded, refuses a move the table below does
not allow, writes the new state with a `PaymentEvent` and schedules the effects
for after the commit.

The table is monotonic: once money is taken (`succeeded`), a late failure,
cancellation or timeout report is refused. The other final states are not
quite final: SimplePay may report `FINISHED` for a transaction it reported as
failed before (the customer retried on the payment page, or the closing report
was out of order), and money that was taken must be recorded, so a success is
accepted after any of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from payments.models import Payment, PaymentEvent

log = logging.getLogger(__name__)

# The reconciliation schedule (see `payments.tasks`): first look five minutes
# after the start, every ten minutes until the payment is three hours old,
# then once a day until it is final.
FIRST_CHECK_AFTER = timedelta(minutes=5)
SHORT_CADENCE = timedelta(minutes=10)
SHORT_WINDOW = timedelta(hours=3)
LONG_CADENCE = timedelta(days=1)
# The event id that marks a payment whose `start` got no answer we can trust
# (a timeout, a 5xx): it waits in `created` until the provider is asked (ADR 0033).
START_UNCERTAIN = "start:uncertain"


class PaymentState(models.TextChoices):
    CREATED = "created", _("Created")
    STARTED = "started", _("Started at the provider")
    IN_PAYMENT = "in_payment", _("Payment in progress")
    AUTHORIZED = "authorized", _("Authorized")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    TIMED_OUT = "timed_out", _("Timed out")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")

    @classmethod
    def in_flight(cls) -> frozenset[PaymentState]:
        """The provider may still move these: the reconciliation job polls them."""
        return frozenset({cls.CREATED, cls.STARTED, cls.IN_PAYMENT, cls.AUTHORIZED})

    @classmethod
    def unsuccessful(cls) -> frozenset[PaymentState]:
        """No money was taken; the citizen may start a new payment."""
        return frozenset({cls.FAILED, cls.CANCELLED, cls.TIMED_OUT})

    @classmethod
    def paid(cls) -> frozenset[PaymentState]:
        """Money was taken (some of it may have been given back since)."""
        return frozenset({cls.SUCCEEDED, cls.PARTIALLY_REFUNDED, cls.REFUNDED})


P = PaymentState

# Every allowed move, literally. A move not listed here is refused.
TRANSITIONS: dict[PaymentState, frozenset[PaymentState]] = {
    # A refused or unanswered `start` fails the payment before it began.
    P.CREATED: frozenset({P.STARTED, P.FAILED}),
    P.STARTED: frozenset(
        {P.IN_PAYMENT, P.AUTHORIZED, P.SUCCEEDED, P.FAILED, P.CANCELLED, P.TIMED_OUT}
    ),
    # SimplePay's TIMEOUT happens only in INIT (before the customer pressed
    # "Fizetek"); from here on the payment ends in success, failure or cancel.
    P.IN_PAYMENT: frozenset({P.AUTHORIZED, P.SUCCEEDED, P.FAILED, P.CANCELLED}),
    # FRAUD after authorization fails it; a released reservation cancels it.
    P.AUTHORIZED: frozenset({P.SUCCEEDED, P.FAILED, P.CANCELLED}),
    P.SUCCEEDED: frozenset({P.PARTIALLY_REFUNDED, P.REFUNDED}),
    P.PARTIALLY_REFUNDED: frozenset({P.REFUNDED}),
    # Money taken after an earlier failure report is still money taken.
    P.FAILED: frozenset({P.SUCCEEDED}),
    P.CANCELLED: frozenset({P.SUCCEEDED}),
    P.TIMED_OUT: frozenset({P.SUCCEEDED}),
    P.REFUNDED: frozenset(),
}

# What the citizen reads about a payment.
CITIZEN_STATE_TEXT: dict[PaymentState, Any] = {
    P.CREATED: pgettext_lazy("payment state", "Not started yet"),
    P.STARTED: pgettext_lazy("payment state", "Waiting for the bank's confirmation"),
    P.IN_PAYMENT: pgettext_lazy("payment state", "Waiting for the bank's confirmation"),
    P.AUTHORIZED: pgettext_lazy("payment state", "Waiting for the bank's confirmation"),
    P.SUCCEEDED: pgettext_lazy("payment state", "Paid"),
    P.FAILED: pgettext_lazy("payment state", "The payment did not go through"),
    P.CANCELLED: pgettext_lazy("payment state", "The payment was cancelled"),
    P.TIMED_OUT: pgettext_lazy("payment state", "The time to start the payment ran out"),
    P.PARTIALLY_REFUNDED: pgettext_lazy("payment state", "Paid, partly refunded"),
    P.REFUNDED: pgettext_lazy("payment state", "Refunded"),
}


class DuplicateEvent(Exception):
    """This provider event was recorded before; nothing changed."""

    def __init__(self, payment: Payment, event_id: str) -> None:
        self.payment, self.event_id = payment, event_id
        super().__init__(f"{payment.order_ref}: event {event_id} already recorded")


class StateChangeRefused(Exception):
    """The graph does not allow the move (e.g. a late failure after success)."""

    def __init__(self, payment: Payment, to: PaymentState) -> None:
        self.payment, self.to = payment, to
        super().__init__(f"{payment.order_ref}: {payment.state} -> {to} is not allowed")


@dataclass(frozen=True)
class Applied:
    event: PaymentEvent
    changed: bool  # False: the event was recorded, the state was already `to`


def citizen_state_text(state: str) -> str:
    return str(CITIZEN_STATE_TEXT[PaymentState(state)])


def allowed_moves(state: str) -> frozenset[PaymentState]:
    return TRANSITIONS[PaymentState(state)]


def apply_state(
    payment: Payment,
    to: PaymentState | str | None,
    *,
    event_id: str,
    kind: str,
    payload: dict | None = None,
    transaction_id: str = "",
    note: str = "",
    by=None,
) -> Applied:
    """Move `payment` to `to` on the strength of one provider event.

    Raises `DuplicateEvent` when `event_id` was recorded for this payment
    before and `StateChangeRefused` when the graph forbids the move; both
    leave the database untouched. Reaching the state the payment already has
    records the event without a change (the IPN after a query found it), and
    so does `to=None` (a report that moves nothing, e.g. a refund notice).
    The caller's `payment` object is refreshed with what was written.
    """
    from payments.models import Payment, PaymentEvent

    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        # Under the row lock, an event committed by a concurrent request is visible.
        if PaymentEvent.objects.filter(payment=locked, provider_event_id=event_id).exists():
            raise DuplicateEvent(locked, event_id)
        current = PaymentState(locked.state)
        to = current if to is None else PaymentState(to)
        if to != current and to not in TRANSITIONS[current]:
            raise StateChangeRefused(locked, to)

        now = timezone.now()
        fields = ["updated_at"]
        locked.updated_at = now
        if transaction_id and not locked.provider_transaction_id:
            locked.provider_transaction_id = transaction_id
            fields.append("provider_transaction_id")
        if to != current:
            locked.state = to
            fields.append("state")
            if to in PaymentState.in_flight():
                if locked.next_check_at is None:
                    locked.next_check_at = now + FIRST_CHECK_AFTER
                    fields.append("next_check_at")
            else:
                # Nothing left to poll for: the job never looks at it again.
                locked.next_check_at = None
                fields.append("next_check_at")
            if to in PaymentState.paid() and locked.paid_at is None:
                locked.paid_at = now
                fields.append("paid_at")
            if to not in PaymentState.in_flight() and locked.finished_at is None:
                locked.finished_at = now
                fields.append("finished_at")
        locked.save(update_fields=fields)
        try:
            with transaction.atomic():
                event = PaymentEvent.objects.create(
                    payment=locked,
                    provider_event_id=event_id,
                    kind=kind,
                    from_state=current,
                    to_state=to if to != current else "",
                    payload=payload or {},
                    note=note,
                    received_at=now,
                )
        except IntegrityError:
            # Only reachable without a row lock (a database that ignores
            # FOR UPDATE); the unique constraint is the last guard.
            raise DuplicateEvent(locked, event_id) from None
        if to != current:
            _record_on_case(locked, current, to, by=by)
            _schedule_effects(locked, to)

    for field in fields:
        setattr(payment, field, getattr(locked, field))
    return Applied(event=event, changed=to != current)


def next_check_after(payment: Payment, now: datetime) -> datetime:
    """When to ask the provider again about a payment still in flight."""
    age = now - payment.created_at
    return now + (SHORT_CADENCE if age < SHORT_WINDOW else LONG_CADENCE)


_CASE_EVENT = {
    P.SUCCEEDED: "payment.received",
    P.FAILED: "payment.failed",
    P.CANCELLED: "payment.cancelled",
    P.TIMED_OUT: "payment.timed_out",
    # Refunds are recorded by `actions.complete_refund`, with amount and reason.
}


def _record_on_case(payment: Payment, current: PaymentState, to: PaymentState, *, by) -> None:
    from cases.actions import record_event

    kind = _CASE_EVENT.get(to)
    if kind is None:
        return
    note = f"{payment.order_ref}: {payment.amount} {payment.currency}"
    if current in PaymentState.unsuccessful() and to == P.SUCCEEDED:
        note += " (" + str(_("confirmed after an earlier unsuccessful report")) + ")"
    record_event(payment.case, kind, by=by, note=note)


def _schedule_effects(payment: Payment, to: PaymentState) -> None:
    from payments import tasks

    payment_id = payment.pk
    if to == P.SUCCEEDED:
        # robust: a broker hiccup must not turn a committed IPN into a 500
        # (SimplePay would resend it and get "already recorded"); the
        # reconciliation job sweeps up paid cases whose effect never ran.
        transaction.on_commit(lambda: tasks.payment_succeeded.delay(payment_id), robust=True)
    log.info("payment %s (case %s) -> %s", payment.order_ref, payment.case_id, to)
