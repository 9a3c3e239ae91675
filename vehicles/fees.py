"""The vehicle services' fees (whole forints), as pure functions.

The Webes Ügysegéd service descriptions: the data lookup costs 275 Ft per vehicle
and at least 625 Ft per request; withdrawal from traffic and reinstatement 2300 Ft
each (administrative service fee); a replacement title 6000 Ft, free when the title
was stolen and the police report is attached. Ownership change is free.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases import fees
from portal.money import format_money

LOOKUP_PER_VEHICLE = 275
LOOKUP_MINIMUM = 625
WITHDRAWAL_FEE = 2300
REINSTATEMENT_FEE = 2300
TITLE_REPLACEMENT_FEE = 6000


def data_lookup_fee(vehicle_count: int) -> int:
    """The data lookup fee for `vehicle_count` vehicles, in forints.

    >>> [data_lookup_fee(n) for n in (1, 2, 3, 4, 5)]
    [625, 625, 825, 1100, 1375]
    """
    if not isinstance(vehicle_count, int) or isinstance(vehicle_count, bool):
        raise TypeError(f"vehicle_count must be a whole number, got {vehicle_count!r}")
    if vehicle_count < 1:
        raise ValueError("a data lookup covers at least one vehicle")
    return max(LOOKUP_MINIMUM, LOOKUP_PER_VEHICLE * vehicle_count)


def data_lookup_quote(case_or_data: Any) -> fees.FeeQuote:
    queries = fees.value_of(case_or_data, "queries") or []
    count = len(queries)
    return fees.quote(
        fees.FeeLine(
            _("Vehicle data lookup: %(count)d vehicle(s), %(each)s each, at least %(minimum)s")
            % {
                "count": count,
                "each": format_money(LOOKUP_PER_VEHICLE),
                "minimum": format_money(LOOKUP_MINIMUM),
            },
            data_lookup_fee(count),
        )
    )


def data_lookup_fee_summary() -> tuple[fees.FeeLine, ...]:
    """The lookup fee for the information page: the rule, then what it makes of 1 to 5 vehicles."""
    return (
        fees.FeeLine(gettext("Per vehicle"), LOOKUP_PER_VEHICLE),
        fees.FeeLine(gettext("At least, per request"), LOOKUP_MINIMUM),
        *(
            fees.FeeLine(
                ngettext("%(count)d vehicle", "%(count)d vehicles", count) % {"count": count},
                data_lookup_fee(count),
            )
            for count in range(1, 6)
        ),
    )


withdrawal_quote = fees.Flat(WITHDRAWAL_FEE, _("Administrative service fee"))
reinstatement_quote = fees.Flat(REINSTATEMENT_FEE, _("Administrative service fee"))


def title_replacement_quote(case_or_data: Any) -> fees.FeeQuote:
    """6000 Ft duty; none when stolen and the police report is attached."""
    reason = fees.value_of(case_or_data, "reason")
    if reason is None:
        raise ValueError("the reason decides the fee")
    if reason == "stolen" and _has_police_report(case_or_data):
        return fees.FREE
    return fees.quote(fees.FeeLine(_("Procedural duty"), TITLE_REPLACEMENT_FEE))


def title_replacement_fee_summary() -> tuple[fees.FeeLine, ...]:
    """The duty for the information page: the amount, and none for a stolen title."""
    return (
        fees.FeeLine(gettext("Procedural duty"), TITLE_REPLACEMENT_FEE),
        fees.FeeLine(gettext("If the title was stolen and the police report is attached"), 0),
    )


def _has_police_report(case_or_data: Any) -> bool:
    if isinstance(case_or_data, dict):
        return bool(case_or_data.get("police_report"))
    attachments = getattr(case_or_data, "attachments", None)
    if attachments is None:
        return False
    return attachments.filter(kind="police_report").exists()
