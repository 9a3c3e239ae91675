"""Booking, confirming, moving and cancelling appointments; arrivals; closures.

No slot is given twice because of one database rule: a unique index on office, desk
group, start and desk over the rows that hold a desk (`one_booking_per_desk_and_time`).
Booking tries the desks of the slot one by one, each insert in its own savepoint; the
database lets exactly one of two concurrent inserts for the same desk through, and the
loser tries the next desk or is told the slot was just taken, with the nearest free
ones. Nothing is locked while the slots are searched.

The limit per person (open bookings per service) is checked under a lock of that
person (a transaction-level advisory lock on PostgreSQL, keyed by the e-mail address),
so that two concurrent requests of one person cannot both pass it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments import notices
from appointments.models import Booking, BusStop, Closure, Office
from appointments.services import Service
from appointments.slots import BOOKING_HORIZON_DAYS, Slot, nearest_free, offers, slot_at

log = logging.getLogger(__name__)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class BookingRefused(Exception):
    """A booking or a move that cannot be made; `message` is shown to the citizen."""

    def __init__(self, message: str, *, nearest: list[Slot] | None = None, field: str = "slot"):
        super().__init__(message)
        self.message = message
        self.nearest = nearest or []
        self.field = field


@dataclass(frozen=True)
class Booker:
    """Who books: a logged-in user, or a name and an e-mail address to confirm."""

    name: str
    email: str
    language: str
    user: object | None = None

    @property
    def lock_key(self) -> str:
        # The address, also for a logged-in citizen: their bookings made without
        # login, under the same address, count towards the same limit.
        return f"email:{self.email.strip().lower()}"


def _lock_person(key: str) -> None:
    """Serialise the limit check of one person (PostgreSQL; SQLite writes one at a time)."""
    if connection.vendor != "postgresql":
        return
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def _new_reference() -> str:
    return "IP" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def _open_bookings_of(booker: Booker, service: Service, now: datetime):
    rows = Booking.objects.holding(now).filter(service=service.code, starts_at__gt=now)
    same_address = Q(user__isnull=True, email__iexact=booker.email.strip())
    if booker.user is not None:
        return rows.filter(Q(user=booker.user) | same_address)
    return rows.filter(same_address)


def _release_stale_holds(office: Office, group: str, start: datetime, now: datetime) -> None:
    Booking.objects.filter(
        office=office,
        group=group,
        starts_at=start,
        status=Booking.Status.PENDING,
        hold_until__lt=now,
    ).update(status=Booking.Status.EXPIRED)


def _check_slot(
    office: Office, service: Service, start: datetime | None, stop: BusStop | None, now: datetime
) -> Slot:
    if not offers(office, service):
        raise BookingRefused(
            _("%(office)s does not handle this matter. Choose another office.")
            % {"office": office.name},
            field="office",
        )
    if start is None:
        raise BookingRefused(_("Choose a time from the list."))
    if timezone.localdate(start) > timezone.localdate(now) + timedelta(days=BOOKING_HORIZON_DAYS):
        raise BookingRefused(
            _("Appointments can be booked up to %(days)d days ahead. Choose an earlier time.")
            % {"days": BOOKING_HORIZON_DAYS},
            nearest=nearest_free(office, service, around=now, stop=stop, now=now),
        )
    if start <= now:
        raise BookingRefused(
            _("That time has already passed. Choose one of the free times below."),
            nearest=nearest_free(office, service, around=now, stop=stop, now=now),
        )
    slot = slot_at(office, service, start, stop=stop, now=now)
    if slot is None:
        raise BookingRefused(
            _(
                "The office is closed at that time or does not take appointments then. "
                "Choose one of the free times below."
            ),
            nearest=nearest_free(office, service, around=start, stop=stop, now=now),
        )
    return slot


def _taken(office: Office, service: Service, start: datetime, stop, now) -> BookingRefused:
    return BookingRefused(
        _("This time was just taken by someone else. These are the nearest free times."),
        nearest=nearest_free(office, service, around=start, stop=stop, now=now),
    )


def _desks(office: Office, service: Service) -> int:
    return office.desks.filter(group=service.group).values_list("count", flat=True).first() or 0


def book(
    office: Office,
    service: Service,
    start: datetime | None,
    *,
    by: Booker,
    stop: BusStop | None = None,
    now: datetime | None = None,
) -> Booking:
    """Take a desk at `start`, or raise BookingRefused with the nearest free times.

    A logged-in citizen's booking is confirmed at once; an anonymous one waits for the
    e-mailed link and holds its desk for APPOINTMENT_CONFIRMATION_MINUTES meanwhile.
    """
    now = now or timezone.now()
    if stop is not None and stop.bus_id != office.pk:
        raise BookingRefused(_("Choose a stop of this bus."), field="stop")
    slot = _check_slot(office, service, start, stop, now)
    anonymous = by.user is None
    with transaction.atomic():
        _lock_person(by.lock_key)
        limit = settings.APPOINTMENT_LIMIT_PER_SERVICE
        if _open_bookings_of(by, service, now).count() >= limit:
            raise BookingRefused(
                _(
                    "You already have %(count)d open appointments for this matter. Cancel "
                    "one before booking another."
                )
                % {"count": limit},
                field="service",
            )
        _release_stale_holds(office, service.group, slot.starts_at, now)
        booking = _insert(office, service, slot, stop, by, now, anonymous)
        if booking is None:
            raise _taken(office, service, slot.starts_at, stop, now)
        if anonymous:
            notices.ask_to_confirm(booking)
        else:
            notices.confirmed(booking)
    log.info("appointment %s booked at office %s", booking.reference, office.code)
    return booking


def _insert(office, service, slot, stop, by: Booker, now, anonymous) -> Booking | None:
    for desk in range(1, _desks(office, service) + 1):
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    reference=_new_reference(),
                    service=service.code,
                    group=service.group,
                    office=office,
                    stop=stop if stop is not None else None,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    desk=desk,
                    status=Booking.Status.PENDING if anonymous else Booking.Status.BOOKED,
                    hold_until=now + timedelta(minutes=settings.APPOINTMENT_CONFIRMATION_MINUTES)
                    if anonymous
                    else None,
                    confirmed_at=None if anonymous else now,
                    user=by.user,
                    name=by.name[:150],
                    email=by.email.strip(),
                    language=by.language,
                )
        except IntegrityError:
            continue
    return None


class ConfirmationFailed(Exception):
    def __init__(self, message: str, booking: Booking | None = None):
        super().__init__(message)
        self.message = message
        self.booking = booking


def confirm(booking_id: int, link_key: str, *, now: datetime | None = None) -> Booking:
    """Confirm an anonymous booking from its e-mailed link (idempotent)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            # Only the booking's row: the stop is on the nullable side of the join.
            Booking.objects.select_for_update(of=("self",))
            .select_related("office", "stop")
            .filter(pk=booking_id)
            .first()
        )
        if booking is None or not secrets.compare_digest(booking.link_key, link_key):
            raise ConfirmationFailed(_("This confirmation link is not valid."))
        if booking.status == Booking.Status.BOOKED:
            return booking
        late = booking.status != Booking.Status.PENDING or (
            booking.hold_until is not None and booking.hold_until < now
        )
        if late:
            # Committed before the refusal: the desk is free for others from now on.
            Booking.objects.filter(pk=booking.pk, status=Booking.Status.PENDING).update(
                status=Booking.Status.EXPIRED
            )
        else:
            Booking.objects.filter(pk=booking.pk).update(
                status=Booking.Status.BOOKED, confirmed_at=now, hold_until=None
            )
            booking.refresh_from_db()
            notices.confirmed(booking)
    if late:
        raise ConfirmationFailed(
            _(
                "This booking was not confirmed in time, and its time was released. "
                "Please book again."
            ),
            booking,
        )
    log.info("appointment %s confirmed", booking.reference)
    return booking


def move(booking: Booking, start: datetime | None, *, now: datetime | None = None) -> Booking:
    """Move an open booking to another time at the same office (or bus stop of its bus)."""
    now = now or timezone.now()
    service = _service_of(booking)
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if not locked.is_open:
            raise BookingRefused(_("This appointment can no longer be changed."), field="booking")
        stop = None
        if locked.office.is_bus and start is not None:
            local = timezone.localtime(start)
            stop = BusStop.objects.filter(
                bus=locked.office, day=local.date(), starts__lte=local.time(), ends__gt=local.time()
            ).first()
        slot = _check_slot(locked.office, service, start, stop, now)
        if slot.starts_at == locked.starts_at:
            return locked
        _release_stale_holds(locked.office, locked.group, slot.starts_at, now)
        for desk in range(1, _desks(locked.office, service) + 1):
            try:
                with transaction.atomic():
                    Booking.objects.filter(pk=locked.pk).update(
                        starts_at=slot.starts_at,
                        ends_at=slot.ends_at,
                        desk=desk,
                        stop=stop,
                        sequence=F("sequence") + 1,
                    )
                break
            except IntegrityError:
                continue
        else:
            raise _taken(locked.office, service, slot.starts_at, stop, now)
        locked.refresh_from_db()
        notices.moved(locked)
    log.info("appointment %s moved", locked.reference)
    return locked


def _service_of(booking: Booking) -> Service:
    from appointments.services import SERVICES

    return SERVICES[booking.service]


def cancel(
    booking: Booking,
    *,
    by: str = Booking.CancelledBy.CITIZEN,
    closure: Closure | None = None,
    nearest: list[Slot] | None = None,
    now: datetime | None = None,
) -> bool:
    """Cancel a booking that is still to come; False if it already was not open."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Booking.objects.filter(
            pk=booking.pk,
            status__in=[Booking.Status.BOOKED, Booking.Status.PENDING],
        ).update(
            status=Booking.Status.CANCELLED,
            cancelled_at=now,
            cancelled_by=by,
            closure=closure,
            sequence=F("sequence") + 1,
        )
        if not updated:
            return False
        booking.refresh_from_db()
        if booking.confirmed_at is not None:
            notices.cancelled(booking, nearest=nearest or [])
    log.info("appointment %s cancelled (%s)", booking.reference, by)
    return True


def mark(booking: Booking, status: str) -> bool:
    """A clerk records an arrival or a no-show of a confirmed appointment."""
    if status not in (Booking.Status.ARRIVED, Booking.Status.NO_SHOW):
        raise ValueError(status)
    return bool(
        Booking.objects.filter(
            pk=booking.pk,
            status__in=[Booking.Status.BOOKED, Booking.Status.ARRIVED, Booking.Status.NO_SHOW],
        ).update(status=status)
    )


def apply_closure(closure: Closure, *, now: datetime | None = None) -> int:
    """Cancel the bookings a new or widened closure covers, offering the nearest free times.

    Called after the closure and its designated offices are saved. Returns how many
    bookings were cancelled.
    """
    from appointments.services import SERVICES

    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    first = datetime.combine(closure.first_day, datetime.min.time(), tzinfo=tz)
    last = datetime.combine(closure.last_day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    affected = Booking.objects.filter(
        status__in=[Booking.Status.BOOKED, Booking.Status.PENDING],
        starts_at__gte=max(first, now),
        starts_at__lt=last,
    ).select_related("office", "stop")
    if closure.office_id is not None:
        affected = affected.filter(office_id=closure.office_id)
    else:
        affected = affected.exclude(office__in=closure.open_offices.all())
    count = 0
    for booking in affected:
        service = SERVICES[booking.service]
        # Found with the closure already in place, so they fall outside it.
        nearest = nearest_free(booking.office, service, around=booking.starts_at, now=now)
        if cancel(
            booking, by=Booking.CancelledBy.CLOSURE, closure=closure, nearest=nearest, now=now
        ):
            count += 1
    log.info("closure %s cancelled %d appointments", closure.pk, count)
    return count


def expire_unconfirmed(now: datetime | None = None) -> int:
    now = now or timezone.now()
    return Booking.objects.filter(status=Booking.Status.PENDING, hold_until__lt=now).update(
        status=Booking.Status.EXPIRED
    )
