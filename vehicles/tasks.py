"""Background jobs of the vehicle services.

Once a day: the citizens who asked for it are e-mailed a few days before their
withdrawal from traffic ends (the Webes Ügysegéd service description: an optional
automatic notice before the withdrawal ends, so that they can extend it in time).
Each reminder is claimed by a conditional UPDATE of `reminder_sent_at` and the
e-mail carries an outbox dedupe key, so a rerun, or two workers at once, send
nothing twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from vehicles.models import Withdrawal
from vehicles.temporary_withdrawal import REMINDER_DAYS_BEFORE_END

log = logging.getLogger(__name__)

REMINDER_TEMPLATE = "vehicle_withdrawal_ending"


def ending_soon(today):
    """Requests whose period ends within the reminder window and was not
    extended or ended early, with no reminder sent yet."""
    extended = Withdrawal.objects.filter(period__isnull=False, extends__isnull=False).values(
        "extends"
    )
    return (
        Withdrawal.objects.filter(
            remind_before_end=True,
            reminder_sent_at__isnull=True,
            period__isnull=False,
            period__ended_early_on__isnull=True,
            period__ends_on__gte=today,
            period__ends_on__lte=today + timedelta(days=REMINDER_DAYS_BEFORE_END),
        )
        .exclude(period__in=extended)
        .select_related("case__applicant", "period", "vehicle")
    )


def _remind(request: Withdrawal, now) -> bool:
    from notifications.actions import queue_email

    case = request.case
    with transaction.atomic():
        claimed = Withdrawal.objects.filter(pk=request.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        applicant = case.applicant
        if not claimed or applicant is None or not applicant.email:
            return False
        language = applicant.preferred_language or settings.LANGUAGE_CODE
        base = settings.PORTAL_BASE_URL.rstrip("/")
        with translation.override(language):
            context = {
                "reference": case.reference,
                "plate": request.vehicle.plate,
                "ends_on": request.period.ends_on.strftime("%Y. %m. %d."),
                "url": base + case.get_absolute_url(),
                "extend_url": base + reverse("flow:start", args=["vehicles.temporary_withdrawal"]),
            }
        queued = queue_email(
            applicant.email,
            REMINDER_TEMPLATE,
            context,
            language=language,
            case=case,
            dedupe_key=f"withdrawal-ending-{request.pk}",
        )
    return queued is not None


@shared_task(acks_late=True)
def remind_withdrawals_ending() -> int:
    now = timezone.now()
    due = ending_soon(timezone.localdate(now))
    # Streamed: a reminder window of a national register holds thousands of requests.
    sent = sum(_remind(request, now) for request in due.iterator(chunk_size=2000))
    if sent:
        log.info("withdrawals ending: %d reminded", sent)
    return sent
