"""Input rules of the office finder and of booking; every message names its field."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.services import SERVICE_CHOICES
from cases.flow import style_control

POSTAL_OR_NAME = re.compile(r"^[\w .'’\-]{1,100}$", re.UNICODE)


class StyledForm(forms.Form):
    """Bootstrap classes, and each control described by its help and its errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            style_control(field.widget)
            described = [f"id_{name}_error"]
            if field.help_text:
                described.insert(0, f"id_{name}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(described)

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            self.fields[field].widget.attrs["aria-invalid"] = "true"


class FinderForm(StyledForm):
    """Find offices (or bus stops) by settlement or postal code and by service."""

    q = forms.CharField(
        label=_("Settlement or postal code"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Enter at most 100 characters.")},
    )
    service = forms.ChoiceField(
        label=_("Matter"),
        required=False,
        choices=[("", _("Any matter"))] + SERVICE_CHOICES,
        error_messages={"invalid_choice": _("Choose a matter from the list.")},
    )

    def clean_q(self) -> str:
        value = " ".join(self.cleaned_data["q"].split())
        if value and not POSTAL_OR_NAME.match(value):
            raise forms.ValidationError(
                _("Enter a settlement name or a four-digit postal code."), code="invalid"
            )
        return value


class ServiceForm(StyledForm):
    service = forms.ChoiceField(
        label=_("What would you like to handle?"),
        choices=SERVICE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the matter you are booking for."),
            "invalid_choice": _("Choose a matter from the list."),
        },
    )


class SlotForm(StyledForm):
    """The chosen time; the free times themselves are checked by the booking."""

    slot = forms.CharField(
        label=_("Time"),
        max_length=16,
        error_messages={"required": _("Choose a time from the list.")},
    )


class ContactForm(StyledForm):
    """Who books without logging in: the confirmation link goes to this address."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Enter at most 150 characters."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send the link that confirms the booking here."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like nev@example.hu."),
            "max_length": _("Enter at most 254 characters."),
        },
    )

    def clean_name(self) -> str:
        value = " ".join(self.cleaned_data["name"].split())
        if any(ord(char) < 32 for char in value) or not any(char.isalpha() for char in value):
            raise forms.ValidationError(_("Enter your name in letters."), code="invalid")
        return value
