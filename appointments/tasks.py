"""Reminders the working day before an appointment, and releasing unconfirmed holds."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from celery import shared_task
from django.utils import timezone

from appointments import actions, notices
from appointments.models import Booking
from cases.deadlines import load_calendar

log = logging.getLogger(__name__)


def reminder_window(today) -> tuple[datetime, datetime] | None:
    """The appointments to remind of today: after today up to the next working day.

    On a working day that is every appointment until the end of the next working day
    (a Friday reminds of the weekend's bus stops and of Monday); on other days none,
    since their appointments were reminded of on the working day before.
    """
    calendar = load_calendar(today)
    if not calendar.is_working_day(today):
        return None
    next_working = calendar.next_working_day(today + timedelta(days=1))
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz),
        datetime.combine(next_working + timedelta(days=1), time.min, tzinfo=tz),
    )


@shared_task(acks_late=True)
def send_reminders() -> int:
    """Idempotent: each booking and start time is reminded of once (outbox dedupe key)."""
    window = reminder_window(timezone.localdate())
    if window is None:
        return 0
    sent = 0
    due = Booking.objects.filter(
        status=Booking.Status.BOOKED, starts_at__gte=window[0], starts_at__lt=window[1]
    ).select_related("office", "stop")
    for booking in due.iterator():
        if notices.remind(booking):
            sent += 1
    log.info("appointment reminders queued: %d", sent)
    return sent


@shared_task(acks_late=True)
def expire_unconfirmed() -> int:
    return actions.expire_unconfirmed()
