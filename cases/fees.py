"""Fees as data.

A case type declares its fee rule in its registry entry as `fee=`: a callable
`(case_or_data) -> FeeQuote`, pure (no database writes, no clock unless the
law says so). The rules below cover the usual shapes as data:

    fee=fees.Flat(3000, _("Administrative service fee"))
    fee=fees.ByChoice("speed", {"normal": 7500, "express": 19500}, _("Passport fee"))

Amounts are whole forints. A consular delivery fee is charged in euros
(20, 40 or 45 EUR); it is shown as its own line and is not part of the forint
total paid by card. There is no fee exemption online ("költségmentesség"):
exemptions are granted only in person, so no rule takes an exemption input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

HUF = "HUF"
EUR = "EUR"
CONSULAR_DELIVERY_EUR: frozenset[int] = frozenset({20, 40, 45})


@dataclass(frozen=True)
class FeeLine:
    label: Any  # lazy translated text
    amount: int  # whole units of `currency`
    currency: str = HUF

    def __post_init__(self) -> None:
        # bool is an int in Python; a fee of True forints is a bug.
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError(f"fee amounts are whole numbers, got {self.amount!r}")
        if self.amount < 0:
            raise ValueError(f"a fee cannot be negative, got {self.amount}")
        if self.currency not in (HUF, EUR):
            raise ValueError(f"fees are in HUF or EUR, got {self.currency!r}")


@dataclass(frozen=True)
class FeeQuote:
    lines: tuple[FeeLine, ...] = field(default_factory=tuple)

    @property
    def huf_lines(self) -> tuple[FeeLine, ...]:
        return tuple(line for line in self.lines if line.currency == HUF)

    @property
    def eur_lines(self) -> tuple[FeeLine, ...]:
        return tuple(line for line in self.lines if line.currency == EUR)

    @property
    def total_huf(self) -> int:
        """What is paid to the portal (by card or transfer)."""
        return sum(line.amount for line in self.huf_lines)

    @property
    def total_eur(self) -> int:
        """What is paid in euros, separately (consular delivery)."""
        return sum(line.amount for line in self.eur_lines)

    @property
    def is_free(self) -> bool:
        return self.total_huf == 0 and self.total_eur == 0

    def __add__(self, other: FeeQuote) -> FeeQuote:
        return FeeQuote(self.lines + other.lines)


FREE = FeeQuote()


def quote(*lines: FeeLine) -> FeeQuote:
    return FeeQuote(tuple(line for line in lines if line.amount > 0))


def line(label: Any, amount: int) -> FeeLine:
    return FeeLine(label, amount)


def consular_delivery(amount_eur: int, label: Any = None) -> FeeLine:
    """The consular delivery fee: one of the fixed euro amounts."""
    if amount_eur not in CONSULAR_DELIVERY_EUR:
        raise ValueError(f"consular delivery fees are 20, 40 or 45 EUR, got {amount_eur!r}")
    return FeeLine(label or _("Consular delivery fee"), amount_eur, EUR)


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


@dataclass(frozen=True)
class ByChoice:
    """A fee chosen by one field of the request (e.g. normal or express)."""

    field: str
    amounts: Mapping[str, int]
    label: Any

    def __call__(self, case_or_data: Any) -> FeeQuote:
        choice = value_of(case_or_data, self.field)
        try:
            amount = self.amounts[choice]
        except KeyError:
            raise ValueError(f"no fee for {self.field}={choice!r}") from None
        return quote(FeeLine(self.label, amount))


@dataclass(frozen=True)
class WithConsularDelivery:
    """A forint fee plus the euro delivery fee of a consulate, when asked for."""

    base: Callable[[Any], FeeQuote]
    field: str = "consular_delivery_eur"

    def __call__(self, case_or_data: Any) -> FeeQuote:
        result = self.base(case_or_data)
        delivery = value_of(case_or_data, self.field)
        if delivery:
            result = result + quote(consular_delivery(int(delivery)))
        return result


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
