"""Fees as data: the interface through which the spine asks what a case costs.

A case type declares its fee rule in its registry entry as `fee=`: a callable
`(case_or_data) -> FeeQuote`, pure (no database writes, no clock unless the
law says so), e.g.

    fee=fees.Flat(3000, _("Administrative service fee"))

The spine owns these types, so that filing a case asks for its fee without
knowing how it is paid; `payments` reads the same quote to charge it.

Amounts are whole forints, paid by card or transfer. A fee paid elsewhere (the
consular fee of a passport delivered abroad, in euros at the consulate) is an
`AbroadLine`: shown with the quote, never part of what the portal collects.
There is no fee exemption online ("költségmentesség"): exemptions are granted
only in person, so no rule takes an exemption input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

HUF = "HUF"  # every fee is in forints; payments charge in this currency


@dataclass(frozen=True)
class FeeLine:
    label: Any  # lazy translated text
    amount: int  # whole forints

    def __post_init__(self) -> None:
        # bool is an int in Python; a fee of True forints is a bug.
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError(f"fee amounts are whole numbers, got {self.amount!r}")
        if self.amount < 0:
            raise ValueError(f"a fee cannot be negative, got {self.amount}")


@dataclass(frozen=True)
class AbroadLine:
    """A fee paid abroad to someone else (e.g. the consulate), in its own currency;
    shown to the citizen, not collected by the portal."""

    label: Any  # lazy translated text
    amount: int  # whole units of `currency`
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError(f"fee amounts are whole numbers, got {self.amount!r}")
        if self.amount <= 0:
            raise ValueError(f"a fee paid abroad is positive, got {self.amount}")


@dataclass(frozen=True)
class FeeQuote:
    lines: tuple[FeeLine, ...] = field(default_factory=tuple)
    # Paid abroad, not to the portal: not in `total_huf`.
    abroad: tuple[AbroadLine, ...] = field(default_factory=tuple)

    @property
    def total_huf(self) -> int:
        """What is paid to the portal (by card or transfer)."""
        return sum(line.amount for line in self.lines)

    @property
    def is_free(self) -> bool:
        return self.total_huf == 0

    def __add__(self, other: FeeQuote) -> FeeQuote:
        return FeeQuote(self.lines + other.lines, self.abroad + other.abroad)


FREE = FeeQuote()


def quote(*lines: FeeLine) -> FeeQuote:
    return FeeQuote(tuple(line for line in lines if line.amount > 0))


def value_of(case_or_data: Any, name: str, default: Any = None) -> Any:
    """Read a field from form data (a mapping), a case's detail object, or a case."""
    if isinstance(case_or_data, Mapping):
        return case_or_data.get(name, default)
    detail = getattr(case_or_data, "detail", None)
    if detail is not None and hasattr(detail, name):
        return getattr(detail, name)
    return getattr(case_or_data, name, default)


@dataclass(frozen=True)
class Flat:
    """The same fee whatever was asked."""

    amount: int
    label: Any

    def __call__(self, case_or_data: Any = None) -> FeeQuote:
        return quote(FeeLine(self.label, self.amount))


def quote_for(case: Any) -> FeeQuote:
    """The fee of a case by its type's rule; free when the type has none.

    A rule that returns a plain whole number (the registry's original
    contract) is read as one fee line.
    """
    rule = case.type.fee
    if rule is None:
        return FREE
    result = rule(case)
    if result is None:
        return FREE
    if isinstance(result, FeeQuote):
        return result
    return quote(FeeLine(_("Fee"), result))
