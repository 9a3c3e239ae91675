"""The fields of a check's form, with the blank form rendered once.

The anonymous checks answer on the page that holds the form, so every answer renders
a blank form again. A blank form (unbound, no initial values) is the same HTML for
every visitor, so each process renders it once per form and language and reuses it:
Django's widget templates were most of the validity check's time (docs/performance.md).
A bound form (with the visitor's values and errors) is rendered every time. A view
that shows a blank form may pass a `BlankForm`: the form is made only when its HTML is
not kept yet.
"""

from __future__ import annotations

from django import forms, template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from document_checks.forms import BlankForm

register = template.Library()

TEMPLATE = "document_checks/_form.html"
_blank: dict[tuple[type, str], SafeString] = {}


@register.simple_tag
def check_form_fields(form: forms.Form | BlankForm) -> SafeString:
    blank = isinstance(form, BlankForm)
    if not blank and (form.is_bound or form.initial):
        return render_to_string(TEMPLATE, {"form": form})
    key = (form.form_class if blank else type(form), translation.get_language())
    if key not in _blank or settings.DEBUG:
        _blank[key] = render_to_string(TEMPLATE, {"form": form.form_class() if blank else form})
    return _blank[key]
