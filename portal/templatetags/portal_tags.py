from __future__ import annotations

from django import template
from django.utils import translation

from cases.events import label_of
from cases.workflow import citizen_status_text

register = template.Library()


@register.filter
def tr(text) -> str:
    """The current language's version of a catalogue `Text`."""
    return text.get(translation.get_language() or "hu")


@register.filter
def citizen_status(status: str) -> str:
    return citizen_status_text(status)


@register.filter
def event_label(kind: str) -> str:
    return label_of(kind)
