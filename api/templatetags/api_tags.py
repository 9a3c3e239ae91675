from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The scopes of settings.API_SCOPES as the consent page words them.
SCOPE_TEXTS = {
    "cases:read": _("see your requests, their state, deadlines and history"),
    "documents:read": _(
        "see and download the documents issued to you, your document inbox and your "
        "documents in the register"
    ),
    "profile:read": _("see your identity data and e-mail address"),
    "appointments:write": _("see, book and cancel your appointments"),
}


@register.filter
def scope_text(scope: str) -> str:
    return str(SCOPE_TEXTS.get(scope, scope))
