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
from functools import cache

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from document_checks.check_log import record
from document_checks.forms import NameField, described, normalise_name
from document_checks.models import AnonymousCheck
from documents.models import CATEGORY_KINDS, NUMBER_PATTERNS, Category, Document
from population.identifiers import normalise_document_number
from population.models import Person

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


# What the answer reads of the document (in the model's field order, as `from_db`
# takes them) and of its holder.
DOCUMENT_FIELDS = tuple(
    f.attname
    for f in Document._meta.concrete_fields
    if f.attname in {"id", "kind", "validity", "expires_on"}
)
HOLDER_FIELDS = ("birth_date", "family_name", "given_names", "died_on")


def check(data: dict, today: date | None = None) -> bool:
    """True only when a document of the type has the number, belongs to a living person
    with exactly these identity data, and is valid today. A match, valid or not, is
    counted in the holder's check log (the time only)."""
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            _lookup_sql(data["category"]), [data["number"], *CATEGORY_KINDS[data["category"]]]
        )
        row = cursor.fetchone()
    holder = dict(zip(HOLDER_FIELDS, row[len(DOCUMENT_FIELDS) :], strict=True)) if row else None
    matches = (
        holder is not None
        and holder["birth_date"] == data["birth_date"]
        and normalise_name(holder["family_name"]) == normalise_name(data["family_name"])
        and normalise_name(holder["given_names"]) == normalise_name(data["given_names"])
    )
    log.info("document validity check answered")
    if not matches:
        return False
    document = Document.from_db(connection.alias, DOCUMENT_FIELDS, row[: len(DOCUMENT_FIELDS)])
    record(AnonymousCheck.Kind.VALIDITY, document=document)
    return holder["died_on"] is None and document.is_valid(today)


@cache
def _lookup_sql(category: str) -> str:
    """One fixed statement per category: the first document of the category with the
    number (DOCUMENT_FIELDS) and what the answer compares of its holder (HOLDER_FIELDS).
    Every check runs it, and the ORM spent a millisecond building the query and two
    model instances, more than the index probe took (ADR 0032; the API's token lookup
    does the same, ADR 0029)."""
    document, person = Document._meta, Person._meta
    q = connection.ops.quote_name
    columns = [f"d.{q(document.get_field(name).column)}" for name in DOCUMENT_FIELDS] + [
        f"p.{q(person.get_field(name).column)}" for name in HOLDER_FIELDS
    ]
    number, kind, holder = (
        q(document.get_field(name).column) for name in ("number", "kind", "holder")
    )
    kinds = ", ".join(["%s"] * len(CATEGORY_KINDS[category]))
    return (
        f"SELECT {', '.join(columns)} FROM {q(document.db_table)} d "
        f"JOIN {q(person.db_table)} p ON p.{q(person.pk.column)} = d.{holder} "
        f"WHERE d.{number} = %s AND d.{kind} IN ({kinds}) "
        f"ORDER BY d.{q(document.pk.column)} LIMIT 1"
    )
