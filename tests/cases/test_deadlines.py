"""Working-day and Ákr. deadline arithmetic (cases.deadlines).

The worked examples apply the Ákr. (Act CL of 2016) deadline rules as
docs/adr/0004-deadline-counting.md reads them.
Property tests exercise the pure ``WorkCalendar`` core without a database;
the module-level functions, which read ``CalendarOverride``, get examples.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases import deadlines
from cases.deadlines import OutOfCalendar, WorkCalendar, add_months
from cases.models import CalendarOverride

PURE = WorkCalendar()
D = date
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))
# Longest run of consecutive non-working days 2000–2031 (e.g. 2013-12-24..29).
LONGEST_NON_WORKING_RUN = 6


# --- Calendar facts -------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 2),  # decree day off (Fri)
        D(2026, 8, 21),  # decree day off (Fri)
        D(2026, 12, 24),  # Christmas Eve, a public holiday since Act LXXII of 2026
        D(2026, 12, 12),  # no longer worked: the Dec 24 swap ended with that Act
        D(2025, 5, 2),
        D(2025, 10, 24),
        D(2025, 12, 24),
        D(2025, 4, 18),  # Good Friday
        D(2026, 4, 3),  # Good Friday
        D(2025, 4, 21),  # Easter Monday
        D(2025, 6, 9),  # Whit Monday
        D(2026, 5, 25),  # Whit Monday
        D(2024, 11, 1),  # All Saints' Day (Fri)
        D(2027, 11, 1),  # All Saints' Day (Mon), a year without decree data
        D(2025, 12, 25),
        D(2025, 12, 26),
        D(2025, 3, 15),
        D(2025, 8, 20),
        D(2025, 12, 20),  # ordinary Saturday
        D(2025, 12, 21),  # Sunday
    ],
)
def test_non_working_days(day):
    assert not PURE.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 10),  # moved working Saturdays
        D(2026, 8, 8),
        D(2025, 5, 17),
        D(2025, 10, 18),
        D(2025, 12, 13),
        D(2025, 12, 23),  # ordinary Tuesday
        D(2017, 4, 13),  # Maundy Thursday
    ],
)
def test_working_days(day):
    assert PURE.is_working_day(day)


def test_good_friday_only_since_2017():
    assert PURE.is_working_day(D(2016, 3, 25))
    assert not PURE.is_working_day(D(2017, 4, 14))


@pytest.mark.parametrize("year", range(1991, 2027))
def test_worked_saturdays_agree_with_package(year):
    expected = holidays.country_holidays("HU", years=year).weekend_workdays
    assert deadlines.package_working_saturdays(year) == frozenset(expected)


def test_non_working_days_range():
    assert PURE.non_working_days(D(2025, 12, 20), D(2025, 12, 31)) == {
        D(2025, 12, d) for d in (20, 21, 24, 25, 26, 27, 28)
    }
    assert PURE.non_working_days(D(2025, 12, 31), D(2025, 12, 1)) == set()


# --- Ákr. 52. § deadlines -------------------------------------------------

EXAMPLES = [
    (D(2025, 4, 14), 8, D(2025, 4, 22)),
    (D(2025, 12, 12), 8, D(2025, 12, 22)),  # Sat Dec 20 -> Mon
    (D(2025, 12, 2), 20, D(2025, 12, 22)),
    (D(2025, 3, 3), 60, D(2025, 5, 5)),  # Fri May 2 is a day off -> Mon
]


@pytest.mark.parametrize(("received", "days", "expected"), EXAMPLES)
def test_due_date_examples(received, days, expected):
    assert PURE.due_date(received, days) == expected


def test_due_date_zero_and_negative():
    assert PURE.due_date(D(2025, 12, 17), 0) == D(2025, 12, 17)
    assert PURE.due_date(D(2025, 12, 20), 0) == D(2025, 12, 22)
    with pytest.raises(ValueError):
        PURE.due_date(D(2025, 12, 17), -1)


def test_due_date_over_year_end():
    # Dec 24 2025 is a day off; Dec 27-28 weekend; Jan 1 holiday.
    assert PURE.due_date(D(2025, 12, 16), 8) == D(2025, 12, 29)
    assert PURE.due_date(D(2025, 12, 24), 8) == D(2026, 1, 5)  # Jan 1 Thu, Jan 2 off


# --- Ákr. 50. § (5) pauses ------------------------------------------------

R = D(2025, 4, 14)  # 8 days -> Tue 2025-04-22 without pauses


@pytest.mark.parametrize(
    ("paused", "expected"),
    [
        ([(D(2025, 4, 16), D(2025, 4, 18))], D(2025, 4, 25)),  # 3 days -> Fri
        ([(D(2025, 4, 16), D(2025, 4, 19))], D(2025, 4, 28)),  # -> Sat 26 -> Mon
        ([(D(2025, 4, 15), D(2025, 4, 17)), (D(2025, 4, 16), D(2025, 4, 17))], D(2025, 4, 25)),
        ([(D(2025, 4, 16), D(2025, 4, 16))] * 3, D(2025, 4, 23)),  # duplicates count once
        ([(D(2025, 4, 15), D(2025, 4, 15)), (D(2025, 4, 16), D(2025, 4, 16))], D(2025, 4, 24)),
        ([(D(2025, 4, 1), D(2025, 4, 10))], D(2025, 4, 22)),  # entirely before receipt
        ([(D(2025, 4, 14), D(2025, 4, 14))], D(2025, 4, 22)),  # the receipt day itself
        ([(D(2025, 4, 10), D(2025, 4, 15))], D(2025, 4, 23)),  # only Apr 15 counts
        ([(D(2025, 5, 1), D(2025, 5, 10))], D(2025, 4, 22)),  # after the clock ran out
        # The second pause starts after the original end but before the extended one.
        ([(D(2025, 4, 16), D(2025, 4, 17)), (D(2025, 4, 23), D(2025, 4, 23))], D(2025, 4, 25)),
    ],
)
def test_due_date_pauses(paused, expected):
    assert PURE.due_date(R, 8, paused=paused) == expected


def test_inverted_pause_rejected():
    with pytest.raises(ValueError):
        PURE.due_date(R, 8, paused=[(D(2025, 4, 18), D(2025, 4, 16))])


# --- Working days -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2025, 12, 18), D(2025, 12, 23)),
        (D(2025, 10, 22), D(2025, 10, 29)),
        (D(2025, 12, 10), D(2025, 12, 13)),  # a moved working Saturday counts
    ],
)
def test_three_working_days(start, expected):
    assert PURE.add_working_days(start, 3) == expected


def test_add_working_days_edge_cases():
    assert PURE.add_working_days(D(2025, 12, 20), 0) == D(2025, 12, 20)
    with pytest.raises(ValueError):
        PURE.add_working_days(D(2025, 12, 20), -1)


def test_next_working_day():
    assert PURE.next_working_day(D(2025, 12, 24)) == D(2025, 12, 29)
    assert PURE.next_working_day(D(2025, 12, 13)) == D(2025, 12, 13)


# --- Months -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2025, 8, 31), 1, D(2025, 9, 30)),
        (D(2025, 11, 15), 2, D(2026, 1, 15)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
        (D(2025, 5, 5), 0, D(2025, 5, 5)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "months"), [(D(9999, 12, 31), 1), (D(9999, 7, 1), 6), (D(1, 1, 1), -1)]
)
def test_add_months_outside_the_calendar_says_so(start, months):
    with pytest.raises(OutOfCalendar):
        add_months(start, months)


def test_add_months_reaches_the_last_month_of_the_calendar():
    assert add_months(D(9999, 6, 30), 6) == D(9999, 12, 30)
    assert add_months(D(1, 2, 28), -1) == D(1, 1, 28)


# --- Properties of the pure core --------------------------------------------


@given(dates, st.integers(0, 120))
def test_due_date_properties(received, days):
    result = PURE.due_date(received, days)
    raw_end = received + timedelta(days=days)
    assert PURE.is_working_day(result)
    assert raw_end <= result <= raw_end + timedelta(days=LONGEST_NON_WORKING_RUN)
    assert all(
        not PURE.is_working_day(raw_end + timedelta(i)) for i in range((result - raw_end).days)
    )
    assert PURE.due_date(received, days + 1) >= result


@given(dates, st.integers(1, 60), st.integers(0, 60), st.integers(1, 30))
def test_pause_while_running_adds_its_length(received, days, offset, length):
    first = received + timedelta(days=1 + min(offset, days - 1))
    paused = [(first, first + timedelta(days=length - 1))]
    assert PURE.due_date(received, days, paused=paused) == PURE.due_date(received, days + length)


@given(dates, st.integers(1, 60))
def test_add_working_days_properties(start, n):
    result = PURE.add_working_days(start, n)
    assert PURE.is_working_day(result)
    assert PURE.add_working_days(start, n + 1) > result
    span = (result - start).days
    assert sum(PURE.is_working_day(start + timedelta(i)) for i in range(1, span + 1)) == n


@given(dates, st.integers(-240, 240))
def test_add_months_properties(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == min(start.day, calendar.monthrange(result.year, result.month)[1])


# --- Public functions with the override table ------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("received", "days", "expected"), EXAMPLES)
def test_public_due_date_examples(received, days, expected, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert deadlines.due_date(received, days) == expected


@pytest.mark.django_db
def test_public_functions_one_query_each(django_assert_num_queries):
    calls = [
        lambda: deadlines.is_working_day(D(2026, 1, 10)),
        lambda: deadlines.next_working_day(D(2025, 12, 24)),
        lambda: deadlines.add_working_days(D(2025, 12, 18), 3),
        lambda: deadlines.non_working_days(D(2025, 12, 1), D(2026, 1, 31)),
        lambda: deadlines.due_date(R, 8, paused=[(D(2025, 4, 16), D(2025, 4, 18))]),
    ]
    for call in calls:
        with django_assert_num_queries(1):
            call()


@pytest.mark.django_db
def test_override_rest_day_shifts_deadline():
    CalendarOverride.objects.create(day=D(2025, 4, 22), kind="rest_day", note="test")
    assert not deadlines.is_working_day(D(2025, 4, 22))
    assert deadlines.due_date(D(2025, 4, 14), 8) == D(2025, 4, 23)
    assert deadlines.add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 23)


@pytest.mark.django_db
def test_override_working_saturday_counts():
    CalendarOverride.objects.create(day=D(2027, 12, 18), kind="working_day")
    assert deadlines.is_working_day(D(2027, 12, 18))
    assert deadlines.due_date(D(2027, 12, 10), 8) == D(2027, 12, 18)
    assert deadlines.add_working_days(D(2027, 12, 17), 1) == D(2027, 12, 18)


@pytest.mark.django_db
def test_override_beats_package():
    CalendarOverride.objects.create(day=D(2025, 12, 24), kind="working_day")
    CalendarOverride.objects.create(day=D(2025, 12, 13), kind="rest_day")
    assert deadlines.is_working_day(D(2025, 12, 24))
    assert not deadlines.is_working_day(D(2025, 12, 13))
    assert deadlines.add_working_days(D(2025, 12, 10), 3) == D(2025, 12, 15)
    assert deadlines.next_working_day(D(2025, 12, 24)) == D(2025, 12, 24)
    assert D(2025, 12, 13) in deadlines.non_working_days(D(2025, 12, 13), D(2025, 12, 13))


@pytest.mark.django_db
def test_load_calendar_reuses_one_query(django_assert_num_queries):
    CalendarOverride.objects.create(day=D(2025, 4, 22), kind="rest_day")
    with django_assert_num_queries(1):
        cal = deadlines.load_calendar(D(2025, 1, 1))
        results = [cal.due_date(D(2025, 4, 14), 8), cal.due_date(D(2025, 12, 12), 8)]
    assert results == [D(2025, 4, 23), D(2025, 12, 22)]
