"""Queueing messages. Delivery happens in `notifications.tasks` after commit."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from notifications.models import Notification
from notifications.rendering import render_message


def queue_email(
    recipient: str,
    template: str,
    context: dict,
    *,
    language: str = "hu",
    case=None,
    dedupe_key: str | None = None,
    attachments: list[dict] | None = None,
) -> Notification | None:
    """Write an e-mail into the outbox and deliver it once the transaction commits.

    The subject and body are rendered now, so that a template error fails the
    caller's request instead of a background retry loop. With a `dedupe_key`
    that was used before, nothing is queued and None is returned. `attachments` are
    text files, each {"filename", "content_type", "content"}.
    """
    rendered = render_message(template, language, context)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                channel=Notification.Channel.EMAIL,
                recipient=recipient,
                template=template,
                language=language,
                context=context,
                subject=rendered.subject[:250],
                case=case,
                dedupe_key=dedupe_key,
                attachments=attachments or [],
            )
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    _deliver_on_commit(notification.pk)
    return notification


def queue_sms(
    recipient: str,
    template: str,
    context: dict,
    *,
    language: str = "hu",
    case=None,
    dedupe_key: str | None = None,
) -> Notification:
    notification = Notification.objects.create(
        channel=Notification.Channel.SMS,
        recipient=recipient,
        template=template,
        language=language,
        context=context,
        case=case,
        dedupe_key=dedupe_key,
    )
    _deliver_on_commit(notification.pk)
    return notification


def queue_message(
    channel: str,
    recipient: str,
    template: str,
    context: dict,
    *,
    language: str = "hu",
    case=None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Write a letter, a fax or an official gateway message into the outbox.

    Its text is `templates/emails/<template>/<language>/` (subject and body), rendered
    now like an e-mail's so that a template error fails the caller. With a
    `dedupe_key` that was used before, nothing is queued and None is returned.
    """
    if channel not in (
        Notification.Channel.LETTER,
        Notification.Channel.FAX,
        Notification.Channel.GATEWAY,
    ):
        raise ValueError(f"queue_message does not send {channel!r}; use queue_email or queue_sms")
    rendered = render_message(template, language, context)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                channel=channel,
                recipient=recipient,
                template=template,
                language=language,
                context=context,
                subject=rendered.subject[:250],
                case=case,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    _deliver_on_commit(notification.pk)
    return notification


def _deliver_on_commit(notification_id: int) -> None:
    from notifications.tasks import deliver_notification

    transaction.on_commit(lambda: deliver_notification.delay(notification_id))
