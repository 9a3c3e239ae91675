"""`criminal_record.check`: anyone checks a certificate from the data printed on it.

The Webes Ügysegéd service description ("Erkölcsi bizonyítvány online
ellenőrzése"): a yes/no answer, within seconds, that the certificate is valid,
was issued with that content by the ministry, has not expired and was not revoked.
No login, free. A "no" may mean mistyped data: the page says so. Data that cannot
be on a certificate at all (a malformed number, an impossible date) get a message
at the field instead of a "no".
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.flow import style_control
from criminal_records.models import Certificate


def normalize_number(typed: str) -> str | None:
    """`EB-2026-000123` from what a person typed ("eb 2026 000123"), or None."""
    compact = re.sub(r"[\s\-–]", "", typed or "").upper()
    match = re.fullmatch(r"EB(\d{4})(\d{6})", compact)
    return f"EB-{match.group(1)}-{match.group(2)}" if match else None


def _folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


class CheckForm(forms.Form):
    number = forms.CharField(
        label=_("Number of the certificate"),
        max_length=30,
        help_text=_("As printed at the top of the certificate, e.g. EB-2026-000123."),
    )
    name = forms.CharField(label=_("Name (as printed on the certificate)"), max_length=200)
    mother_name = forms.CharField(label=_("Mother's birth name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    issued_on = forms.DateField(
        label=_("Date of issue"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            described = [f"id_{self.add_prefix(name)}_error"]
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}_helptext")
            field.widget.attrs.setdefault("aria-describedby", " ".join(described))
            style_control(field.widget)

    def clean_number(self):
        number = normalize_number(self.cleaned_data["number"])
        if number is None:
            raise ValidationError(
                _(
                    "A certificate number looks like EB-2026-000123: the letters EB, the year "
                    "and six digits."
                ),
                code="format",
            )
        return number

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."), code="future")
        return value

    def clean_issued_on(self):
        value = self.cleaned_data["issued_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date of issue cannot be in the future."), code="future")
        return value


def find_valid(data) -> Certificate | None:
    """The certificate the data describe, if it is valid today; None otherwise (not
    issued with these data, expired, or revoked: the answer does not say which)."""
    certificate = Certificate.objects.select_related("person").filter(number=data["number"]).first()
    if certificate is None:
        return None
    person = certificate.person
    matches = (
        _folded(data["name"]) == _folded(person.full_name)
        and _folded(data["mother_name"]) == _folded(person.mother_birth_name)
        and data["birth_date"] == person.birth_date
        and data["issued_on"] == certificate.issued_on
    )
    return certificate if matches and certificate.is_valid() else None
