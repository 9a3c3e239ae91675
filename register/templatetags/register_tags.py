"""Template filters of the register's services."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from register import change_notice, data
from register.fees import CHANNEL_LABELS

register = template.Library()


@register.filter
def own_data_sections(snapshot: dict) -> list[dict]:
    """A stored own-data snapshot with headings and labels in the reader's language."""
    return data.labelled(snapshot or {})


@register.filter
def item_rows(values: dict) -> list[tuple[str, str]]:
    """Item codes and values as (label, value) rows."""
    return [(str(data.LABELS.get(item, item)), text) for item, text in (values or {}).items()]


@register.filter
def body_name(code: str) -> str:
    body = change_notice.BODIES.get(code)
    return f"{gettext(body.name)} – {gettext(body.register)}" if body else code


@register.filter
def channel_names(channels) -> str:
    return ", ".join(str(CHANNEL_LABELS.get(c, c)) for c in channels or [])
