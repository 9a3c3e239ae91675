from __future__ import annotations

from datetime import date, time, timedelta

from appointments.models import Booking, Closure, OpeningHours
from appointments.slots import candidate_slots, free_slots, nearest_free, parse_slot_key
from tests import factories
from tests.appointments.conftest import ID_CARD, NOW, TUESDAY, at, make_office


def _day(office, day, **kwargs):
    return [s for s in candidate_slots(office, ID_CARD, first_day=day, days=1, now=NOW, **kwargs)]


def test_slots_follow_the_opening_hours_and_the_slot_length(office):
    slots = _day(office, TUESDAY)
    # 08:00–16:00 in 20-minute slots, every one with both desks free.
    assert len(slots) == 24
    assert slots[0].starts_at == at(TUESDAY, 8)
    assert slots[-1].ends_at == at(TUESDAY, 16)
    assert {s.free for s in slots} == {2}


def test_a_lunch_break_splits_the_day(office):
    OpeningHours.objects.filter(office=office, weekday=TUESDAY.weekday()).delete()
    OpeningHours.objects.create(office=office, weekday=1, opens=time(8), closes=time(12))
    OpeningHours.objects.create(office=office, weekday=1, opens=time(13), closes=time(15))
    starts = [s.starts_at for s in _day(office, TUESDAY)]
    assert at(TUESDAY, 11, 40) in starts
    assert at(TUESDAY, 12) not in starts
    assert at(TUESDAY, 13) in starts
    assert len(starts) == 12 + 6


def test_no_slot_on_a_weekend_or_a_public_holiday(office):
    assert _day(office, date(2027, 3, 13)) == []  # Saturday
    assert _day(office, date(2027, 3, 14)) == []  # Sunday
    assert _day(office, date(2027, 3, 15)) == []  # national holiday, a Monday


def test_no_slot_in_the_past_or_beyond_the_horizon(office):
    later = at(TUESDAY, 10, 5)
    starts = [
        s.starts_at for s in candidate_slots(office, ID_CARD, first_day=TUESDAY, days=1, now=later)
    ]
    assert min(starts) == at(TUESDAY, 10, 20)
    far = NOW.date() + timedelta(days=61)
    assert candidate_slots(office, ID_CARD, first_day=far, days=5, now=NOW) == []


def test_a_one_off_closure_closes_its_office_only(office):
    other = make_office("other")
    Closure.objects.create(office=office, first_day=TUESDAY, last_day=TUESDAY, reason="Áramszünet")
    assert _day(office, TUESDAY) == []
    assert len(_day(other, TUESDAY)) == 24


def test_the_year_end_closure_leaves_the_designated_offices_open(office):
    designated = make_office("designated")
    closure = Closure.objects.create(
        kind=Closure.Kind.YEAR_END, first_day=TUESDAY, last_day=TUESDAY + timedelta(days=3)
    )
    closure.open_offices.add(designated)
    assert _day(office, TUESDAY) == []
    assert len(_day(designated, TUESDAY)) == 24


def test_booked_desks_reduce_the_free_count_and_a_full_slot_is_not_free(office):
    start = at(TUESDAY, 9)
    for desk in (1, 2):
        Booking.objects.create(
            reference=f"IPTEST{desk}",
            service="id_card",
            group="documents",
            office=office,
            starts_at=start,
            ends_at=start + timedelta(minutes=20),
            desk=desk,
            name="Teszt",
            email="t@example.hu",
        )
    by_start = {s.starts_at: s.free for s in _day(office, TUESDAY)}
    assert by_start[start] == 0
    assert start not in {
        s.starts_at for s in free_slots(office, ID_CARD, first_day=TUESDAY, days=1, now=NOW)
    }
    # A cancelled or an unconfirmed, expired booking frees its desk again.
    Booking.objects.filter(reference="IPTEST1").update(status=Booking.Status.CANCELLED)
    Booking.objects.filter(reference="IPTEST2").update(
        status=Booking.Status.PENDING, hold_until=NOW - timedelta(minutes=1)
    )
    assert {s.starts_at: s.free for s in _day(office, TUESDAY)}[start] == 2


def test_another_desk_group_is_counted_apart(office):
    start = at(TUESDAY, 9)
    for desk in (1, 2):
        Booking.objects.create(
            reference=f"IPDRIVE{desk}",
            service="driving_licence",
            group="transport",
            office=office,
            starts_at=start,
            ends_at=start + timedelta(minutes=20),
            desk=desk,
            name="Teszt",
            email="t@example.hu",
        )
    assert {s.starts_at: s.free for s in _day(office, TUESDAY)}[start] == 2


def test_bus_slots_are_the_stops_on_the_timetable(bus, stop):
    slots = candidate_slots(bus, ID_CARD, first_day=NOW.date(), days=30, now=NOW)
    assert [s.starts_at for s in slots] == [
        at(TUESDAY, h, m) for h, m in ((9, 0), (9, 20), (9, 40), (10, 0), (10, 20), (10, 40))
    ]
    assert {s.stop_id for s in slots} == {stop.pk}
    Closure.objects.create(office=bus, first_day=TUESDAY, last_day=TUESDAY)
    assert candidate_slots(bus, ID_CARD, first_day=NOW.date(), days=30, now=NOW) == []


def test_an_office_without_desks_for_the_group_has_no_slots(db):
    office = factories.OfficeFactory(code="nodesk")
    OpeningHours.objects.create(office=office, weekday=1, opens=time(8), closes=time(16))
    assert _day(office, TUESDAY) == []


def test_nearest_free_are_the_closest_to_the_wanted_time(office):
    nearest = nearest_free(office, ID_CARD, around=at(TUESDAY, 12), count=3, now=NOW)
    assert [s.starts_at for s in nearest] == [
        at(TUESDAY, 11, 40),
        at(TUESDAY, 12),
        at(TUESDAY, 12, 20),
    ]


def test_slot_keys_round_trip_and_junk_is_none(office):
    slot = _day(office, TUESDAY)[0]
    assert slot.key == "2027-03-09T08:00"
    assert parse_slot_key(slot.key) == slot.starts_at
    for junk in (
        "",
        "2027-03-09",
        "2027-13-09T08:00",
        "2027-03-09T8:0",
        "x" * 50,
        "2027-03-09T08:00:00",
        "T",
    ):
        assert parse_slot_key(junk) is None
