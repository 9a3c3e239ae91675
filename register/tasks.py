"""Background jobs of the register's services, once a day, idempotent.

- Notification addresses: a month before one lapses (two years after it was last
  declared) the citizen is e-mailed so that they can renew it; on the day it lapses
  it is deleted from the register and the citizen told.
- Alert packages: a month before a package's year ends the holder is e-mailed to
  renew it; a package ends when its year is over, when its holder is no longer the
  address holder of the property (the right ended), or when the holder died.

Each reminder is claimed by a conditional UPDATE and carries an outbox dedupe key,
so a rerun, or two workers at once, send nothing twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from notifications.actions import queue_email
from register import actions, notification_address
from register.models import AlertPackage, NotificationAddress

log = logging.getLogger(__name__)

RENEWAL_REMINDER_DAYS = 30
# Rows fetched at a time: the jobs stream their rows and never hold them all (a
# national register has millions of notification addresses).
CHUNK = 2000


def _user_of(person):
    return getattr(person, "user", None)


def _mail(person, template: str, context: dict, *, dedupe_key: str) -> bool:
    user = _user_of(person)
    if user is None or not user.email:
        return False
    language = user.preferred_language or settings.LANGUAGE_CODE
    base = settings.PORTAL_BASE_URL.rstrip("/")
    with translation.override(language):
        context = {**context, "base": base}
    return (
        queue_email(user.email, template, context, language=language, dedupe_key=dedupe_key)
        is not None
    )


def _start_url(slug: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("flow:start", args=[slug])


def remind_notification_addresses(today) -> int:
    sent = 0
    due = notification_address.due_for_reminder(today).select_related("person__user", "address")
    for item in due.iterator(chunk_size=CHUNK):
        with transaction.atomic():
            claimed = NotificationAddress.objects.filter(
                pk=item.pk, lapse_reminded_on__isnull=True
            ).update(lapse_reminded_on=today)
            if claimed:
                sent += _mail(
                    item.person,
                    "register_notification_address_lapsing",
                    {
                        "address": str(item.address),
                        "lapses_on": item.lapses_on.strftime("%Y. %m. %d."),
                        "url": _start_url("register.notification_address"),
                    },
                    dedupe_key=f"notification-address-lapsing-{item.pk}-{item.lapses_on}",
                )
    return sent


def delete_lapsed_notification_addresses(today) -> int:
    deleted = 0
    lapsed = NotificationAddress.objects.filter(
        ended_on__isnull=True, lapses_on__lte=today
    ).select_related("person__user", "address")
    for item in lapsed.iterator(chunk_size=CHUNK):
        with transaction.atomic():
            locked = NotificationAddress.objects.select_for_update().get(pk=item.pk)
            if locked.ended_on is not None or locked.lapses_on > today:
                continue
            notification_address.end(locked, today)
            deleted += 1
            _mail(
                item.person,
                "register_notification_address_deleted",
                {"address": str(item.address), "url": _start_url("register.notification_address")},
                dedupe_key=f"notification-address-deleted-{item.pk}",
            )
    return deleted


def end_packages(today) -> int:
    """End the packages whose year is over, whose right ended or whose holder died."""
    ended = 0
    live = AlertPackage.objects.filter(ended_on__isnull=True)
    reasons = (
        (live.filter(holder__died_on__isnull=False), AlertPackage.Ending.DEATH),
        (live.exclude(property__holder=F("holder")), AlertPackage.Ending.RIGHT_ENDED),
        (live.filter(ends_on__lt=today), AlertPackage.Ending.EXPIRED),
    )
    for queryset, ending in reasons:
        for package in queryset.iterator(chunk_size=CHUNK):
            with transaction.atomic():
                locked = AlertPackage.objects.select_for_update().get(pk=package.pk)
                if locked.ended_on is None:
                    actions.end_package(locked, ending, today)
                    ended += 1
    return ended


def remind_packages(today) -> int:
    sent = 0
    due = AlertPackage.objects.filter(
        ended_on__isnull=True,
        renewal_reminded_on__isnull=True,
        ends_on__gte=today,
        ends_on__lte=today + timedelta(days=RENEWAL_REMINDER_DAYS),
    ).select_related("holder__user", "property")
    for package in due.iterator(chunk_size=CHUNK):
        with transaction.atomic():
            claimed = AlertPackage.objects.filter(
                pk=package.pk, renewal_reminded_on__isnull=True
            ).update(renewal_reminded_on=today)
            if claimed:
                sent += _mail(
                    package.holder,
                    "register_alerts_renewal",
                    {
                        "address": str(package.property),
                        "ends_on": package.ends_on.strftime("%Y. %m. %d."),
                        "url": _start_url("register.notification_address_alerts"),
                    },
                    dedupe_key=f"alert-package-renewal-{package.pk}",
                )
    return sent


@shared_task(acks_late=True)
def daily_register_upkeep() -> dict:
    today = timezone.localdate()
    result = {
        "notification_addresses_reminded": remind_notification_addresses(today),
        "notification_addresses_deleted": delete_lapsed_notification_addresses(today),
        "alert_packages_ended": end_packages(today),
        "alert_packages_reminded": remind_packages(today),
    }
    log.info("register upkeep: %s", result)
    return result
