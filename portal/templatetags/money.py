"""`{{ amount|money }}` and `{{ km|number }}`: the template side of `portal.money`."""

from __future__ import annotations

from django import template

from portal.money import format_money, format_number

register = template.Library()


@register.filter
def money(amount, currency: str = "HUF") -> str:
    """ "2 300 Ft" / "HUF 2,300"; an empty string for a missing amount."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    return format_money(value, currency or "HUF")


@register.filter
def number(value) -> str:
    """ "29 400" / "29,400"; a value that is not a whole number is shown as it is."""
    try:
        whole = int(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return format_number(whole)
