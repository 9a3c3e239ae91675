"""Form pieces both residence services share: the foreign address."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

# Postal code formats of the countries Hungarians most often move to (the postal
# administrations' published formats). A code in another shape for one of these, or
# one written as a Hungarian code ("H-1051"), is refused; other countries' codes are
# taken as typed.
POSTAL_CODE_FORMATS = {
    "AT": r"[1-9][0-9]{3}",
    "BE": r"[1-9][0-9]{3}",
    "CH": r"[1-9][0-9]{3}",
    "CZ": r"[1-7][0-9]{2} ?[0-9]{2}",
    "DE": r"[0-9]{5}",
    "DK": r"[1-9][0-9]{3}",
    "ES": r"[0-5][0-9]{4}",
    "FR": r"[0-9]{5}",
    "GB": r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}",
    "HR": r"[1-5][0-9]{4}",
    "IE": r"[A-Z][0-9]{2} ?[A-Z0-9]{4}",
    "IT": r"[0-9]{5}",
    "NL": r"[1-9][0-9]{3} ?[A-Z]{2}",
    "NO": r"[0-9]{4}",
    "PL": r"[0-9]{2}-[0-9]{3}",
    "RO": r"[0-9]{6}",
    "RS": r"[0-9]{5}",
    "SE": r"[1-9][0-9]{2} ?[0-9]{2}",
    "SI": r"[1-9][0-9]{3}",
    "SK": r"[089][0-9]{2} ?[0-9]{2}",
    "UA": r"[0-9]{5}",
    "US": r"[0-9]{5}(-[0-9]{4})?",
    "CA": r"[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]",
    "AU": r"[0-9]{4}",
}
HUNGARIAN_POSTAL_CODE = re.compile(r"(H|HU)?-? ?[1-9][0-9]{3}")


def foreign_countries() -> list[tuple[str, str]]:
    """Every country of ISO 3166-1 but Hungary, named in the active language."""
    return [("", "—")] + [(code, name) for code, name in countries if code != "HU"]


class ForeignAddressStep(forms.Form):
    """The fields of a foreign address; mixed into a step form."""

    country = forms.ChoiceField(
        label=_("Country"),
        choices=foreign_countries,
        error_messages={
            "invalid_choice": _("Choose the country from the list."),
        },
    )
    province = forms.CharField(
        label=_("Province, state or region"),
        max_length=100,
        required=False,
        help_text=_("Only where the country has one in its addresses."),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=12)
    settlement = forms.CharField(label=_("Settlement"), max_length=100)
    street_address = forms.CharField(label=_("Address (street, house number)"), max_length=200)

    def clean_country(self):
        value = self.cleaned_data["country"]
        if value == "HU":
            raise ValidationError(_("A foreign address cannot be in Hungary."), code="hungary")
        return value

    def clean_settlement(self):
        return self.cleaned_data["settlement"].strip()

    def clean_street_address(self):
        return self.cleaned_data["street_address"].strip()

    def clean_province(self):
        return self.cleaned_data["province"].strip()

    def clean(self):
        data = super().clean()
        code = (data.get("postal_code") or "").strip().upper()
        country = data.get("country")
        if code and country:
            error = postal_code_error(code, country)
            if error:
                self.add_error("postal_code", error)
            data["postal_code"] = code
        return data


def postal_code_error(code: str, country: str) -> ValidationError | None:
    pattern = POSTAL_CODE_FORMATS.get(country)
    if re.fullmatch(r"(H|HU) ?-? ?[0-9]{4}", code) or (
        pattern and not re.fullmatch(pattern, code) and HUNGARIAN_POSTAL_CODE.fullmatch(code)
    ):
        return ValidationError(
            _(
                "This looks like a Hungarian postal code. Give the postal code of the foreign "
                "address, as it is written there."
            ),
            code="hungarian_postal_code",
        )
    if pattern and not re.fullmatch(pattern, code):
        return ValidationError(
            _("This is not a postal code of %(country)s: check it against the address."),
            code="postal_code_format",
            params={"country": countries.name(country)},
        )
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9 -]{1,11}", code):
        return ValidationError(
            _("A postal code has letters, digits, spaces and hyphens only."),
            code="postal_code_characters",
        )
    return None
