"""Writes on payments: start, apply a provider's report, check, refund.

The functions that talk to a provider (`start_payment`, `check_payment`,
`refund_payment`) commit what they know before the call and write the outcome
after it, so a lost answer leaves a row the reconciliation job can settle.
Call them outside a request-wide transaction (`non_atomic_requests`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases import fees
from cases.actions import record_event, submit_case
from cases.models import Case
from cases.workflow import Status
from payments import providers
from payments.models import Payment, PaymentEvent, Refund, new_order_ref
from payments.providers.base import ProviderError, Report
from payments.workflow import (
    FIRST_CHECK_AFTER,
    START_UNCERTAIN,
    Applied,
    DuplicateEvent,
    PaymentState,
    StateChangeRefused,
    apply_state,
    next_check_after,
)

log = logging.getLogger(__name__)

# After this long in flight the job stops asking and leaves it to a clerk.
GIVE_UP_AFTER = timedelta(days=30)
# A refund SimplePay has no record of this long after it was sent did not happen.
REFUND_SETTLES_AFTER = timedelta(hours=1)


class PaymentNotPossible(Exception):
    """The case cannot be paid now; `message` is for the citizen."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class PaymentInFlight(Exception):
    def __init__(self, payment: Payment) -> None:
        self.payment = payment
        super().__init__(f"{payment.order_ref} is still in flight")


class PaymentNotStarted(Exception):
    """The provider refused or did not answer `start`; the payment has failed."""

    def __init__(self, payment: Payment, error: ProviderError) -> None:
        self.payment, self.error = payment, error
        super().__init__(str(error))


class PaymentInDoubt(Exception):
    """The provider gave no answer we can trust to `start` (a timeout, a 5xx),
    and none yet to the question what became of it. The payment waits in
    `created`; the reconciliation job settles it (ADR 0033)."""

    def __init__(self, payment: Payment, error: ProviderError) -> None:
        self.payment, self.error = payment, error
        super().__init__(str(error))


class RefundRefused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# --- starting ----------------------------------------------------------------


def start_payment(
    case: Case, *, provider: str, by, customer_email: str, language: str = "hu"
) -> Payment:
    """Create a payment for the case's fee and register it at the provider.

    Returns the started payment (its `payment_url` is where the citizen goes).
    Raises `PaymentNotPossible`, `PaymentInFlight` or `PaymentNotStarted`.
    """
    gateway = providers.get(provider)
    quote = fees.quote_for(case)
    if case.status != Status.AWAITING_PAYMENT:
        raise PaymentNotPossible(_("This request is not waiting for a payment."))
    if quote.total_huf <= 0:
        raise PaymentNotPossible(_("There is nothing to pay for this request."))
    if case.payments.filter(state__in=PaymentState.paid()).exists():
        raise PaymentNotPossible(_("This request has already been paid."))
    if case.type.card_only and provider == Payment.Provider.BANK_TRANSFER:
        raise PaymentNotPossible(_("This service can be paid only by card."))

    current = case.payments.in_flight().first()
    if current is not None and start_in_doubt(current):
        settle_doubtful_start(current, asking_for=provider)

    now = timezone.now()
    try:
        with transaction.atomic():
            Case.objects.select_for_update().filter(pk=case.pk).first()
            current = case.payments.in_flight().first()
            if current is not None:
                raise PaymentInFlight(current)
            payment = Payment.objects.create(
                case=case,
                provider=provider,
                amount=quote.total_huf,
                currency=fees.HUF,
                order_ref=new_order_ref(case.reference),
                start_deadline=now + gateway.start_window,
                created_by=by,
                created_at=now,
                updated_at=now,
                # Should the process die during `start`, the job still finds it.
                next_check_at=now + FIRST_CHECK_AFTER,
            )
            PaymentEvent.objects.create(
                payment=payment,
                provider_event_id="created",
                kind="payment.created",
                to_state=PaymentState.CREATED,
                payload={"amount": payment.amount, "currency": payment.currency},
            )
    except IntegrityError:
        # The one-in-flight-per-case constraint: a concurrent click won.
        current = case.payments.in_flight().first()
        if current is None:
            raise
        raise PaymentInFlight(current) from None

    try:
        outcome = gateway.start(payment, customer_email=customer_email, language=language)
    except ProviderError as error:
        log.warning("payment %s not started: %s", payment.order_ref, error)
        Payment.objects.filter(pk=payment.pk).update(last_error=str(error)[:200])
        payload = {"codes": list(error.codes), "retryable": error.retryable}
        if error.uncertain:
            # No answer: the provider may have created the transaction all the
            # same. The payment stays `created` (in flight, polled) with this
            # mark, and nothing starts for the case before it is settled.
            apply_state(
                payment,
                None,
                event_id=START_UNCERTAIN,
                kind="payment.start_uncertain",
                note=str(error)[:300],
                payload=payload,
            )
            raise PaymentInDoubt(payment, error) from error
        apply_state(
            payment,
            PaymentState.FAILED,
            event_id="start:failed",
            kind="payment.start_failed",
            note=str(error)[:300],
            payload=payload,
        )
        raise PaymentNotStarted(payment, error) from error

    with transaction.atomic():
        try:
            apply_state(
                payment,
                PaymentState.STARTED,
                event_id=f"start:{outcome.transaction_id}",
                kind=f"{provider}.start",
                transaction_id=outcome.transaction_id,
                payload={"transactionId": outcome.transaction_id},
            )
        except DuplicateEvent as error:
            log.info("start of %s overtaken: %s", payment.order_ref, error)
        except StateChangeRefused as error:
            # Settled as never started while the answer was on its way (a
            # second click or the job found nothing): its page is not shown,
            # so the transaction can never be paid, and SimplePay times it out.
            log.warning("start of %s answered too late: %s", payment.order_ref, error)
            raise PaymentNotStarted(
                payment,
                ProviderError("start answered after the payment was settled", retryable=True),
            ) from error
        Payment.objects.filter(pk=payment.pk).update(payment_url=outcome.redirect_url)
        payment.payment_url = outcome.redirect_url
    return payment


# --- a start without an answer (ADR 0033) -------------------------------------------


def start_in_doubt(payment: Payment) -> bool:
    """Whether the payment's `start` went unanswered and nobody knows yet
    whether the provider created the transaction."""
    return (
        payment.state == PaymentState.CREATED
        and not payment.payment_url
        and payment.events.filter(provider_event_id=START_UNCERTAIN).exists()
    )


def settle_doubtful_start(payment: Payment, *, asking_for: str) -> None:
    """Before a new payment of the case: find out what became of a start
    that went unanswered, so that the case never has two payable transactions.

    The provider is asked by our order reference. Paid or being paid: that
    payment stands (the caller then refuses a new one). Unknown to it: the
    query marks it failed. Known but never shown to the citizen (SimplePay's
    `INIT`, no payment page of ours): nobody can pay it, since its payment
    page address never left the provider's lost answer; it is set aside as
    cancelled and the provider times it out.

    When the provider cannot be asked, a new card payment would go the same
    way, so `PaymentInDoubt` is raised again; a bank transfer may go ahead,
    since an unanswered start cannot take money without its page.
    """
    try:
        payment = check_payment(payment)
    except ProviderError as error:
        if asking_for == payment.provider:
            raise PaymentInDoubt(payment, error) from error
        log.info("payment %s in doubt, set aside for a %s payment", payment.order_ref, asking_for)
    if payment.state not in (PaymentState.CREATED, PaymentState.STARTED) or payment.payment_url:
        return
    try:
        apply_state(
            payment,
            PaymentState.CANCELLED
            if payment.state == PaymentState.STARTED
            else PaymentState.FAILED,
            event_id="start:set-aside",
            kind="payment.start_set_aside",
            note=_("The payment page of this attempt was never shown; a new payment was started."),
        )
    except (DuplicateEvent, StateChangeRefused) as error:
        log.info("doubtful start of %s settled meanwhile: %s", payment.order_ref, error)


# --- reports from providers ----------------------------------------------------


def apply_report(payment: Payment, report: Report, *, by=None) -> Applied:
    """Apply one provider report through the state graph (may raise
    `DuplicateEvent` or `StateChangeRefused`, which change nothing)."""
    return apply_state(
        payment,
        report.state,
        event_id=report.event_id,
        kind=report.kind,
        payload=report.payload,
        transaction_id=report.transaction_id,
        note=report.note[:300],
        by=by,
    )


def apply_reports_quietly(payments: list[Payment], reports: list[Report]) -> int:
    """Apply what a query found; stale and repeated answers are skipped. Returns
    how many payments changed state."""
    by_ref = {p.order_ref: p for p in payments}
    changed = 0
    for report in reports:
        payment = by_ref.get(report.order_ref)
        if payment is None:
            continue
        try:
            changed += apply_report(payment, report).changed
        except DuplicateEvent:
            pass  # the same answer as last time
        except StateChangeRefused as refused:
            log.info("query answer not applied: %s", refused)
    return changed


def reschedule(payment: Payment, now=None) -> None:
    """Set when the job asks about a payment next, if it is still in flight."""
    now = now or timezone.now()
    payment.refresh_from_db(fields=["state", "created_at"])
    if payment.state not in PaymentState.in_flight():
        return
    if now - payment.created_at > GIVE_UP_AFTER:
        log.error("payment %s still in flight after 30 days; left to a clerk", payment.order_ref)
        next_at = None
    else:
        next_at = next_check_after(payment, now)
    Payment.objects.filter(pk=payment.pk, state__in=PaymentState.in_flight()).update(
        next_check_at=next_at
    )


def check_payment(payment: Payment, *, by=None) -> Payment:
    """Ask the provider now where the payment stands and apply the answer.

    Raises `ProviderError` when the provider cannot be asked; the schedule
    is kept, so the job tries again.
    """
    reports = providers.get(payment.provider).query([payment])
    apply_reports_quietly([payment], reports)
    reschedule(payment)
    payment.refresh_from_db()
    return payment


# --- effects -------------------------------------------------------------------


def on_payment_succeeded(payment: Payment, *, by=None) -> str:
    """What follows a payment: the case type's flow. For now every type is
    submitted (AWAITING_PAYMENT → SUBMITTED, with its on_submit effect).

    Idempotent: a case that is no longer waiting is left alone. When the
    submission itself fails, the case keeps waiting, clerks see why on the
    timeline, and the citizen's page says an official will take it up.
    """
    if payment.state not in PaymentState.paid():
        return "not-paid"
    outcome = "submitted"
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=payment.case_id)
        if case.status != Status.AWAITING_PAYMENT:
            outcome = "not-awaiting"
        else:
            try:
                with transaction.atomic():
                    # No note: the payment has its own line on the timeline, and a
                    # note would reach the citizen's e-mail as an internal code.
                    submit_case(case, by=by)
            except Exception as error:  # any effect of any case type; recorded below
                log.exception("case %s paid but not submitted", case.reference)
                outcome = "failed"
                record_event(
                    case,
                    "payment.submission_failed",
                    note=f"{payment.order_ref}: {type(error).__name__}: {error}"[:500],
                    public=False,
                )
                PaymentEvent.objects.get_or_create(
                    payment=payment,
                    provider_event_id="submission-failed",
                    defaults={"kind": "payment.submission_failed", "note": type(error).__name__},
                )
    # After the submission's commit: a mail problem must not undo it.
    _email_applicant(payment, case, "payment_received", f"payment-received-{payment.pk}")
    from payments.tasks import issue_payment_receipt

    payment_id = payment.pk
    transaction.on_commit(lambda: issue_payment_receipt.delay(payment_id))
    return outcome


def _email_applicant(payment: Payment, case: Case, template: str, dedupe_key: str, **extra) -> None:
    from notifications.actions import queue_email

    applicant = case.applicant
    if applicant is None or not applicant.email:
        return
    language = applicant.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "reference": case.reference,
            "case_type": str(case.type.label),
            "amount": payment.amount,
            "currency": payment.currency,
            "order_ref": payment.order_ref,
            "transaction_id": payment.provider_transaction_id,
            "url": settings.PORTAL_BASE_URL.rstrip("/") + case.get_absolute_url(),
            **extra,
        }
    queue_email(
        applicant.email, template, context, language=language, case=case, dedupe_key=dedupe_key
    )


# --- refunds -----------------------------------------------------------------


def refund_payment(payment: Payment, *, amount: int, reason: str, by) -> Refund:
    """Give back `amount` of a paid payment, on a clerk's decision with a reason.

    Returns the refund: `succeeded`, `failed` (the provider refused; nothing
    happened) or `pending` (no trustworthy answer: the job asks the provider
    whether it happened; no further refund can start meanwhile).
    """
    reason = reason.strip()
    if not reason:
        raise RefundRefused(_("Give the reason for the refund."))
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.state not in (PaymentState.SUCCEEDED, PaymentState.PARTIALLY_REFUNDED):
            raise RefundRefused(_("Only a paid payment can be refunded."))
        if locked.refunds.filter(state__in=[Refund.State.REQUESTED, Refund.State.PENDING]).exists():
            raise RefundRefused(_("A refund of this payment is still being processed."))
        refundable = locked.refundable_amount()
        if not isinstance(amount, int) or amount <= 0 or amount > refundable:
            raise RefundRefused(
                _("The amount must be a whole number between 1 and %(max)d.") % {"max": refundable}
            )
        refund = Refund.objects.create(payment=locked, amount=amount, reason=reason, by=by)
    # Committed: the request is on record before any money moves.

    try:
        outcome = providers.get(payment.provider).refund(refund)
    except ProviderError as error:
        now = timezone.now()
        if error.uncertain:
            Refund.objects.filter(pk=refund.pk, state=Refund.State.REQUESTED).update(
                state=Refund.State.PENDING, error=str(error)[:200]
            )
        else:
            Refund.objects.filter(pk=refund.pk, state=Refund.State.REQUESTED).update(
                state=Refund.State.FAILED, error=str(error)[:200], completed_at=now
            )
        log.warning("refund %s of %s: %s", refund.pk, payment.order_ref, error)
        refund.refresh_from_db()
        return refund
    complete_refund(refund, outcome.provider_refund_id, by=by)
    refund.refresh_from_db()
    return refund


def complete_refund(refund: Refund, provider_refund_id: str, *, by=None) -> bool:
    """Record a refund the provider made: the refund row, the payment's state,
    the case timeline and the citizen's e-mail. Runs once per refund."""
    with transaction.atomic():
        claimed = Refund.objects.filter(
            pk=refund.pk, state__in=[Refund.State.REQUESTED, Refund.State.PENDING]
        ).update(
            state=Refund.State.SUCCEEDED,
            provider_refund_id=provider_refund_id,
            completed_at=timezone.now(),
            error="",
        )
        if not claimed:
            return False
        payment = Payment.objects.select_related("case").get(pk=refund.payment_id)
        refunded = sum(
            Refund.objects.filter(payment=payment, state=Refund.State.SUCCEEDED).values_list(
                "amount", flat=True
            )
        )
        to = (
            PaymentState.REFUNDED if refunded >= payment.amount else PaymentState.PARTIALLY_REFUNDED
        )
        apply_state(
            payment,
            to,
            event_id=f"refund:{provider_refund_id or refund.pk}",
            kind="payment.refund",
            payload={"refund": refund.pk, "amount": refund.amount, "id": provider_refund_id},
            by=by,
        )
        record_event(
            payment.case,
            "payment.refunded",
            by=by,
            note=f"{refund.amount} {payment.currency}: {refund.reason}"[:500],
        )
        _email_applicant(
            payment,
            payment.case,
            "payment_refunded",
            f"payment-refund-{refund.pk}",
            refund_amount=refund.amount,
            reason=refund.reason,
        )
    return True


def settle_pending_refunds(payment: Payment) -> int:
    """Find out whether refunds without a trustworthy answer happened."""
    pending = list(payment.refunds.filter(state=Refund.State.PENDING))
    if not pending:
        return 0
    provider = providers.get(payment.provider)
    made = provider.refunds_made(payment)
    known = set(
        payment.refunds.filter(state=Refund.State.SUCCEEDED).values_list(
            "provider_refund_id", flat=True
        )
    )
    unmatched = [(ref_id, amount) for ref_id, amount in made if ref_id not in known]
    settled = 0
    for refund in pending:
        match = next((m for m in unmatched if m[1] == refund.amount), None)
        if match is not None:
            unmatched.remove(match)
            settled += complete_refund(refund, match[0])
        elif timezone.now() - refund.created_at > REFUND_SETTLES_AFTER:
            settled += Refund.objects.filter(pk=refund.pk, state=Refund.State.PENDING).update(
                state=Refund.State.FAILED,
                error=_("The provider has no record of this refund."),
                completed_at=timezone.now(),
            )
    return settled
