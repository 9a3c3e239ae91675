"""Delivery of queued notifications, with retries and a sweeper for stalled rows."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from notifications import channels
from notifications.models import Notification
from notifications.rendering import render_message, render_sms
from portal import leases

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A row claimed this long ago by a worker that never finished is given to another
# (longer than a task may run: CELERY_TASK_TIME_LIMIT) where the database keeps no
# leases; on PostgreSQL as soon as its worker is gone (`portal.leases`), after
# settings.PORTAL_REDELIVER_AFTER. A row still queued is handed out again after
# settings.PORTAL_REDELIVER_AFTER: its task was lost with the broker or never reached
# it; a second task for it finds it claimed and does nothing.
STALL_AFTER = timedelta(minutes=10)


def _backoff(attempt: int) -> int:
    return min(60 * 2 ** (attempt - 1), 3600)  # 1, 2, 4 … minutes, at most an hour


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS)
def deliver_notification(self, notification_id: int) -> str:
    # The row's lease is held from before the claim until the outcome is written: a
    # worker killed in between loses it with its database connection, which tells the
    # sweeper below that the row is abandoned (no need to wait STALL_AFTER).
    with leases.hold(_lease(notification_id)) as mine:
        if not mine:
            return "skipped"
        return _deliver(self, notification_id)


def _lease(notification_id: int) -> str:
    return f"notification:{notification_id}"


def _deliver(task, notification_id: int) -> str:
    # Claim the row with a conditional UPDATE: of two workers handed the same
    # message only one gets it, and a sent message is never sent again.
    claimed = Notification.objects.filter(
        pk=notification_id, state=Notification.State.QUEUED
    ).update(
        state=Notification.State.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    try:
        _send(notification)
    except Exception as exc:  # any delivery failure is retried, then recorded
        final = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            state=Notification.State.FAILED if final else Notification.State.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            next_attempt_at=None
            if final
            else timezone.now() + timedelta(seconds=_backoff(notification.attempts)),
        )
        log.warning(
            "notification %s attempt %s failed: %s",
            notification.pk,
            notification.attempts,
            type(exc).__name__,
        )
        if final:
            return "failed"
        raise task.retry(exc=exc, countdown=_backoff(notification.attempts)) from exc
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def _send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.SMS:
        text = render_sms(notification.template, notification.language, notification.context)
        import_string(settings.PORTAL_SMS_BACKEND)(notification.recipient, text)
        return
    rendered = render_message(notification.template, notification.language, notification.context)
    if notification.channel == Notification.Channel.GATEWAY:
        channels.post_to_gateway(
            notification.recipient,
            rendered.subject,
            rendered.text,
            notification.context,
            message_id=f"notification-{notification.pk}",
        )
        return
    if notification.channel in (Notification.Channel.LETTER, Notification.Channel.FAX):
        setting = (
            settings.PORTAL_LETTER_BACKEND
            if notification.channel == Notification.Channel.LETTER
            else settings.PORTAL_FAX_BACKEND
        )
        import_string(setting)(notification.recipient, rendered.subject, rendered.text)
        return
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[notification.recipient],
        headers={"X-Portal-Notification": str(notification.pk)},
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    for attachment in notification.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
    message.send()


@shared_task(acks_late=True)
def requeue_stalled_notifications() -> int:
    """Hand again to the workers what a lost task or a dead worker left behind.

    A row a worker claimed and never finished is handed out again as soon as that
    worker is known to be gone (its lease was released with its database connection),
    at the latest STALL_AFTER after the claim (databases without leases)."""
    now = timezone.now()
    lost = now - settings.PORTAL_REDELIVER_AFTER
    queued = Notification.objects.filter(
        Q(next_attempt_at__isnull=True, created_at__lt=lost) | Q(next_attempt_at__lt=lost),
        state=Notification.State.QUEUED,
    )
    ids = list(queued.values_list("pk", flat=True)[:500])
    claims = Notification.objects.filter(state=Notification.State.SENDING, claimed_at__lt=lost)
    for pk, claimed_at in claims.values_list("pk", "claimed_at")[:500]:
        with leases.hold(_lease(pk)) as mine:
            # Holding the lease, no worker is sending the row: it is safe to hand out.
            abandoned = mine and (leases.supported() or claimed_at < now - STALL_AFTER)
            if abandoned and Notification.objects.filter(
                pk=pk, state=Notification.State.SENDING
            ).update(state=Notification.State.QUEUED):
                ids.append(pk)
    for pk in ids:
        deliver_notification.delay(pk)
    return len(ids)
