"""The links of the appointment e-mails: confirming, and managing (move or cancel).

Each carries an opaque token (`portal.tokens`, ADR 0011) naming the booking and its
link key; a booking's links stop working when the key changes. The confirmation link
lasts as long as the unconfirmed booking holds its desk; the managing link until the
appointment, well within its age limit.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from appointments.models import Booking
from portal.tokens import TokenExpired, TokenInvalid, seal, unseal

CONFIRM = "appointments.confirm"
MANAGE = "appointments.manage"
MANAGE_MAX_AGE = timedelta(days=400)


class LinkInvalid(Exception):
    pass


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def confirm_url(booking: Booking) -> str:
    token = seal({"b": booking.pk, "k": booking.link_key}, purpose=CONFIRM)
    return _absolute(reverse("appointments:confirm", args=[token]))


def manage_path(booking: Booking) -> str:
    token = seal({"b": booking.pk, "k": booking.link_key}, purpose=MANAGE)
    return reverse("appointments:manage", args=[token])


def manage_url(booking: Booking) -> str:
    return _absolute(manage_path(booking))


def read(token: str, *, purpose: str) -> tuple[int, str]:
    """(booking id, link key) from a token, or LinkInvalid (damaged, foreign or too old)."""
    max_age = (
        timedelta(minutes=settings.APPOINTMENT_CONFIRMATION_MINUTES)
        if purpose == CONFIRM
        else MANAGE_MAX_AGE
    )
    try:
        value = unseal(token, purpose=purpose, max_age=max_age)
    except (TokenInvalid, TokenExpired):
        raise LinkInvalid from None
    if not isinstance(value, dict) or not isinstance(value.get("b"), int):
        raise LinkInvalid
    return value["b"], str(value.get("k", ""))
