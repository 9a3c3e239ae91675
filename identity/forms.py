"""The citizen's natural identity data ("4T") and e-mail address, given at first login."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from identity.models import User
from portal.forms import DateField, DateInput, EmailAddressField

NAME_PUNCTUATION = frozenset(" -'’.")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# The order of the 4T data on every Hungarian form.
SECTIONS: list[tuple[Promise, list[str]]] = [
    (_("Current name"), ["last_name", "first_name"]),
    (_("Birth name"), ["birth_family_name", "birth_given_names"]),
    (_("Mother's birth name"), ["mother_family_name", "mother_given_names"]),
    (_("Place and date of birth"), ["birth_place", "birth_date"]),
    (_("Contact"), ["email"]),
]
IDENTITY_FIELDS = [name for _legend, names in SECTIONS for name in names if name != "email"]


def validate_name(value: str) -> None:
    """Letters, and between them only spaces, hyphens, apostrophes and dots."""
    if any(not (char.isalpha() or char in NAME_PUNCTUATION) for char in value):
        raise ValidationError(
            _("Use only letters, spaces, hyphens, apostrophes and dots."), code="name_characters"
        )
    if not any(char.isalpha() for char in value):
        raise ValidationError(_("Enter at least one letter."), code="name_no_letter")


def validate_birth_date(value: date) -> None:
    if value >= timezone.localdate():
        raise ValidationError(_("The date of birth must be in the past."), code="birth_future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The date of birth cannot be earlier than 1900."), code="birth_too_early"
        )


class NameField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=100, validators=[validate_name], **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # One form for accented letters (a decomposed "é" is not a letter plus
        # a mark) and single spaces, as the register writes names.
        return " ".join(unicodedata.normalize("NFC", value).split())


def editable_fields(user: User) -> list[str]:
    """What the citizen may give: the 4T data the identity provider did not
    send, and the e-mail address until it is confirmed."""
    names = [name for name in IDENTITY_FIELDS if not getattr(user, name)]
    if user.email_confirmed_at is None:
        names.append("email")
    return names


@dataclass(frozen=True)
class Provided:
    label: str
    value: object


@dataclass(frozen=True)
class Section:
    legend: str
    provided: list[Provided]
    fields: list[forms.BoundField]


class CompleteProfileForm(forms.Form):
    """Only the missing data are fields; what the identity provider sent is not
    part of the form at all, so a posted value for it is never read."""

    last_name = NameField(
        label=_("Current family name"),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    first_name = NameField(
        label=_("Current given name(s)"),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    birth_family_name = NameField(label=_("Birth family name"))
    birth_given_names = NameField(label=_("Birth given name(s)"))
    mother_family_name = NameField(label=_("Mother's birth family name"))
    mother_given_names = NameField(label=_("Mother's birth given name(s)"))
    birth_place = NameField(label=_("Place of birth"))
    birth_date = DateField(
        label=_("Date of birth"),
        validators=[validate_birth_date],
        widget=DateInput(attrs={"autocomplete": "bday"}),
    )
    email = EmailAddressField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address; open it to confirm the address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        editable = set(editable_fields(user))
        kwargs.setdefault("initial", {"email": user.email} if "email" in editable else {})
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
            else:
                self.fields[name].widget.attrs["class"] = "form-control"

    def clean_email(self) -> str:
        return BaseUserManager.normalize_email(self.cleaned_data["email"])

    def sections(self) -> list[Section]:
        sections = []
        for legend, names in SECTIONS:
            provided = [
                Provided(label=self.base_fields[name].label, value=getattr(self.user, name))
                for name in names
                if name not in self.fields
            ]
            fields = [self[name] for name in names if name in self.fields]
            sections.append(Section(legend=legend, provided=provided, fields=fields))
        return sections
