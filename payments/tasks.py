"""Payment jobs: the effect of a success, and reconciliation with providers.

Both are safe to run twice and to run concurrently: the effect checks the
case's status under a row lock, the reconciliation claims each payment with
a conditional UPDATE of `next_check_at` before asking about it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from cases.pdf import DocumentInProgress
from cases.workflow import Status
from payments import actions, providers
from payments.models import Payment, Refund
from payments.providers.base import ProviderError
from payments.workflow import PaymentState

log = logging.getLogger(__name__)

# At most this many payments per run: four SimplePay queries of 50.
BATCH = 200
# A claimed payment whose worker died is looked at again after this long.
CLAIM_LEASE = timedelta(minutes=10)


@shared_task(acks_late=True)
def payment_succeeded(payment_id: int) -> str:
    """Run the case type's flow after a payment succeeded (see
    `actions.on_payment_succeeded`); a no-op once the case moved on."""
    payment = Payment.objects.select_related("case").get(pk=payment_id)
    outcome = actions.on_payment_succeeded(payment)
    log.info("payment %s: case %s", payment.order_ref, outcome)
    return outcome


@shared_task(acks_late=True)
def reconcile_payments() -> dict[str, int]:
    """Ask the providers about payments stuck in flight, when their
    `next_check_at` is due; settle refunds without an answer; submit paid
    cases whose effect never ran."""
    now = timezone.now()
    due = list(
        Payment.objects.due_for_check(now)
        .order_by("next_check_at")
        .values_list("pk", "next_check_at")[:BATCH]
    )
    claimed = [
        pk
        for pk, at in due
        if Payment.objects.filter(pk=pk, next_check_at=at).update(next_check_at=now + CLAIM_LEASE)
    ]
    by_provider: dict[str, list[Payment]] = defaultdict(list)
    for payment in Payment.objects.filter(pk__in=claimed).select_related("case"):
        by_provider[payment.provider].append(payment)

    changed = unreachable = 0
    for slug, payments in by_provider.items():
        try:
            reports = providers.get(slug).query(payments)
        except ProviderError as error:
            log.warning("reconciliation: %s unreachable: %s", slug, error)
            unreachable += len(payments)
            reports = []
        changed += actions.apply_reports_quietly(payments, reports)
        for payment in payments:
            actions.reschedule(payment, now)

    settled = 0
    pending = Payment.objects.filter(refunds__state=Refund.State.PENDING).distinct()
    for payment in pending.iterator(chunk_size=500):
        try:
            settled += actions.settle_pending_refunds(payment)
        except ProviderError as error:
            log.warning("refund check of %s failed: %s", payment.order_ref, error)

    swept = 0
    stranded = (
        Payment.objects.filter(
            state=PaymentState.SUCCEEDED,
            # Give the on-commit effect of a fresh success time to run first.
            paid_at__lte=now - settings.PORTAL_REDELIVER_AFTER,
            case__status=Status.AWAITING_PAYMENT,
        )
        .exclude(events__kind="payment.submission_failed")
        .values_list("pk", flat=True)
    )
    for payment_id in stranded.iterator(chunk_size=2000):
        payment_succeeded.delay(payment_id)
        swept += 1

    return {
        "checked": len(claimed),
        "changed": changed,
        "unreachable": unreachable,
        "refunds_settled": settled,
        "swept": swept,
    }


@shared_task(acks_late=True)
def issue_payment_receipt(payment_id: int) -> int | None:
    """Render the receipt once the payment is booked; a re-run returns the same PDF."""
    from payments.receipts import issue_receipt

    payment = Payment.objects.select_related("case").get(pk=payment_id)
    try:
        document = issue_receipt(payment)
    except DocumentInProgress:
        log.info("receipt of %s is being rendered by another worker", payment.order_ref)
        return None
    return document.pk if document else None


@shared_task(acks_late=True)
def issue_missing_receipts() -> int:
    """Hand out again the receipts whose task was lost (a worker killed while rendering
    one, a broker outage): within about PORTAL_REDELIVER_AFTER + this job's period (30 s)
    of the payment, instead of the broker's visibility timeout. A receipt still being
    rendered by a live worker is left to it (`cases.pdf.DocumentInProgress`)."""
    from payments.receipts import missing_receipts

    lost = timezone.now() - settings.PORTAL_REDELIVER_AFTER
    handed = 0
    for payment_id in missing_receipts(lost).values_list("pk", flat=True)[:500]:
        issue_payment_receipt.delay(payment_id)
        handed += 1
    if handed:
        log.info("redelivered %s receipt task(s)", handed)
    return handed
