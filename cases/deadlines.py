"""Working days and statutory deadlines under the Administrative Procedure Act.

Sources of truth, in order of precedence:

1. ``CalendarOverride`` rows (admin-editable; always win).
2. The ``holidays`` package: public holidays (Mt. 102. § (1)) and the days off
   of the yearly decree on moved working days (áthelyezett munkanap). The
   package lists the worked Saturdays of the decree only inside
   ``HungaryStaticHolidays.special_public_holidays``, as tuples
   ``(to_month, to_day, from_month, from_day[, from_year])`` where "from" is the
   worked Saturday; they are derived from there.
3. Otherwise Monday to Friday is a working day, Saturday and Sunday are not.

The arithmetic lives in ``WorkCalendar``, a pure value holding the override
days, so it can be tested without a database. The module-level functions
load the overrides with a single query and delegate to it. Code that computes
many deadlines at once (list views) can call ``load_calendar()`` once and use
the returned calendar's methods, which never touch the database.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from holidays.countries.hungary import HungaryStaticHolidays

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=128)
def package_rest_days(year: int) -> frozenset[date]:
    """Public holidays and decree days off of ``year`` known to the package.

    Includes Easter Sunday and Whit Sunday, which fall on Sundays anyway.
    """
    return frozenset(holidays.country_holidays("HU", years=year))


@lru_cache(maxsize=128)
def package_working_saturdays(year: int) -> frozenset[date]:
    """Weekend days of ``year`` that the yearly decree makes working days."""
    worked = set()
    for key_year, entries in HungaryStaticHolidays.special_public_holidays.items():
        # A year holds either one tuple or a tuple of tuples.
        if entries and not isinstance(entries[0], tuple):
            entries = (entries,)
        for entry in entries:
            if len(entry) < 4:  # (month, day, name): a one-off holiday, no swap.
                continue
            _to_month, _to_day, from_month, from_day, *from_year = entry
            worked_day = date(from_year[0] if from_year else key_year, from_month, from_day)
            if (
                worked_day.year == year
                and worked_day.weekday() >= 5
                and worked_day not in package_rest_days(year)
            ):
                worked.add(worked_day)
    return frozenset(worked)


def _merged_pauses(
    paused: Iterable[tuple[date, date]], not_before: date
) -> list[tuple[date, date]]:
    """Clip inclusive periods to start no earlier than ``not_before``; merge overlaps."""
    clipped = []
    for first, last in paused:
        if last < first:
            raise ValueError(f"pause ends before it starts: {first}..{last}")
        first = max(first, not_before)
        if first <= last:
            clipped.append((first, last))
    merged: list[tuple[date, date]] = []
    for first, last in sorted(clipped):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


@dataclass(frozen=True)
class WorkCalendar:
    """Package calendar plus override days. Pure: no database access."""

    extra_rest_days: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        # An override always wins over the package.
        if day in self.extra_working_days:
            return True
        if day in self.extra_rest_days:
            return False
        if day in package_working_saturdays(day.year):
            return True
        return day.weekday() < 5 and day not in package_rest_days(day.year)

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def due_date(
        self, received_on: date, days: int, *, paused: Iterable[tuple[date, date]] = ()
    ) -> date:
        """Last day of a ``days``-day deadline triggered on ``received_on``.

        Ákr. 52. §: the day of the triggering event is not counted, so the
        period runs from the next day in calendar days; if its last day is a
        non-working day, the deadline ends on the next working day.

        Ákr. 50. § (5): the time of a suspension or of the client's default
        (e.g. an open deficiency notice) is not counted. Each ``(first, last)``
        in ``paused`` is an inclusive period during which the clock stood
        still. The deadline is the calendar day on which the ``days``-th
        *unpaused* day after ``received_on`` falls, then moved to a working
        day. Hence: paused days before the day after receipt are ignored,
        overlapping or adjacent periods count each day once, and each paused
        day on or before that (extended) last day pushes it by one day. A
        pause that starts only after the clock has already run out does not
        revive it.

        ``days == 0`` gives the first working day on or after ``received_on``.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        end = received_on + timedelta(days=days)
        for first, last in _merged_pauses(paused, received_on + ONE_DAY):
            if first > end:
                break
            end += last - first + ONE_DAY
        # Ákr. 52. §: a deadline ending on a non-working day ends on the next working day.
        return self.next_working_day(end)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself is not counted).

        ``n == 0`` returns ``day`` unchanged.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        while n:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def non_working_days(self, start: date, end: date) -> set[date]:
        """Non-working days in ``start..end`` inclusive, weekends included."""
        span = (end - start).days + 1
        days = (start + timedelta(days=i) for i in range(max(span, 0)))
        return {d for d in days if not self.is_working_day(d)}


def _overrides(first_year: int, last_year: int | None = None) -> WorkCalendar:
    """Calendar with the override rows of ``first_year``..``last_year``: one query.

    ``last_year=None`` loads every override from ``first_year`` on: forward
    computations do not know in advance where they stop, and the table holds
    only a handful of rows per year. Never cached across calls: admins edit it.
    """
    from cases.models import CalendarOverride

    rows = CalendarOverride.objects.filter(day__gte=date(first_year, 1, 1))
    if last_year is not None:
        rows = rows.filter(day__lte=date(last_year, 12, 31))
    rest, work = set(), set()
    for day, kind in rows.values_list("day", "kind"):
        (work if kind == CalendarOverride.Kind.WORKING_DAY else rest).add(day)
    return WorkCalendar(frozenset(rest), frozenset(work))


def load_calendar(since: date, until: date | None = None) -> WorkCalendar:
    """Calendar for computations that start on or after ``since``: one query.

    Use it when computing many deadlines in a row, e.g. in a list view.
    """
    return _overrides(since.year, until.year if until else None)


def is_working_day(day: date) -> bool:
    """Mon–Fri that is not a holiday or decree day off, or a worked Saturday."""
    return _overrides(day.year, day.year).is_working_day(day)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the next working day."""
    return _overrides(day.year).next_working_day(day)


def due_date(received_on: date, days: int, *, paused: Iterable[tuple[date, date]] = ()) -> date:
    """Ákr. deadline of ``days`` days; see ``WorkCalendar.due_date``."""
    return _overrides(received_on.year).due_date(received_on, days, paused=paused)


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day``; see ``WorkCalendar.add_working_days``."""
    return _overrides(day.year).add_working_days(day, n)


def non_working_days(start: date, end: date) -> set[date]:
    """Non-working days in ``start..end`` inclusive (for calendar displays)."""
    return _overrides(start.year, end.year).non_working_days(start, end)


class OutOfCalendar(ValueError):
    """The result falls outside years 1 to 9999, the calendar ``datetime.date`` holds.

    Only a typed date (year 9999, year 1) gets here; forms that compute with a date
    catch it and tell the citizen that the date is out of range.
    """


def add_months(day: date, months: int) -> date:
    """Same day number ``months`` months later (earlier if negative).

    A deadline in months ends on the day with the same number; if the month
    has no such day, on its last day (Ákr. 52. §). Calendar arithmetic only:
    apply ``next_working_day`` for the non-working-day rule. Raises
    ``OutOfCalendar`` when the result would be before year 1 or after year 9999.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not date.min.year <= year <= date.max.year:
        raise OutOfCalendar(f"{months} months from {day.isoformat()} is out of the calendar")
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
