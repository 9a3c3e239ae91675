"""documents.validity: is this document valid, for this holder?

The visitor names the document type, the number and the holder's identity data
(family name, given names, date of birth). The answer is valid or not valid for that
combination, and nothing more: an unknown number, an unknown person, a number of
someone else, a typo and an invalid document all get the same "not valid" answer, in
the same page and the same one query, so the answer never tells whether the person
or the number exists on its own. The register is read every time (no cache): a card
invalidated a second ago fails now.
"""

from __future__ import annotations

import logging
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from document_checks.check_log import record
from document_checks.forms import NameField, described, normalise_name
from document_checks.models import AnonymousCheck
from documents.models import NUMBER_PATTERNS, Category, Document
from population.identifiers import normalise_document_number

log = logging.getLogger(__name__)

EARLIEST_BIRTH = date(1890, 1, 1)

NUMBER_FORMATS = {
    Category.ID_CARD: _(
        "An identity card number is 6 digits and 2 letters (123456AB), or on the "
        "booklets issued before 2000 2 letters and 6 digits (AB123456)."
    ),
    Category.PASSPORT: _("A passport number is 2 letters and 6 or 7 digits (BE1234567)."),
    Category.DRIVING_LICENCE: _("A driving licence number is 2 letters and 6 digits (CA123456)."),
}


class ValidityForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Document type"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of the document.")},
    )
    number = forms.CharField(
        label=_("Document number"),
        max_length=20,
        help_text=_("As printed on the document, e.g. 123456AB. Spaces do not matter."),
        error_messages={
            "required": _("Enter the document number."),
            "max_length": _("A document number is at most 9 characters long."),
        },
    )
    family_name = NameField(
        label=_("Holder's family name"),
        error_messages={"required": _("Enter the holder's family name.")},
    )
    given_names = NameField(
        label=_("Holder's given names"),
        help_text=_("All given names, as on the document."),
        error_messages={"required": _("Enter the holder's given names.")},
    )
    birth_date = forms.DateField(
        label=_("Holder's date of birth"),
        help_text=_("Year, month, day: for example 1980-05-14."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the holder's date of birth."),
            "invalid": _("Enter the date of birth as year-month-day, for example 1980-05-14."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )
        self.fields["birth_date"].widget.attrs.update({"autocomplete": "off"})
        described(self)

    def clean_number(self) -> str:
        return normalise_document_number(self.cleaned_data["number"])

    def clean_birth_date(self) -> date:
        born = self.cleaned_data["birth_date"]
        if born > timezone.localdate():
            raise forms.ValidationError(
                _("The date of birth cannot be in the future."), code="future"
            )
        if born < EARLIEST_BIRTH:
            raise forms.ValidationError(
                _("The date of birth cannot be before 1890."), code="too_early"
            )
        return born

    def clean(self) -> dict:
        data = super().clean()
        category, number = data.get("category"), data.get("number")
        if category and number and not NUMBER_PATTERNS[category].fullmatch(number):
            self.add_error("number", forms.ValidationError(NUMBER_FORMATS[category]))
        return data


def check(data: dict, today: date | None = None) -> bool:
    """True only when a document of the type has the number, belongs to a living person
    with exactly these identity data, and is valid today. A match, valid or not, is
    counted in the holder's check log (the time only)."""
    today = today or timezone.localdate()
    document = (
        Document.objects.of_category(data["category"])
        .filter(number=data["number"])
        .select_related("holder")
        .first()
    )
    holder = document.holder if document else None
    matches = (
        holder is not None
        and holder.birth_date == data["birth_date"]
        and normalise_name(holder.family_name) == normalise_name(data["family_name"])
        and normalise_name(holder.given_names) == normalise_name(data["given_names"])
    )
    if not matches:
        log.info("document validity check answered")
        return False
    record(AnonymousCheck.Kind.VALIDITY, document=document)
    log.info("document validity check answered")
    return holder.died_on is None and document.is_valid(today)
