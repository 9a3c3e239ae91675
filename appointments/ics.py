"""The iCalendar file (RFC 5545) attached to the appointment e-mails.

One event per booking, with a stable UID: a calendar program updates the event it
already has when a move raises the SEQUENCE, and removes it when a cancellation sends
METHOD:CANCEL.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

from appointments.models import Booking

FILENAME = "idopont.ics"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_for(booking: Booking, *, cancelled: bool = False) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Ugyseged//appointments//HU")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    host = settings.PORTAL_BASE_URL.split("//", 1)[-1].split("/", 1)[0].split(":")[0]
    event.add("uid", f"{booking.reference}@{host or 'ugyseged'}")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    with translation.override(booking.language):
        event.add("summary", f"{booking.service_label} – {booking.office.name}")
        event.add("location", booking.place)
        event.add(
            "description",
            translation.gettext("Appointment %(reference)s. Bring a valid photo ID.")
            % {"reference": booking.reference},
        )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
