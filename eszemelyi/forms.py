"""Input rules of the card services' forms (shape only; eligibility is elsewhere)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eszemelyi.models import EmergencyNumbersRequest
from population.identifiers import normalise_phone_number, validate_phone_number
from portal.forms import EmailAddressField

# The whole value, checked before the phone number library sees it: that library reads
# "+36 30 123 4567 x" or a number with fullwidth digits as a plain number, and a value
# with a newline or an extension must be refused, not quietly shortened onto the chip.
PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()/.-]+")


def _described(form: forms.Form) -> None:
    """Point every field at its error and help texts (WCAG 3.3.1)."""
    for name, field in form.fields.items():
        described = [f"id_{name}_error"]
        if field.help_text:
            described.append(f"id_{name}_helptext")
        field.widget.attrs.setdefault("aria-describedby", " ".join(described))


class EmergencyNumberForm(forms.Form):
    slot = forms.TypedChoiceField(
        label=_("Which of the two places on the chip"),
        choices=[(1, _("First number")), (2, _("Second number"))],
        coerce=int,
        widget=forms.RadioSelect,
        initial=1,
    )
    action = forms.ChoiceField(
        label=_("What to do"),
        choices=EmergencyNumbersRequest.Action.choices,
        widget=forms.RadioSelect,
        initial=EmergencyNumbersRequest.Action.SET,
    )
    number = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        strip=False,  # only spaces are trimmed (in clean): a newline is refused
        help_text=_("With the country code for a foreign number, for example +36 30 123 4567."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I declare that I give this phone number with the consent of the person it belongs to."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _described(self)

    def clean(self):
        data = super().clean()
        if data.get("action") != EmergencyNumbersRequest.Action.SET:
            data["number"] = ""
            return data
        number = (data.get("number") or "").strip(" ")
        if not number:
            self.add_error("number", _("Give the phone number to record."))
            return data
        if not PHONE_CHARACTERS.fullmatch(number):
            self.add_error(
                "number",
                _("Use only digits, spaces and the characters + ( ) - / . in the phone number."),
            )
            return data
        try:
            validate_phone_number(number)
        except ValidationError as error:
            self.add_error("number", error)
            return data
        data["number"] = normalise_phone_number(number)
        if not data.get("consent"):
            self.add_error(
                "consent",
                _("Recording a number needs your declaration that its holder consented."),
            )
        return data


class EsignForm(forms.Form):
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_("We send notices about the certificate here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email_in_certificate = forms.TypedChoiceField(
        label=_("Should your e-mail address be in the certificate?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    publish_in_directory = forms.TypedChoiceField(
        label=_("Should the certificate be published in the provider's public directory?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _described(self)
