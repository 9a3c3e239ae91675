"""Free appointment slots: opening hours, the working-day calendar, closures and desks.

A slot is the start of one appointment of a desk group. A fixed office is open on a
working day of the calendar (`cases.deadlines`: weekends, public holidays and the
decree's days off are closed, its worked Saturdays are open with the Friday hours when
the office publishes none for Saturday), within its hours of that weekday, unless a
closure covers the day: its own, or one of every office (the year-end closure) that
does not name it among the designated open offices. The bus is open where and when its
timetable says; closures apply to it as to any office.

The search reads everything it needs in four queries (hours with the desks, closures,
calendar overrides, held desks per start) and computes the rest in memory, so a month
of one office takes milliseconds whatever the number of offices and bookings
(figures in docs/adr/0020-appointment-slots.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from appointments.models import Booking, BusStop, Closure, Desks, Office, OpeningHours
from appointments.services import Service
from cases.deadlines import WorkCalendar, load_calendar

# How far ahead a slot can be booked, and how many days one page of the search shows.
BOOKING_HORIZON_DAYS = 60
SEARCH_DAYS = 30


@dataclass(slots=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    free: int
    stop_id: int | None = None

    @property
    def key(self) -> str:
        """The slot as a form value: its start in local time, ISO format."""
        return timezone.localtime(self.starts_at).strftime("%Y-%m-%dT%H:%M")


def parse_slot_key(value: str) -> datetime | None:
    try:
        day, clock = (value or "").split("T")
        naive = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))
    except ValueError:
        return None
    if len(clock) != 5:
        return None
    return timezone.make_aware(naive)


@dataclass
class OfficeWeek:
    """What the search needs of one office, read once."""

    hours: dict[int, list[tuple[time, time]]]
    desks: dict[str, int]
    closed_days: set[date]


def closed_days(office: Office, first: date, last: date) -> set[date]:
    """Days in `first..last` that a closure covers for `office`: its own closures, and
    those of every office that do not name it among the designated open ones (one query).
    """
    spared = Closure.open_offices.through.objects.filter(
        closure_id=OuterRef("pk"), office_id=office.pk
    )
    rows = (
        Closure.objects.filter(Q(office=office) | (Q(office__isnull=True) & ~Exists(spared)))
        .filter(first_day__lte=last, last_day__gte=first)
        .values_list("first_day", "last_day")
    )
    days: set[date] = set()
    for start, end in rows:
        day = max(start, first)
        while day <= min(end, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def read_office(office: Office, first: date, last: date, group: str) -> OfficeWeek:
    """The office's hours with its desks of `group` on every row (one query; a second
    only for an office without hours, such as the bus), and its closed days."""
    desks_of_group = Desks.objects.filter(office=office, group=group).values("count")
    hours: dict[int, list[tuple[time, time]]] = {}
    desks: int | None = None
    for weekday, opens, closes, count in (
        OpeningHours.objects.filter(office=office)
        .annotate(desks=Subquery(desks_of_group[:1]))
        .values_list("weekday", "opens", "closes", "desks")
    ):
        hours.setdefault(weekday, []).append((opens, closes))
        desks = count
    for periods in hours.values():
        periods.sort()
    if not hours:
        desks = next(iter(desks_of_group.values_list("count", flat=True)), None)
    return OfficeWeek(hours, {group: desks or 0}, closed_days(office, first, last))


def _periods_on(week: OfficeWeek, calendar: WorkCalendar, day: date) -> list[tuple[time, time]]:
    if day in week.closed_days or not calendar.is_working_day(day):
        return []
    periods = week.hours.get(day.weekday(), [])
    if not periods and day.weekday() >= OpeningHours.Weekday.SATURDAY:
        # A Saturday the decree makes a working day: the Friday hours.
        periods = week.hours.get(OpeningHours.Weekday.FRIDAY, [])
    return periods


def _starts_in(day: date, opens: time, closes: time, minutes: int) -> Iterable[datetime]:
    """The starts of one opening period, in UTC.

    Stepped in UTC: the local offset is read twice per period instead of at every
    comparison and hash of the search (a third of its time with zoneinfo). Exact, since
    no office is open across the night's change to or from summer time.
    """
    tz = timezone.get_default_timezone()
    start = datetime.combine(day, opens, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day, closes, tzinfo=tz).astimezone(UTC)
    step = timedelta(minutes=minutes)
    while start + step <= end:
        yield start
        start += step


def _held(office: Office, group: str, first: datetime, last: datetime, now: datetime) -> Counter:
    rows = (
        Booking.objects.holding(now)
        .filter(office=office, group=group, starts_at__gte=first, starts_at__lt=last)
        .values("starts_at")
        .annotate(n=Count("id"))
        .values_list("starts_at", "n")
    )
    # Keys in UTC like the starts they are matched with (_starts_in).
    return Counter({start.astimezone(UTC): n for start, n in rows})


def _bounds(first_day: date, days: int) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(first_day, time.min, tzinfo=tz),
        datetime.combine(first_day + timedelta(days=days), time.min, tzinfo=tz),
    )


def offers(office: Office, service: Service) -> bool:
    return office.services.filter(service=service.code).exists()


def candidate_slots(
    office: Office,
    service: Service,
    *,
    first_day: date,
    days: int = SEARCH_DAYS,
    stop: BusStop | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    """Every slot of the period with its number of free desks (0 = fully booked)."""
    now = now or timezone.now()
    horizon = timezone.localdate(now) + timedelta(days=BOOKING_HORIZON_DAYS)
    last_day = min(first_day + timedelta(days=days - 1), horizon)
    if last_day < first_day:
        return []
    week = read_office(office, first_day, last_day, service.group)
    desks = week.desks.get(service.group, 0)
    if not desks:
        return []
    minutes = service.slot_minutes
    starts: list[tuple[datetime, int | None]] = []
    if office.is_bus:
        stops = BusStop.objects.filter(bus=office, day__gte=first_day, day__lte=last_day)
        if stop is not None:
            stops = stops.filter(pk=stop.pk)
        for row in stops.order_by("day", "starts"):
            if row.day in week.closed_days:
                continue
            starts.extend((s, row.pk) for s in _starts_in(row.day, row.starts, row.ends, minutes))
    else:
        calendar = load_calendar(first_day, last_day)
        day = first_day
        while day <= last_day:
            for opens, closes in _periods_on(week, calendar, day):
                starts.extend((s, None) for s in _starts_in(day, opens, closes, minutes))
            day += timedelta(days=1)
    low, high = _bounds(first_day, (last_day - first_day).days + 1)
    held = _held(office, service.group, low, high, now)
    step = timedelta(minutes=minutes)
    now = now.astimezone(UTC)
    tz = timezone.get_default_timezone()
    # Handed out in local time, as before: the API and the e-mails print them.
    return [
        Slot(local, local + step, max(desks - held.get(start, 0), 0), stop_id)
        for start, stop_id in starts
        if start > now
        for local in (start.astimezone(tz),)
    ]


def free_slots(office: Office, service: Service, **kwargs) -> list[Slot]:
    return [slot for slot in candidate_slots(office, service, **kwargs) if slot.free > 0]


def nearest_free(
    office: Office,
    service: Service,
    *,
    around: datetime,
    count: int = 3,
    stop: BusStop | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    """The `count` free slots closest to `around` (from now on), earliest first."""
    now = now or timezone.now()
    first_day = max(timezone.localdate(around) - timedelta(days=7), timezone.localdate(now))
    found: list[Slot] = []
    # A month before and after the wanted time, then further months up to the horizon.
    for _page in range(3):
        found = free_slots(
            office, service, first_day=first_day, days=SEARCH_DAYS, stop=stop, now=now
        )
        if found:
            break
        first_day += timedelta(days=SEARCH_DAYS)
    found.sort(key=lambda slot: abs((slot.starts_at - around).total_seconds()))
    return sorted(found[:count], key=lambda slot: slot.starts_at)


def slot_at(
    office: Office,
    service: Service,
    start: datetime,
    *,
    stop: BusStop | None = None,
    now: datetime | None = None,
) -> Slot | None:
    """The slot that starts at `start` if the office has one then (free or not)."""
    day = timezone.localdate(start)
    for slot in candidate_slots(office, service, first_day=day, days=1, stop=stop, now=now):
        if slot.starts_at == start:
            return slot
    return None


def days_with_free_slots(slots: Iterable[Slot]) -> list[tuple[date, int]]:
    counts: Counter[date] = Counter()
    for slot in slots:
        counts[timezone.localdate(slot.starts_at)] += 1
    return sorted(counts.items())
