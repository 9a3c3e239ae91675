"""Input rules of the payment page: the card form and the 3-D Secure code."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sandbox.simplepay.cards import (
    CHALLENGE_FAIL,
    CHALLENGE_PASS,
    Card,
    card_for,
    luhn_valid,
    normalize,
)

EXPIRY = re.compile(r"^(0?[1-9]|1[0-2])\s*/\s*(\d{2}|\d{4})$")


class CardForm(forms.Form):
    number = forms.CharField(label=_("Card number"), max_length=30)
    expiry = forms.CharField(
        label=_("Expiry date"), help_text=_("Month and year, for example 09/28."), max_length=9
    )
    cvc = forms.CharField(
        label=_("Security code (CVC)"),
        help_text=_("The last 3 digits on the back of the card."),
        max_length=4,
    )
    holder = forms.CharField(label=_("Name on the card"), max_length=32)

    def clean_number(self) -> str:
        number = normalize(self.cleaned_data["number"])
        if not luhn_valid(number):
            raise forms.ValidationError(
                _("Enter the number as it is printed on the card: 12 to 19 digits.")
            )
        return number

    def clean_expiry(self) -> tuple[int, int]:
        match = EXPIRY.match(self.cleaned_data["expiry"].strip())
        if not match:
            raise forms.ValidationError(_("Enter the month and the year, for example 09/28."))
        month, year = int(match[1]), int(match[2])
        year = year + 2000 if year < 100 else year
        today = timezone.localdate()
        if (year, month) < (today.year, today.month):
            raise forms.ValidationError(_("This card has expired. Use a valid card."))
        return month, year

    def clean_cvc(self) -> str:
        cvc = self.cleaned_data["cvc"].strip()
        if not re.fullmatch(r"\d{3}", cvc):
            raise forms.ValidationError(_("Enter the 3 digits from the back of the card."))
        return cvc

    @property
    def card(self) -> Card:
        return card_for(self.cleaned_data["number"])


class ChallengeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your bank"),
        help_text=_("In the sandbox, 1234 passes the check and 1111 fails it."),
        max_length=10,
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code not in {CHALLENGE_PASS, CHALLENGE_FAIL}:
            raise forms.ValidationError(_("Enter 1234 to pass the check or 1111 to fail it."))
        return code
