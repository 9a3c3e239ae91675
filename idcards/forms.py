"""Form pieces both ID card services share: the card, named by its number."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from documents.models import Document, DocumentKind
from idcards.models import REASON_CHOICES
from population.identifiers import normalise_document_number

ID_CARD_KINDS = (DocumentKind.ID_CARD, DocumentKind.TEMPORARY_ID_CARD)
# Card-format numbers are 6 digits and 2 letters; book-format IDs had 2 letters and
# 6 digits. Both are read, so that a booklet gets its own answer, not a format error.
NUMBER_PATTERN = r"[0-9]{6}[A-Z]{2}|[A-Z]{2}[0-9]{6}"


def own_card(person, number: str) -> Document | None:
    if person is None:
        return None
    return (
        Document.objects.filter(holder=person, kind__in=ID_CARD_KINDS, number=number)
        .order_by("-issued_on")
        .first()
    )


class CardNumberField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("ID card number (document identifier)"))
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "help_text",
            _("As printed on the card: 6 digits and 2 letters, for example 123456AB."),
        )
        kwargs.setdefault(
            "error_messages",
            {"required": _("Give the number of the ID card (6 digits and 2 letters).")},
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        number = normalise_document_number(value)
        if not re.fullmatch(NUMBER_PATTERN, number):
            raise ValidationError(
                _(
                    "An ID card number is 6 digits followed by 2 letters, for example "
                    "123456AB. Check the number on the card."
                ),
                code="id_card_format",
            )
        return number


class CardStep(StepForm):
    """The card and what happened to it. The card found among the applicant's own ID
    cards goes into the answers as `card` for the checks and the effect."""

    title = _("The ID card")

    number = CardNumberField()
    reason = forms.ChoiceField(
        label=_("The ID card was"),
        choices=REASON_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened to the ID card.")},
    )

    def clean(self):
        data = super().clean()
        number = data.get("number")
        if number:
            card = own_card(getattr(self.applicant, "person", None), number)
            if card is None:
                self.add_error(
                    "number",
                    ValidationError(
                        _(
                            "No ID card of yours with the number %(number)s is in the register. "
                            "Check the number on the card, or on a copy of it."
                        ),
                        code="unknown_card",
                        params={"number": number},
                    ),
                )
            data["card"] = card
        return data
