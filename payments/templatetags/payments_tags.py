from __future__ import annotations

from django import template

from payments.workflow import citizen_state_text

register = template.Library()


@register.filter
def money(amount) -> str:
    """Whole amounts grouped by thousands with a no-break space: 12 500."""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    return f"{value:,}".replace(",", "\u00a0")


@register.filter
def payment_state(state: str) -> str:
    return citizen_state_text(state)
