"""`residence.foreign_address_change`: a Hungarian citizen living abroad reports a first
or new foreign address, without login.

The Webes Ügysegéd service description ("Külföldön élő magyar állampolgár külföldi
lakóhely változásának bejelentése"): the visitor identifies themself with the natural
identity data, the personal identifier and the number of the document or certificate
proving Hungarian citizenship. Free; 8 days if the facts are clear, otherwise 30; no
urgent procedure. The address card is not exchanged (it keeps "foreign address"). The
Budapest Capital Government Office registers the change and notifies the citizen.

The identity is matched against the register before any case exists; a mismatch is
refused in one sentence that names no field. Nothing typed is kept outside the case:
no session, no log line with the data (the logs name the reference only).
"""

from __future__ import annotations

import hmac
import logging
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import create_case, submit_case
from cases.flow import style_control
from cases.models import Case
from cases.workflow import Status, citizen_status_text, transition
from documents.models import Document, DocumentKind
from population.identifiers import (
    normalise_document_number,
    normalise_personal_id,
    validate_personal_id,
)
from population.models import Address, CitizenshipCertificate, Person
from residence import actions
from residence.forms import ForeignAddressStep
from residence.models import ForeignAddressChange

log = logging.getLogger(__name__)
SLUG = "residence.foreign_address_change"
LONGER_DEADLINE_DAYS = 30
DOCUMENT_KIND = "residence_foreign_address"
# The documents whose number proves Hungarian citizenship in the documents register;
# besides them, the citizenship authority's certificates (`CitizenshipCertificate`).
CITIZENSHIP_DOCUMENTS = (
    DocumentKind.ID_CARD,
    DocumentKind.PASSPORT,
    DocumentKind.SECOND_PASSPORT,
)


class ReportForm(ForeignAddressStep):
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    given_names = forms.CharField(label=_("Given names"), max_length=100)
    birth_family_name = forms.CharField(label=_("Birth family name"), max_length=100)
    birth_given_names = forms.CharField(label=_("Birth given names"), max_length=100)
    mother_family_name = forms.CharField(label=_("Mother's birth family name"), max_length=100)
    mother_given_names = forms.CharField(label=_("Mother's birth given names"), max_length=100)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Year, month, day: for example 1975-09-09."),
    )
    personal_id = forms.CharField(
        label=_("Personal identifier (személyi azonosító)"),
        max_length=14,
        help_text=_("11 digits, on the back of your address card; spaces do not matter."),
        validators=[validate_personal_id],
    )
    citizenship_document = forms.CharField(
        label=_("Number of your Hungarian passport, ID card or citizenship certificate"),
        max_length=30,
        help_text=_(
            "The document that proves your Hungarian citizenship: a passport or ID card, or "
            "the certificate of citizenship or of naturalisation."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We write to you here when the change is registered."),
    )

    field_order = [
        "family_name",
        "given_names",
        "birth_family_name",
        "birth_given_names",
        "mother_family_name",
        "mother_given_names",
        "birth_place",
        "birth_date",
        "personal_id",
        "citizenship_document",
        "country",
        "province",
        "postal_code",
        "settlement",
        "street_address",
        "email",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            described = [f"id_{name}_error"]
            if field.help_text:
                described.append(f"id_{name}_helptext")
            field.widget.attrs.setdefault("aria-describedby", " ".join(described))
            style_control(field.widget)
        self.fields["personal_id"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})

    def clean_personal_id(self):
        return normalise_personal_id(self.cleaned_data["personal_id"])

    def clean_citizenship_document(self):
        return normalise_document_number(self.cleaned_data["citizenship_document"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        person = matching_person(data)
        if person is None:
            raise ValidationError(
                _(
                    "The data you gave do not match the register. Check every field against "
                    "your documents; if they are right, ask a consulate or call +36 1 550 1858."
                ),
                code="no_match",
            )
        if person.current_address(Address.Kind.RESIDENCE) and not person.current_address(
            Address.Kind.FOREIGN
        ):
            raise ValidationError(
                _(
                    "According to the register you live in Hungary. To leave Hungary for good, "
                    "report settling abroad (with login)."
                ),
                code="lives_in_hungary",
            )
        open_case = (
            Case.objects.open()
            .filter(case_type=SLUG, residence_foreign_address_change__person=person)
            .first()
        )
        if open_case is not None:
            raise ValidationError(
                _(
                    "Your report %(reference)s is already being dealt with. Follow it with its "
                    "reference and receipt code."
                ),
                code="already_open",
                params={"reference": open_case.reference},
            )
        data["person"] = person
        return data


def _same(a: str, b: str) -> bool:
    def fold(value: str) -> str:
        return " ".join(unicodedata.normalize("NFC", value).casefold().split())

    return fold(a) == fold(b)


def matching_person(data) -> Person | None:
    """The Hungarian citizen the data name, or None if anything differs."""
    person = Person.objects.filter(personal_id=data["personal_id"]).first()
    if person is None or person.died_on:
        return None
    if person.legal_title != Person.LegalTitle.CITIZEN or person.citizenship != "HU":
        return None
    pairs = [
        (person.family_name, data["family_name"]),
        (person.given_names, data["given_names"]),
        (person.birth_family_name, data["birth_family_name"]),
        (person.birth_given_names, data["birth_given_names"]),
        (person.mother_family_name, data["mother_family_name"]),
        (person.mother_given_names, data["mother_given_names"]),
        (person.birth_place, data["birth_place"]),
    ]
    if not all(_same(kept, typed) for kept, typed in pairs):
        return None
    if person.birth_date != data["birth_date"]:
        return None
    number = data["citizenship_document"]
    documents = Document.objects.filter(
        holder=person, kind__in=CITIZENSHIP_DOCUMENTS, number=number
    )
    certificates = CitizenshipCertificate.objects.filter(person=person, number=number)
    return person if documents.exists() or certificates.exists() else None


@transaction.atomic
def file_report(data) -> Case:
    """Open, fill and submit the case in one transaction (no draft: no login)."""
    person = data["person"]
    case = create_case(SLUG, applicant=None, applicant_name=person.full_name)
    ForeignAddressChange.objects.create(
        case=case,
        person=person,
        citizenship_document=data["citizenship_document"],
        email=data["email"],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        first_report=person.current_address(Address.Kind.FOREIGN) is None,
        country=data["country"],
        province=data["province"],
        postal_code=data["postal_code"],
        settlement=data["settlement"],
        street_address=data["street_address"],
    )
    submit_case(case)
    notify_visitor(case, "received")
    log.info("foreign address change filed: %s", case.reference)
    return case


def _plain_code(value: str) -> str:
    return "".join(value.split()).replace("-", "").upper()


def follow(reference: str, receipt_code: str) -> Case | None:
    """The anonymous case with this reference, if the receipt code is its own (typed
    with or without its hyphen and spaces)."""
    reference, code = reference.strip().upper(), _plain_code(receipt_code)
    case = Case.objects.filter(case_type=SLUG, reference=reference).first() if code else None
    if case is None or not hmac.compare_digest(_plain_code(case.receipt_code), code):
        return None
    return case


def notify_visitor(case: Case, what: str, note: str = "") -> None:
    """E-mail the address the visitor gave (there is no account to write to)."""
    from notifications.actions import queue_email

    detail = ForeignAddressChange.objects.get(case=case)
    language = detail.language if detail.language in ("hu", "en") else "hu"
    with translation.override(language):
        context = {
            "reference": case.reference,
            "receipt_code": case.receipt_code,
            "what": what,
            "status": citizen_status_text(case.status),
            "note": note,
            "deadline": case.deadline.strftime("%Y. %m. %d.") if case.deadline else "",
            "url": settings.PORTAL_BASE_URL.rstrip("/") + "/residence/follow/",
        }
    queue_email(
        detail.email,
        "foreign_address_status",
        context,
        language=language,
        case=case,
        dedupe_key=f"foreign-address-{case.pk}-{what}",
    )


@transaction.atomic
def register_change(case: Case, *, by) -> ForeignAddressChange:
    """The Budapest office registers the new foreign address and notifies the citizen."""
    actions.ensure_open(case)
    detail = ForeignAddressChange.objects.select_for_update().get(case=case)
    if detail.registered_on:
        raise actions.NotAllowed(gettext("The change is already registered."))
    person = Person.objects.select_for_update().get(pk=detail.person_id)
    today = timezone.localdate()
    actions.write_foreign_address(person, detail, today=today)
    detail.registered_on = today
    detail.save(update_fields=["registered_on"])
    with translation.override(detail.language):
        note = gettext(
            "Your foreign address was registered: %(address)s. Your address card is not "
            "exchanged: it keeps showing “foreign address”."
        ) % {"address": detail.address_line}
    transition(case, Status.DECIDED_APPROVED, by=by, note=note)
    notify_visitor(case, "registered", note)
    return detail


@transaction.atomic
def refuse(case: Case, *, reason: str, by) -> ForeignAddressChange:
    actions.ensure_open(case)
    detail = ForeignAddressChange.objects.get(case=case)
    transition(case, Status.DECIDED_REFUSED, by=by, note=reason)
    notify_visitor(case, "refused", reason)
    return detail
