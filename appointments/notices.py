"""The e-mails of an appointment, queued in the outbox in the transaction that causes them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from appointments import ics, links
from appointments.models import Booking
from appointments.slots import Slot
from notifications.actions import queue_email

# The date and time of an appointment in each language's own order.
WHEN_FORMAT = {"hu": "Y. F j. (l) H:i", "en": "l j F Y, H:i"}


def when(moment, language: str) -> str:
    with translation.override(language):
        return formats.date_format(
            timezone.localtime(moment), WHEN_FORMAT.get(language, WHEN_FORMAT["hu"])
        )


def _context(booking: Booking) -> dict:
    with translation.override(booking.language):
        service = str(booking.service_label)
    return {
        "name": booking.name,
        "reference": booking.reference,
        "service": service,
        "place": booking.place,
        "when": when(booking.starts_at, booking.language),
        "manage_url": links.manage_url(booking),
    }


def _calendar(booking: Booking, *, cancelled: bool = False) -> list[dict]:
    return [
        {
            "filename": ics.FILENAME,
            "content_type": ics.CONTENT_TYPE,
            "content": ics.calendar_for(booking, cancelled=cancelled),
        }
    ]


def ask_to_confirm(booking: Booking) -> None:
    context = _context(booking)
    context["confirm_url"] = links.confirm_url(booking)
    context["minutes"] = settings.APPOINTMENT_CONFIRMATION_MINUTES
    queue_email(booking.email, "appointment_confirm", context, language=booking.language)


def confirmed(booking: Booking) -> None:
    queue_email(
        booking.email,
        "appointment_booked",
        _context(booking),
        language=booking.language,
        attachments=_calendar(booking),
    )


def moved(booking: Booking) -> None:
    queue_email(
        booking.email,
        "appointment_moved",
        _context(booking),
        language=booking.language,
        attachments=_calendar(booking),
    )


def cancelled(booking: Booking, *, nearest: list[Slot]) -> None:
    context = _context(booking)
    del context["manage_url"]
    context["by_closure"] = booking.cancelled_by == Booking.CancelledBy.CLOSURE
    context["reason"] = booking.closure.reason if booking.closure_id else ""
    context["nearest"] = [when(slot.starts_at, booking.language) for slot in nearest]
    context["book_url"] = settings.PORTAL_BASE_URL.rstrip("/") + (
        reverse("appointments:book") + f"?service={booking.service}&office={booking.office.code}"
    )
    queue_email(
        booking.email,
        "appointment_cancelled",
        context,
        language=booking.language,
        attachments=_calendar(booking, cancelled=True),
    )


def remind(booking: Booking) -> bool:
    """The reminder of the working day before; once per booking and start time."""
    key = f"appointment-reminder:{booking.pk}:{booking.starts_at.isoformat()}"
    return (
        queue_email(
            booking.email,
            "appointment_reminder",
            _context(booking),
            language=booking.language,
            dedupe_key=key[:150],
            attachments=_calendar(booking),
        )
        is not None
    )
