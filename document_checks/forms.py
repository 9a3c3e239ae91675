"""Form pieces the anonymous checks share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.flow import style_control

# Letters of any script, spaces, hyphens, apostrophes and dots (dr., ifj.).
_NAME = re.compile(r"[^\W\d_]+(?:[ .'’-]+[^\W\d_]+)*\.?")


@dataclass(frozen=True)
class BlankForm:
    """A blank form of `form_class` for the check pages: the template tag that shows
    it (check_forms) keeps its HTML and makes the form only when it has none yet. A
    class itself cannot go to a template, which would call it."""

    form_class: type[forms.Form]
    errors = None  # what base.html's title reads of a page's form


def described(form: forms.Form) -> None:
    """Point every field at its error and help texts (WCAG 3.3.1), mark the fields in
    error as invalid, and style the controls as every other page does."""
    for name, field in form.fields.items():
        ids = [f"id_{name}_error"]
        if field.help_text:
            ids.append(f"id_{name}_helptext")
        field.widget.attrs["aria-describedby"] = " ".join(ids)
        if form.is_bound and name in form.errors:
            field.widget.attrs["aria-invalid"] = "true"
        style_control(field.widget)


def normalise_name(value: str) -> str:
    """The form names are compared in: composed accents, no case, single spaces,
    no spaces around hyphens ("KOVÁCS - Nagy" and "Kovács-Nagy" are the same)."""
    text = unicodedata.normalize("NFC", value).casefold()
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


class NameField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _("A name can be at most 100 characters long.")

    def clean(self, value):
        value = super().clean(value)
        if value and not _NAME.fullmatch(unicodedata.normalize("NFC", value.strip())):
            raise forms.ValidationError(
                _("A name can contain only letters, spaces, hyphens, apostrophes and dots."),
                code="name_characters",
            )
        return value
