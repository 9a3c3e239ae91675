"""The emulator's background work: IPN delivery with the bank's retry
schedule, fraud screening after authorization, and a sweep for deadlines.

Tasks take ids, check state first and are idempotent: a delivery attempt is
claimed with a conditional UPDATE, so a message delivered twice (acks_late,
the sweep) makes one attempt only.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from sandbox.models import SimplePayIpnAttempt, SimplePayIpnDelivery, SimplePayTransaction
from sandbox.simplepay import actions, ipn, protocol
from sandbox.simplepay.accounts import configured_account, find_account
from sandbox.simplepay.state import StatusChanged, TransitionNotAllowed

log = logging.getLogger(__name__)
D = SimplePayIpnDelivery.State


@shared_task(acks_late=True, ignore_result=True)
def deliver_ipn(delivery_pk: int) -> str:
    now = timezone.now()
    claimed = (
        SimplePayIpnDelivery.objects.filter(pk=delivery_pk, state=D.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, next_attempt_at=now + ipn.CLAIM_LEASE)
    )
    if not claimed:
        return "skipped"
    SimplePayIpnDelivery.objects.filter(pk=delivery_pk, first_attempt_at__isnull=True).update(
        first_attempt_at=now
    )
    delivery = SimplePayIpnDelivery.objects.select_related("transaction").get(pk=delivery_pk)
    account = find_account(delivery.transaction.merchant) or configured_account()
    body = delivery.body.encode("utf-8")
    if account is None:
        reply = ipn.Reply(None, None, b"", "the merchant account is no longer configured")
        url = ""
    else:
        url = account.ipn_url
        # The HTTP call runs outside any database transaction: a slow merchant
        # holds no lock.
        reply = ipn.post(url, body, protocol.sign(account.secret_key, body))
    reason = ipn.judge(account.secret_key, json.loads(body), reply) if account else reply.error
    with transaction.atomic():
        return _record_attempt(delivery, now, url, reply, reason)


def _record_attempt(delivery, now, url: str, reply: ipn.Reply, reason: str) -> str:
    SimplePayIpnAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        at=now,
        url=url,
        http_status=reply.status,
        accepted=not reason,
        reason=reason[:300],
        reply=reply.body.decode("utf-8", "replace")[: ipn.REPLY_KEPT_CHARS],
        duration_ms=reply.duration_ms,
    )
    if not reason:
        SimplePayIpnDelivery.objects.filter(pk=delivery.pk).update(
            state=D.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None
        )
        return "delivered"
    log.info(
        "simplepay emulator: IPN %s of %s attempt %s not accepted: %s",
        delivery.ipn_status,
        delivery.transaction.transaction_id,
        delivery.attempts,
        reason,
    )
    due = ipn.next_attempt_at(delivery.first_attempt_at or now, delivery.attempts)
    if due is None:
        SimplePayIpnDelivery.objects.filter(pk=delivery.pk).update(
            state=D.GAVE_UP, next_attempt_at=None
        )
        return "gave_up"
    SimplePayIpnDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=due)
    ipn.schedule(delivery.pk, countdown=max(0.0, (due - timezone.now()).total_seconds()))
    return "retry"


@shared_task(acks_late=True, ignore_result=True)
def complete_screening(transaction_pk: int) -> str:
    trx = SimplePayTransaction.objects.filter(pk=transaction_pk).first()
    if trx is None or trx.status != SimplePayTransaction.Status.INFRAUD:
        return "skipped"
    try:
        with transaction.atomic():
            actions.complete_screening(trx)
    except (StatusChanged, TransitionNotAllowed):
        return "skipped"
    return trx.status


@shared_task(ignore_result=True)
def sweep() -> dict[str, int]:
    """Deadlines that passed with nobody looking, and IPN retries whose
    queued message was lost (or never ran, as with eager tasks)."""
    # Read before settling: IPNs queued by the settling have their own message.
    due = list(
        SimplePayIpnDelivery.objects.filter(
            state=D.PENDING, next_attempt_at__lte=timezone.now()
        ).values_list("pk", flat=True)
    )
    moved = actions.settle_due(SimplePayTransaction.objects.all())
    for pk in due:
        deliver_ipn.delay(pk)
    # Fraud screenings whose completion task was lost (a broker outage): nothing
    # has happened to them for well past the screening time.
    quiet_since = timezone.now() - timedelta(seconds=actions.SCREENING_SECONDS * 5)
    screenings = list(
        SimplePayTransaction.objects.filter(status=SimplePayTransaction.Status.INFRAUD)
        .exclude(events__at__gt=quiet_since)
        .values_list("pk", flat=True)
    )
    for pk in screenings:
        complete_screening.delay(pk)
    return {"moved": moved, "ipn": len(due), "screenings": len(screenings)}
