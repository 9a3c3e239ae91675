"""Concurrent bookings on PostgreSQL: no desk is ever given twice, no limit passed twice."""

from __future__ import annotations

import itertools
import threading

import pytest

from appointments import actions
from appointments.actions import Booker, BookingRefused
from appointments.models import Booking
from tests.appointments.conftest import ID_CARD, NOW, TUESDAY, at
from tests.concurrency import in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgres"),
]


def _attempt(office, start, booker):
    try:
        return actions.book(office, ID_CARD, start, by=booker, now=NOW).desk
    except BookingRefused as refused:
        return refused


def test_many_people_on_one_slot_get_its_desks_once_each(office):
    # Two desks, twenty people at the same instant: two bookings, eighteen clear refusals
    # with the nearest free times, and the desks 1 and 2 each given once.
    numbers = itertools.count()
    lock = threading.Lock()

    def work():
        with lock:
            n = next(numbers)
        return _attempt(office, at(TUESDAY, 9), Booker(f"Ügyfél {n}", f"u{n}@example.hu", "hu"))

    results, errors = in_threads(20, work)
    assert errors == []
    desks = sorted(r for r in results if isinstance(r, int))
    refusals = [r for r in results if isinstance(r, BookingRefused)]
    assert desks == [1, 2]
    assert len(refusals) == 18
    assert all(
        r.nearest and at(TUESDAY, 9) not in {s.starts_at for s in r.nearest} for r in refusals
    )
    live = Booking.objects.exclude(status__in=["cancelled", "expired"])
    assert live.filter(starts_at=at(TUESDAY, 9)).count() == 2


def test_one_person_racing_for_many_slots_gets_only_the_limit(office, settings):
    settings.APPOINTMENT_LIMIT_PER_SERVICE = 2
    hours = iter(range(8, 16))
    lock = threading.Lock()
    me = Booker("Minta Anna", "anna@example.hu", "hu")

    def work():
        with lock:
            hour = next(hours)
        return _attempt(office, at(TUESDAY, hour), me)

    results, errors = in_threads(8, work)
    assert errors == []
    assert len([r for r in results if isinstance(r, int)]) == 2
    assert Booking.objects.filter(email="anna@example.hu").count() == 2


def test_moves_racing_for_one_free_desk_leave_one_winner(office):
    # One desk left at 14:00; four booked citizens try to move there at once.
    actions.book(office, ID_CARD, at(TUESDAY, 14), by=Booker("A", "a@example.hu", "hu"), now=NOW)
    movers = [
        actions.book(
            office, ID_CARD, at(TUESDAY, 9 + i), by=Booker("B", f"b{i}@example.hu", "hu"), now=NOW
        )
        for i in range(4)
    ]
    for booking in movers:
        actions.confirm(booking.pk, booking.link_key, now=NOW)
    queue = iter(movers)
    lock = threading.Lock()

    def work():
        with lock:
            booking = next(queue)
        try:
            actions.move(booking, at(TUESDAY, 14), now=NOW)
            return True
        except BookingRefused:
            return False

    results, errors = in_threads(4, work)
    assert errors == []
    assert results.count(True) == 1
    live = Booking.objects.exclude(status__in=["cancelled", "expired"])
    assert sorted(live.filter(starts_at=at(TUESDAY, 14)).values_list("desk", flat=True)) == [1, 2]
