"""`idcards.valid_until`: the validity of a new permanent ID card, by the published rules."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from idcards import valid_until
from idcards.validity import valid_until as defined_in_validity

D = date


def test_the_public_name_is_the_validity_function():
    assert valid_until is defined_in_validity


@pytest.mark.parametrize(
    ("birth", "issued", "expected"),
    [
        # 18 or over: the birthday after six years from issue.
        (D(1980, 5, 10), D(2020, 3, 1), D(2026, 5, 10)),
        (D(1980, 5, 10), D(2020, 6, 1), D(2027, 5, 10)),
        (D(1980, 1, 1), D(2020, 12, 31), D(2027, 1, 1)),
        (D(1980, 12, 31), D(2021, 1, 1), D(2027, 12, 31)),
        # issued on the birthday: the birthday six years later (on or after the day)
        (D(1980, 5, 10), D(2020, 5, 10), D(2026, 5, 10)),
        # the 18th birthday itself is "18 or over"
        (D(2002, 5, 10), D(2020, 5, 10), D(2026, 5, 10)),
        # the day before the 18th birthday is "12 to 17": three years
        (D(2002, 5, 10), D(2020, 5, 9), D(2023, 5, 10)),
        # 12 to 17: the birthday after three years from issue
        (D(2008, 9, 1), D(2020, 9, 1), D(2023, 9, 1)),
        (D(2005, 2, 1), D(2020, 3, 1), D(2024, 2, 1)),
        (D(2005, 7, 1), D(2020, 3, 1), D(2023, 7, 1)),
        # under 12: three years, but at most the 12th birthday
        (D(2015, 1, 1), D(2020, 6, 1), D(2024, 1, 1)),
        (D(2015, 1, 1), D(2024, 6, 1), D(2027, 1, 1)),
        (D(2010, 8, 20), D(2020, 8, 19), D(2022, 8, 20)),
        (D(2020, 3, 3), D(2020, 3, 3), D(2023, 3, 3)),
        (D(2020, 3, 3), D(2020, 3, 4), D(2024, 3, 3)),
        # the 12th birthday itself is "12 to 17": no cap
        (D(2008, 9, 1), D(2020, 9, 1), D(2023, 9, 1)),
    ],
)
def test_the_age_brackets(birth, issued, expected):
    assert valid_until(birth, issued) == expected


@pytest.mark.parametrize(
    ("birth", "issued", "expected"),
    [
        # born on 29 February, no such day in the expiry year: 28 February
        (D(2000, 2, 29), D(2020, 3, 1), D(2027, 2, 28)),
        (D(2000, 2, 29), D(2020, 2, 1), D(2026, 2, 28)),
        (D(1996, 2, 29), D(2022, 1, 10), D(2028, 2, 29)),  # a leap year: the day itself
        (D(2000, 2, 29), D(2021, 2, 28), D(2027, 2, 28)),
        # a minor born on 29 February
        (D(2008, 2, 29), D(2021, 3, 1), D(2025, 2, 28)),
        (D(2012, 2, 29), D(2021, 5, 5), D(2024, 2, 29)),  # capped at the 12th birthday
        (D(2012, 2, 29), D(2020, 2, 28), D(2023, 2, 28)),
        # issued on 29 February: the six years end on 28 February, a birthday that day counts
        (D(1990, 2, 28), D(2024, 2, 29), D(2030, 2, 28)),
        (D(1990, 3, 1), D(2024, 2, 29), D(2030, 3, 1)),
        (D(1988, 2, 29), D(2024, 2, 29), D(2030, 2, 28)),
        # a person born on 29 February is a year older on 28 February of a common year
        (D(2003, 2, 29 - 1), D(2021, 2, 28), D(2027, 2, 28)),
        (D(2004, 2, 29), D(2022, 2, 28), D(2028, 2, 29)),  # 18 that day: six years
        (D(2004, 2, 29), D(2022, 2, 27), D(2025, 2, 28)),  # 17 that day: three years
    ],
)
def test_29_february(birth, issued, expected):
    assert valid_until(birth, issued) == expected


def test_ten_years_from_70():
    assert valid_until(D(1950, 6, 1), D(2020, 6, 1), ten_years=True) == D(2030, 6, 1)
    assert valid_until(D(1940, 1, 1), D(2021, 3, 15), ten_years=True) == D(2031, 3, 15)
    assert valid_until(D(1950, 2, 28), D(2024, 2, 29), ten_years=True) == D(2034, 2, 28)
    # not asked for: the general rule, at any age
    assert valid_until(D(1950, 6, 1), D(2020, 6, 1)) == D(2026, 6, 1)


@pytest.mark.parametrize(
    ("birth", "issued"),
    [
        (D(1950, 6, 2), D(2020, 6, 1)),  # one day short of 70
        (D(1990, 1, 1), D(2020, 1, 1)),
        (D(2015, 1, 1), D(2020, 1, 1)),
        (D(1952, 2, 29), D(2022, 2, 27)),
    ],
)
def test_ten_years_under_70_is_refused(birth, issued):
    with pytest.raises(ValueError, match="70"):
        valid_until(birth, issued, ten_years=True)


def test_70_on_28_february_for_someone_born_on_29_february():
    assert valid_until(D(1952, 2, 29), D(2022, 2, 28), ten_years=True) == D(2032, 2, 28)


@pytest.mark.parametrize(
    ("birth", "issued", "expected"),
    [
        (D(1980, 5, 10), D(2020, 3, 1), D(2021, 3, 1)),
        (D(2015, 1, 1), D(2020, 6, 1), D(2021, 6, 1)),
        (D(1990, 7, 7), D(2024, 2, 29), D(2025, 2, 28)),
        (D(1940, 7, 7), D(2024, 2, 29), D(2025, 2, 28)),
    ],
)
def test_temporarily_unable_to_give_fingerprints_one_year(birth, issued, expected):
    assert valid_until(birth, issued, temporary_fingerprint_inability=True) == expected


def test_one_year_wins_over_ten_years_but_the_age_is_still_checked():
    assert valid_until(
        D(1940, 1, 1), D(2020, 6, 1), ten_years=True, temporary_fingerprint_inability=True
    ) == D(2021, 6, 1)
    with pytest.raises(ValueError):
        valid_until(
            D(1990, 1, 1), D(2020, 6, 1), ten_years=True, temporary_fingerprint_inability=True
        )


def test_bad_arguments():
    with pytest.raises(ValueError):
        valid_until(D(2020, 1, 2), D(2020, 1, 1))
    with pytest.raises(TypeError):
        valid_until(datetime(1980, 1, 1), D(2020, 1, 1))  # noqa: DTZ001
    with pytest.raises(TypeError):
        valid_until("1980-01-01", D(2020, 1, 1))
    with pytest.raises(TypeError):
        valid_until(D(1980, 1, 1), D(2020, 1, 1), True)  # keyword-only flags


# --- properties --------------------------------------------------------------------------

births = st.dates(min_value=D(1900, 1, 1), max_value=D(2030, 12, 31))


def _age(birth: date, day: date) -> int:
    age = day.year - birth.year
    birthday = (
        D(day.year, 2, 28)
        if (birth.month, birth.day) == (2, 29) and not calendar.isleap(day.year)
        else birth.replace(year=day.year)
    )
    return age - (day < birthday)


def _is_birthday(birth: date, day: date) -> bool:
    if (birth.month, birth.day) == (2, 29) and not calendar.isleap(day.year):
        return (day.month, day.day) == (2, 28)
    return (day.month, day.day) == (birth.month, birth.day)


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@st.composite
def issues(draw):
    birth = draw(births)
    issued = draw(
        st.dates(min_value=birth, max_value=min(D(2060, 12, 31), _plus_years(birth, 110)))
    )
    return birth, issued


@given(issues())
def test_every_card_expires_on_a_birthday_after_issue(case):
    birth, issued = case
    until = valid_until(birth, issued)
    assert until > issued
    assert _is_birthday(birth, until)


@given(issues())
def test_the_length_follows_the_age_at_issue(case):
    birth, issued = case
    until = valid_until(birth, issued)
    age = _age(birth, issued)
    years = 6 if age >= 18 else 3
    start = _plus_years(issued, years)
    if age < 12:
        twelfth = _plus_years(birth, 12)
        assert until <= twelfth
        if until < twelfth:
            assert start <= until < _plus_years(start, 1) + timedelta(days=1)
    else:
        # the first birthday on or after the anniversary: within one year of it
        assert start <= until < _plus_years(start, 1) + timedelta(days=1)
        day = start
        while day < until:
            assert not _is_birthday(birth, day)
            day += timedelta(days=1)


@given(issues())
def test_an_adult_card_lasts_between_six_and_seven_years(case):
    birth, issued = case
    assume(_age(birth, issued) >= 18)
    until = valid_until(birth, issued)
    assert _plus_years(issued, 6) <= until <= _plus_years(issued, 7)


@given(issues())
def test_a_later_issue_never_expires_earlier(case):
    birth, issued = case
    assume(issued < D(2060, 12, 30))
    later = issued + timedelta(days=1)
    if _age(birth, later) == _age(birth, issued):
        assert valid_until(birth, later) >= valid_until(birth, issued)


@given(issues())
def test_29_february_never_in_a_common_year(case):
    birth, issued = case
    until = valid_until(birth, issued)
    if (until.month, until.day) == (2, 29):
        assert calendar.isleap(until.year)
    if (birth.month, birth.day) == (2, 29) and not calendar.isleap(until.year):
        assert (until.month, until.day) == (2, 28)


@given(issues(), st.booleans())
def test_ten_years_exactly_from_70_and_refused_below(case, fingerprints):
    birth, issued = case
    if _age(birth, issued) >= 70:
        until = valid_until(
            birth, issued, ten_years=True, temporary_fingerprint_inability=fingerprints
        )
        assert until == _plus_years(issued, 1 if fingerprints else 10)
    else:
        with pytest.raises(ValueError):
            valid_until(birth, issued, ten_years=True, temporary_fingerprint_inability=fingerprints)


@given(issues())
def test_fingerprint_inability_one_year_at_any_age(case):
    birth, issued = case
    assert valid_until(birth, issued, temporary_fingerprint_inability=True) == _plus_years(
        issued, 1
    )
