"""Form fields that several apps share."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# RFC 5321 4.5.3.1: a mail server need not accept a longer local part or path, so
# an address beyond these limits cannot be relied on to get mail. 254 is also the
# width of every e-mail column here (Django's `EmailField` default).
MAX_LOCAL_PART = 64
MAX_ADDRESS = 254


def validate_address_length(value: str) -> None:
    local_part = value.rpartition("@")[0]
    if len(local_part) > MAX_LOCAL_PART:
        raise ValidationError(
            _(
                "The part of the e-mail address before the @ can be at most %(max)d characters "
                "long (this one has %(length)d). Please check the address."
            ),
            code="local_part_too_long",
            params={"max": MAX_LOCAL_PART, "length": len(local_part)},
        )
    if len(value) > MAX_ADDRESS:
        raise ValidationError(
            _(
                "An e-mail address can be at most %(max)d characters long (this one has "
                "%(length)d). Please check the address."
            ),
            code="address_too_long",
            params={"max": MAX_ADDRESS, "length": len(value)},
        )


class EmailAddressField(forms.EmailField):
    """An e-mail address that mail can be delivered to and that fits its column.

    The lengths are checked before the format, with a message of their own: Django's
    `EmailField` takes a 300-character local part as valid, and the column then
    refuses it with a database error.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", str(MAX_ADDRESS))

    def run_validators(self, value) -> None:
        # One message at a time: an address too long for any mail server is not
        # also told that its format is wrong.
        if value not in self.empty_values:
            validate_address_length(value)
        super().run_validators(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id wider than 64 bits as an unknown choice.

    Django checks the chosen ids with one `IN` query, and SQLite (the embedded
    database) raises `OverflowError` for an integer it cannot store instead of
    finding nothing; a single id is compared safely, so only lists need this.
    """

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        for choice in value or ():
            if key == "pk" and _wider_than_64_bits(choice):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": choice},
                )
        return super()._check_values(value)


def _wider_than_64_bits(value) -> bool:
    try:
        return abs(int(str(value))) >= 2**63
    except ValueError:
        return False


# A date as it is written in Hungarian (2026. 03. 01.), or with - or / between
# year, month and day (2026-03-01, the browser's and the stored drafts' form).
_DATE = re.compile(r"(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\s*\.?")


class DateInput(forms.TextInput):
    """A date in one text box: one Tab stop that shows the portal's focus ring.

    A browser date input makes day, month and year three Tab stops whose focus the
    page cannot style (WCAG 2.4.7); this is the one-box alternative to the GOV.UK
    three-box pattern, in the order Hungarians write a date.
    """

    def __init__(self, attrs=None) -> None:
        defaults = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return value.strftime("%Y. %m. %d.")
        return super().format_value(value)


class DateField(forms.DateField):
    """A date typed as year, month and day, in any of the usual separators."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Enter a real date as year, month and day, for example 2026. 03. 01."),
    }

    def __init__(self, **kwargs) -> None:
        example = _("Year, month, day: for example 2026. 03. 01.")
        given = kwargs.get("help_text")
        kwargs["help_text"] = format_lazy("{} {}", given, example) if given else example
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            found = _DATE.fullmatch(value.strip())
            if found is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            try:
                return date(*(int(part) for part in found.groups()))
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)
