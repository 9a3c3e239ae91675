"""How long a new permanent ID card is valid.

The rules are those of the published ID card procedure (OKMIR00090, "Az állandó
személyazonosító igazolvány érvényességének időtartama") and of the eSzemélyi
pages (Government Decree 414/2015 (XII. 23.) on issuing the identity card):

- under 12 at issue: the birthday that follows three years from issue, but at
  most the 12th birthday;
- 12 to 17 at issue: the birthday that follows three years from issue;
- 18 or over at issue: the birthday that follows six years from issue;
- born on 29 February, and the expiry year has no such day: 28 February;
- 70 or over at issue and asked for: ten years from issue;
- temporarily unable to give fingerprints: one year from issue.

Two readings the text leaves to us, fixed here:

- "The birthday that follows N years from issue" is the first birthday on or
  after the day N years after issue: a card issued on its holder's birthday
  expires on the birthday N years later, not a year after that.
- A period of years from a day ends on the day with the same number N years
  later; from 29 February into a year without one it ends on 28 February (the
  last day of the month, as the Civil Code counts periods), and so does a
  birthday of 29 February in such a year (the rule above). A person born on
  29 February is a year older on 28 February of a common year.

The one-year card of someone temporarily unable to give fingerprints must be
issued ("kell kiállítani"), so it wins over a ten-year request; the request is
still refused with `ValueError` when its holder is under 70.
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["valid_until"]

TEN_YEAR_MIN_AGE = 70


def _same_day_in(year: int, day: date) -> date:
    """`day`'s month and day in `year`; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=year, day=28)


def _years_after(day: date, years: int) -> date:
    return _same_day_in(day.year + years, day)


def _age_on(birth_date: date, day: date) -> int:
    """Completed years on `day` (a 29 February birthday falls on 28 February in a common year)."""
    age = day.year - birth_date.year
    if day < _same_day_in(day.year, birth_date):
        age -= 1
    return age


def _birthday_on_or_after(birth_date: date, day: date) -> date:
    birthday = _same_day_in(day.year, birth_date)
    if birthday < day:
        birthday = _same_day_in(day.year + 1, birth_date)
    return birthday


def valid_until(
    birth_date: date,
    issued_on: date,
    *,
    ten_years: bool = False,
    temporary_fingerprint_inability: bool = False,
) -> date:
    """The last day of validity of a new permanent ID card issued on `issued_on` to a
    person born on `birth_date` (see the module's docstring for the rules).

    Raises `ValueError` when the card would be issued before its holder's birth, or
    when ten years are asked for someone under 70 at issue.
    """
    for name, value in (("birth_date", birth_date), ("issued_on", issued_on)):
        if isinstance(value, datetime) or not isinstance(value, date):
            raise TypeError(f"{name} must be a date, got {type(value).__name__}")
    if issued_on < birth_date:
        raise ValueError("an ID card cannot be issued before its holder's birth")
    age = _age_on(birth_date, issued_on)
    if ten_years and age < TEN_YEAR_MIN_AGE:
        raise ValueError(
            f"a ten-year ID card can be asked for from the age of {TEN_YEAR_MIN_AGE} "
            f"(the holder is {age} at issue)"
        )
    if temporary_fingerprint_inability:
        return _years_after(issued_on, 1)
    if ten_years:
        return _years_after(issued_on, 10)
    if age >= 18:
        return _birthday_on_or_after(birth_date, _years_after(issued_on, 6))
    until = _birthday_on_or_after(birth_date, _years_after(issued_on, 3))
    if age < 12:
        until = min(until, _years_after(birth_date, 12))
    return until
