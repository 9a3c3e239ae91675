from __future__ import annotations

from django import template

from payments.workflow import citizen_state_text

register = template.Library()


@register.filter
def payment_state(state: str) -> str:
    return citizen_state_text(state)
