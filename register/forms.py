"""Form pieces shared by the register's services: an address of the address list, a
post office box, a postal service point, and the alert channels with their contacts."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from population.identifiers import (
    normalise_phone_number,
    validate_phone_number,
    validate_postal_code,
)
from portal.forms import EmailAddressField
from register.models import Channel, PostOfficeBox, Property

_SPACES = re.compile(r"\s+")
_BOX = re.compile(r"(?:pf\.?\s*)?(\d{1,5})\.?", re.IGNORECASE)


_PK = re.compile(r"[1-9][0-9]{0,9}")


class RowChoiceField(forms.ModelChoiceField):
    """A model choice whose key is checked for shape before the database sees it: a
    number too long for the column is an invalid choice, not a server error."""

    def to_python(self, value):
        if value not in self.empty_values and not _PK.fullmatch(str(value).strip()):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """`RowChoiceField` for several rows."""

    def _check_values(self, value):
        for pk in value or []:
            if not _PK.fullmatch(str(pk).strip()):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def _norm(text: str) -> str:
    return _SPACES.sub(" ", (text or "").strip().rstrip(".")).casefold()


def find_property(postal_code: str, settlement: str, street_address: str) -> Property | None:
    """The address list's entry for the address as typed (case, spaces and a final
    full stop do not matter)."""
    wanted = (_norm(settlement), _norm(street_address))
    for prop in Property.objects.filter(postal_code=postal_code.strip()):
        if (_norm(prop.settlement), _norm(prop.street_address)) == wanted:
            return prop
    return None


def clean_postal_code(value: str) -> str:
    value = (value or "").strip()
    validate_postal_code(value)
    return value


def parse_box_number(value: str) -> int:
    """A box number as written ("281", "Pf. 281"), or a field error on any other shape."""
    match = _BOX.fullmatch((value or "").strip())
    if not match or int(match.group(1)) == 0:
        raise ValidationError(
            _("A post office box number is 1 to 5 digits, for example 281 (or Pf. 281)."),
            code="po_box_format",
        )
    return int(match.group(1))


def property_from(form, prefix: str = "") -> Property | None:
    """Look up the address typed into `<prefix>postal_code`, `<prefix>settlement` and
    `<prefix>street_address` of a bound form, adding a field error when it does not exist."""
    data = form.cleaned_data
    code = data.get(f"{prefix}postal_code")
    settlement = data.get(f"{prefix}settlement")
    street = data.get(f"{prefix}street_address")
    if not (code and settlement and street):
        return None
    prop = find_property(code, settlement, street)
    if prop is None:
        form.add_error(
            f"{prefix}street_address",
            ValidationError(
                _(
                    "This address is not in the address list. Check the postal code, the "
                    "settlement and the street address (street, house number, and floor and "
                    "door if any) as they are written on your address card."
                ),
                code="unknown_address",
            ),
        )
    return prop


def box_from(form) -> PostOfficeBox | None:
    data = form.cleaned_data
    code, number = data.get("po_box_postal_code"), data.get("po_box_number")
    if not (code and number):
        return None
    box = PostOfficeBox.objects.filter(postal_code=code, number=number).first()
    if box is None:
        form.add_error(
            "po_box_number",
            ValidationError(
                _("No post office box with this number exists at the post office of %(code)s.")
                % {"code": code},
                code="unknown_po_box",
            ),
        )
    return box


class AddressFieldsMixin(forms.Form):
    postal_code = forms.CharField(label=_("Postal code"), max_length=4, required=False)
    settlement = forms.CharField(label=_("Settlement"), max_length=100, required=False)
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        help_text=_("Street, house number, and floor and door if any, e.g. Fő utca 12. 2/5."),
    )

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code")
        return clean_postal_code(value) if value else value


class PoBoxFieldsMixin(forms.Form):
    po_box_postal_code = forms.CharField(
        label=_("Postal code of the post office"), max_length=4, required=False
    )
    po_box_number = forms.CharField(
        label=_("Post office box number"),
        max_length=12,
        required=False,
        help_text=_("For example 281."),
    )

    def clean_po_box_postal_code(self):
        value = self.cleaned_data.get("po_box_postal_code")
        return clean_postal_code(value) if value else value

    def clean_po_box_number(self):
        value = self.cleaned_data.get("po_box_number")
        return parse_box_number(value) if value else None


def require(form, names) -> None:
    """A field error on each of `names` left empty (fields required by another answer)."""
    for name in names:
        if form.cleaned_data.get(name) in (None, "", []) and name not in form.errors:
            form.add_error(name, ValidationError(_("This field is required."), code="required"))


class ChannelFieldsMixin(forms.Form):
    """The alert channels and the contact of each chosen one."""

    channels = forms.MultipleChoiceField(
        label=_("Alert me by"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("You may choose several. SMS and e-mail together cost less than apart."),
    )
    email = EmailAddressField(label=_("E-mail address for the alerts"), required=False)
    phone = forms.CharField(
        label=_("Mobile number for the SMS alerts"), max_length=20, required=False
    )
    fax = forms.CharField(label=_("Fax number"), max_length=20, required=False)
    letter_address = forms.CharField(
        label=_("Postal address for the letters"), max_length=300, required=False
    )
    CONTACTS = {"email": "email", "sms": "phone", "fax": "fax", "letter": "letter_address"}
    conditionally_required = ("email", "phone", "fax", "letter_address")

    def clean_phone(self):
        value = self.cleaned_data.get("phone")
        if value:
            validate_phone_number(value)
            return normalise_phone_number(value)
        return value

    def clean_fax(self):
        value = self.cleaned_data.get("fax")
        if value:
            validate_phone_number(value)
            return normalise_phone_number(value)
        return value

    def require_contacts(self) -> None:
        chosen = self.cleaned_data.get("channels") or []
        require(self, [self.CONTACTS[c] for c in chosen if c in self.CONTACTS])
