"""Money and counts as the citizen reads them, in one place.

Hungarian groups thousands with a no-break space and puts the unit after the
number ("2 300 Ft"); English writes the ISO code first and groups with commas
("HUF 2,300"). Every page, e-mail, PDF and admin screen formats through here,
so an amount never reads two ways on one screen.
"""

from __future__ import annotations

from django.utils import translation

# A no-break space: a line never breaks inside "2 300 Ft".
NBSP = "\u00a0"

_HUNGARIAN_UNIT = {"HUF": "Ft", "EUR": "EUR"}


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "hu").split("-")[0]


def format_number(value: int, *, language: str | None = None) -> str:
    """A whole number grouped by thousands: "29 400" in Hungarian, "29,400" in English."""
    grouped = f"{int(value):,}"
    if _language(language) == "en":
        return grouped
    return grouped.replace(",", NBSP)


def format_money(amount: int, currency: str = "HUF", *, language: str | None = None) -> str:
    """A whole amount with its currency: "2 300 Ft" in Hungarian, "HUF 2,300" in English."""
    number = format_number(amount, language=language)
    if _language(language) == "en":
        return f"{currency}{NBSP}{number}"
    return f"{number}{NBSP}{_HUNGARIAN_UNIT.get(currency, currency)}"
