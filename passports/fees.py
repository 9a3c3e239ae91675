"""The passport duty tables (whole forints), as pure functions.

The Webes Ügysegéd service descriptions of the three passport services
("Magánútlevél, szolgálati útlevél, hajós szolgálati útlevél ... pótlása",
"Második magánútlevél iránti kérelem", "Meglévő útlevél igénylés gyorsítása"):

Replacing a lost or destroyed passport, by the holder's age when the lost one was
applied for: private passport 18–65, 5-year 15 000, 10-year 28 000; service 15 000;
seaman's service 15 000; 1-year private 18–65 5 000; 1-year service or seaman's, over
18, 5 000; second private passport valid up to 2 years, 18–65, 30 000; 1-year second
private 10 000. Free when stolen, and for the private passport of someone aged 65 or
more.

A second private passport, by the age when it is requested: new, for an equitable
reason 5 000, aged 18–65 15 000; replacing a lost or destroyed one, equitable 10 000,
18–65 30 000. Free when the one replaced was stolen, and at 65 or more.

Acceleration surcharge (private and second private passports): express, within 7
days, 19 000; urgent, within 3 days, 29 000. Service and seaman's passports: express
only, without surcharge.

"Between 18 and 65" reads as from the 18th birthday to the day before the 65th: at
65 the private passport is free. An age a table does not cover (a private passport
applied for under 18) raises ValueError: the online service cannot quote it, and
the citizen is sent to an office.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import fees
from passports import consulates

PRIVATE_KINDS = frozenset({"private_5y", "private_10y", "private_1y", "second_2y", "second_1y"})
OFFICIAL_KINDS = frozenset({"service", "seaman", "service_1y", "seaman_1y"})
KINDS = PRIVATE_KINDS | OFFICIAL_KINDS
REASONS = frozenset({"lost", "destroyed", "stolen"})
SPEEDS = frozenset({"express", "urgent"})

ADULT = 18
SENIOR = 65  # from this birthday, a private passport is free

# kind -> (lowest age the line covers or None for every age, duty)
REPLACEMENT_TABLE: dict[str, tuple[int | None, int]] = {
    "private_5y": (ADULT, 15_000),
    "private_10y": (ADULT, 28_000),
    "service": (None, 15_000),
    "seaman": (None, 15_000),
    "private_1y": (ADULT, 5_000),
    "service_1y": (ADULT, 5_000),
    "seaman_1y": (ADULT, 5_000),
    "second_2y": (ADULT, 30_000),
    "second_1y": (None, 10_000),
}

SECOND_NEW_EQUITABLE = 5_000
SECOND_NEW = 15_000
SECOND_REPLACING_EQUITABLE = 10_000
SECOND_REPLACING = 30_000

EXPRESS_SURCHARGE = 19_000
URGENT_SURCHARGE = 29_000


def _check_age(age: int) -> None:
    if not isinstance(age, int) or isinstance(age, bool):
        raise TypeError(f"age must be a whole number, got {age!r}")
    if age < 0:
        raise ValueError(f"age cannot be negative, got {age}")


def _check_reason(reason: str) -> None:
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {sorted(REASONS)}, got {reason!r}")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")


def replacement_duty(kind: str, age: int, reason: str) -> int:
    """The duty for replacing a lost, destroyed or stolen passport of `kind`;
    `age` is the holder's age when the lost passport was applied for.

    >>> replacement_duty("private_10y", 40, "lost")
    28000
    >>> replacement_duty("private_10y", 40, "stolen"), replacement_duty("private_5y", 65, "lost")
    (0, 0)
    """
    _check_kind(kind)
    _check_age(age)
    _check_reason(reason)
    if reason == "stolen":
        return 0
    if kind in PRIVATE_KINDS and age >= SENIOR:
        return 0
    lowest, duty = REPLACEMENT_TABLE[kind]
    if lowest is not None and age < lowest:
        raise ValueError(
            f"the duty table does not cover a {kind} passport applied for at the age of {age}"
        )
    return duty


def second_passport_duty(
    age: int, *, equitable: bool, replaces_lost: bool, reason: str | None = None
) -> int:
    """The duty for a second private passport: new, or one replacing a lost,
    destroyed or stolen (`reason`) second passport; `age` when it is requested.

    >>> second_passport_duty(30, equitable=False, replaces_lost=False)
    15000
    >>> second_passport_duty(30, equitable=True, replaces_lost=True, reason="destroyed")
    10000
    """
    _check_age(age)
    if replaces_lost:
        if reason is None:
            raise ValueError("a second passport replacing a lost one needs the reason")
        _check_reason(reason)
        if reason == "stolen":
            return 0
    elif reason is not None:
        raise ValueError("a reason is given only for a second passport replacing a lost one")
    if age >= SENIOR:
        return 0
    if equitable:
        return SECOND_REPLACING_EQUITABLE if replaces_lost else SECOND_NEW_EQUITABLE
    if age < ADULT:
        raise ValueError(
            f"the duty table does not cover a second passport requested at the age of {age} "
            "for work abroad"
        )
    return SECOND_REPLACING if replaces_lost else SECOND_NEW


def acceleration_surcharge(speed: str, kind: str) -> int:
    """The administrative surcharge for issuing a passport of `kind` in the
    `express` (7-day) or `urgent` (3-day) procedure.

    >>> acceleration_surcharge("urgent", "private_10y"), acceleration_surcharge("express", "seaman")
    (29000, 0)
    """
    _check_kind(kind)
    if speed not in SPEEDS:
        raise ValueError(f"speed must be one of {sorted(SPEEDS)}, got {speed!r}")
    if kind in OFFICIAL_KINDS:
        if speed == "urgent":
            raise ValueError("service and seaman's passports can be accelerated to 7 days only")
        return 0
    return URGENT_SURCHARGE if speed == "urgent" else EXPRESS_SURCHARGE


# --- the fee rules of the three services (cases.fees quotes) ---------------------
# Each reads the answers during the steps and the detail row once filed
# (`cases.fees.value_of`), and raises KeyError/ValueError while it cannot tell yet.


def _surcharge_line(case_or_data: Any, kind: str) -> list[fees.FeeLine]:
    speed = fees.value_of(case_or_data, "speed")
    if speed not in SPEEDS:
        return []
    amount = acceleration_surcharge(speed, kind)
    label = (
        _("Surcharge for the urgent procedure (3 days)")
        if speed == "urgent"
        else _("Surcharge for the express procedure (7 days)")
    )
    return [fees.FeeLine(label, amount)]


def _abroad_lines(case_or_data: Any) -> tuple[fees.AbroadLine, ...]:
    delivery = fees.value_of(case_or_data, "delivery")
    code = fees.value_of(case_or_data, "consulate") or ""
    if delivery not in ("consulate", "consulate_post") or code not in consulates.BY_CODE:
        return ()
    consulate = consulates.BY_CODE[code]
    return (
        fees.AbroadLine(
            _("Consular fee for delivery abroad (%(consulate)s), paid at the consulate")
            % {"consulate": consulate.label},
            consulate.fee_eur,
        ),
    )


def _quote(lines: list[fees.FeeLine], case_or_data: Any) -> fees.FeeQuote:
    return fees.FeeQuote(
        tuple(line for line in lines if line.amount > 0), _abroad_lines(case_or_data)
    )


def replacement_quote(case_or_data: Any) -> fees.FeeQuote:
    kind = fees.value_of(case_or_data, "duty_kind")
    reason = fees.value_of(case_or_data, "reason")
    age = fees.value_of(case_or_data, "age_at_application")
    duty = replacement_duty(kind, age, reason)
    lines = [fees.FeeLine(_("Procedural duty for the replacement of the passport"), duty)]
    return _quote(lines + _surcharge_line(case_or_data, kind), case_or_data)


def second_passport_quote(case_or_data: Any) -> fees.FeeQuote:
    reason = fees.value_of(case_or_data, "reason")
    lost_reason = fees.value_of(case_or_data, "lost_reason") or None
    duty = second_passport_duty(
        fees.value_of(case_or_data, "age"),
        equitable=reason == "equitable",
        replaces_lost=lost_reason is not None,
        reason=lost_reason,
    )
    lines = [fees.FeeLine(_("Procedural duty for the second passport"), duty)]
    return _quote(lines + _surcharge_line(case_or_data, "second_2y"), case_or_data)


def acceleration_quote(case_or_data: Any) -> fees.FeeQuote:
    kind = fees.value_of(case_or_data, "duty_kind")
    return _quote(_surcharge_line(case_or_data, kind), case_or_data)


def replacement_fee_summary() -> tuple:
    """The duty table for the information page (lost or destroyed; free when stolen)."""
    return (
        fees.FeeLine(gettext("Private passport, 5 years, aged 18–65"), 15_000),
        fees.FeeLine(gettext("Private passport, 10 years, aged 18–65"), 28_000),
        fees.FeeLine(gettext("Service passport"), 15_000),
        fees.FeeLine(gettext("Seaman's service passport"), 15_000),
        fees.FeeLine(gettext("Private passport, 1 year, aged 18–65"), 5_000),
        fees.FeeLine(gettext("Service or seaman's passport, 1 year, over 18"), 5_000),
        fees.FeeLine(gettext("Second private passport, up to 2 years, aged 18–65"), 30_000),
        fees.FeeLine(gettext("Second private passport, 1 year"), 10_000),
        *_surcharge_summary(),
        *_consular_summary(),
    )


def second_passport_fee_summary() -> tuple:
    return (
        fees.FeeLine(gettext("New second passport, for an equitable reason"), 5_000),
        fees.FeeLine(gettext("New second passport, aged 18–65"), 15_000),
        fees.FeeLine(gettext("Replacing a lost or destroyed one, for an equitable reason"), 10_000),
        fees.FeeLine(gettext("Replacing a lost or destroyed one, aged 18–65"), 30_000),
        *_surcharge_summary(),
        *_consular_summary(),
    )


def acceleration_fee_summary() -> tuple[fees.FeeLine, ...]:
    return _surcharge_summary()


def _surcharge_summary() -> tuple[fees.FeeLine, ...]:
    return (
        fees.FeeLine(gettext("Surcharge for the express procedure (7 days)"), EXPRESS_SURCHARGE),
        fees.FeeLine(gettext("Surcharge for the urgent procedure (3 days)"), URGENT_SURCHARGE),
    )


def _consular_summary() -> tuple[fees.AbroadLine, ...]:
    """The consular fees of a delivery abroad (paid at the consulate, not here)."""
    return (
        fees.AbroadLine(
            gettext("Consular fee for delivery in a country neighbouring Hungary, paid there"),
            consulates.NEIGHBOURING_FEE_EUR,
        ),
        fees.AbroadLine(
            gettext("Consular fee for delivery in another European country, paid there"),
            consulates.EUROPEAN_FEE_EUR,
        ),
        fees.AbroadLine(
            gettext("Consular fee for delivery outside Europe, paid there"),
            consulates.OUTSIDE_EUROPE_FEE_EUR,
        ),
    )
