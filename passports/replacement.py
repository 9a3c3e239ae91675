"""`passports.replacement`: report a lost, stolen or destroyed passport and request its
replacement.

The Webes Ügysegéd service description ("Magánútlevél, szolgálati útlevél, hajós
szolgálati útlevél elvesztésének, eltulajdonításának, megsemmisülésének bejelentése és
az okmány pótlása"): filing the request also reports the loss. Only for oneself, a
fully capable adult, whose data did not change since (in the register: the lost
passport's data equal the register's; not in it: the data entered equal the
passport's); the passport valid under the travel law apart from the loss, its
fingerprints stored with written consent or not taken for one of the listed
reasons, applied for after 2013-01-01 and valid at least 12 days after the day of
the request. A replaced passport can be replaced again. If the loss was reported
before, only the reason then reported can be given. A temporary passport cannot be
replaced online. The replacement is valid until the lost one's expiry. Duty by
the holder's age when the lost passport was applied for (`passports.fees`), card
payment before submission; no online receipt.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import record_event
from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status
from documents.models import PASSPORT_KINDS, Document, DocumentKind
from passports import eligibility
from passports.fees import replacement_duty
from passports.forms import delivery_fields
from passports.models import LossReason, Replacement
from population.identifiers import normalise_document_number

SLUG = "passports.replacement"
DEADLINE_DAYS = {"standard": 20, "express": 7, "urgent": 3}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PassportStep(StepForm):
    """The lost passport and what happened to it; for a holder not in the register,
    also the holder's data as printed in it."""

    title = _("The lost passport")
    conditionally_required = ("family_name", "given_names", "birth_date", "birth_place")

    number = forms.CharField(
        label=_("Passport number"),
        max_length=20,
        help_text=_("As printed in the passport, e.g. BA1234567."),
    )
    reason = forms.ChoiceField(
        label=_("The passport was"),
        choices=LossReason.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "If you reported the loss before, give the reason you reported then. The "
            "replacement of a stolen passport is free of duty."
        ),
    )
    family_name = forms.CharField(
        label=_("Family name in the passport"), max_length=100, required=False
    )
    given_names = forms.CharField(
        label=_("Given names in the passport"), max_length=100, required=False
    )
    birth_date = forms.DateField(
        label=_("Date of birth in the passport"), required=False, widget=DateInput
    )
    birth_place = forms.CharField(
        label=_("Place of birth in the passport"), max_length=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if eligibility.person_of(self.applicant) is not None:
            # In the register: the passport's data are compared with the register's.
            for name in self.conditionally_required:
                del self.fields[name]
            self.optional_fields = frozenset()

    def clean_number(self):
        return normalise_document_number(self.cleaned_data["number"])

    def clean(self):
        data = super().clean()
        number = data.get("number")
        if not number:
            return data
        person = eligibility.person_of(self.applicant)
        if person is None:
            for name in self.conditionally_required:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(
                        name,
                        ValidationError(
                            _(
                                "You are not in the personal data and address register: give "
                                "your data exactly as printed in the lost passport."
                            ),
                            code="required",
                        ),
                    )
            if self.errors:
                return data
        document = find_passport(number)
        if document is None or not holds(document, self.applicant, data):
            self.add_error(
                "number",
                ValidationError(
                    _(
                        "No passport with this number is registered to you. Check the number "
                        "(letters and digits as printed). If it is right, please report the "
                        "loss and apply in person at a government office."
                    ),
                    code="unknown",
                ),
            )
            return data
        data["lost_document"] = document
        data["duty_kind"] = eligibility.duty_kind(document)
        data["age_at_application"] = age_at_application(document)
        return data

    def warnings(self) -> list:
        document = self.cleaned_data.get("lost_document")
        if document is None or document.expires_on is None:
            return []
        return [
            gettext(
                "The replacement passport is valid only until %(date)s, the expiry of the lost "
                "one. A new passport, with a full validity period, may serve you better; it can "
                "be requested only in person at a government office."
            )
            % {"date": document.expires_on.strftime("%Y. %m. %d.")}
        ]


def find_passport(number: str) -> Document | None:
    return (
        Document.objects.filter(
            kind__in=(*PASSPORT_KINDS, DocumentKind.TEMPORARY_PASSPORT), number=number
        )
        .select_related("holder")
        .first()
    )


def holds(document: Document, applicant, data) -> bool:
    """The passport is the applicant's: in the register, by the holder; otherwise by the
    data entered, which must be the logged-in citizen's own and the passport's."""
    person = eligibility.person_of(applicant)
    if person is not None:
        return document.holder_id == person.pk
    return eligibility.matches_login(applicant, data) and eligibility.matches_printed(
        document, data
    )


def age_at_application(document: Document) -> int | None:
    born = document.printed_birth_date or document.holder.birth_date
    if document.applied_on is None or born is None:
        return None
    return eligibility.age_on(born, document.applied_on)


def replaceable(applicant, answers) -> str | None:
    """The conditions on the lost passport, checked against the register."""
    document = answers.get("lost_document")
    if document is None:
        return None
    problems = eligibility.passport_problems(document)
    if problems:
        return problems[0]
    person = eligibility.person_of(applicant)
    if person is not None and eligibility.data_changed(document, person):
        return gettext(
            "Your data in the register differ from those printed in the lost passport (for "
            "example your name changed since). A passport with changed data cannot be "
            "replaced online: please apply for a new one in person at a government office."
        )
    reason = answers.get("reason")
    if document.loss_reported and reason and reason != document.invalidation_reason:
        return gettext(
            "The loss of this passport was reported before as %(reported)s. The replacement "
            "can be requested only for the reason reported then: choose “%(reported)s”."
        ) % {"reported": document.get_invalidation_reason_display()}
    kind = answers.get("duty_kind")
    age = answers.get("age_at_application")
    if kind is None or age is None:
        return gettext(
            "The register does not hold the validity period or the application date of this "
            "passport, so its replacement duty cannot be set online. Please apply in person "
            "at a government office."
        )
    if reason:
        try:
            replacement_duty(kind, age, reason)
        except ValueError:
            return gettext(
                "The lost passport was applied for at the age of %(age)d, and the online "
                "duty table does not cover that age. Please apply for the replacement in "
                "person at a government office."
            ) % {"age": age}
    pending = Replacement.objects.filter(lost_document=document).exclude(
        case__status__in=(Status.DRAFT, *Status.final(), *Status.decided())
    )
    if pending.exists():
        return gettext(
            "A request to replace this passport is already being processed; you can follow it "
            "under My requests."
        )
    return None


def save_detail(case: Case, data) -> Replacement:
    document = data["lost_document"]
    case.deadline_days = DEADLINE_DAYS[data["speed"]]
    case.save(update_fields=["deadline_days"])
    return Replacement.objects.create(
        case=case,
        lost_document=document,
        reason=data["reason"],
        reported_before=document.loss_reported,
        duty_kind=data["duty_kind"],
        age_at_application=data["age_at_application"],
        **delivery_fields(data),
    )


class RegisterChanged(Exception):
    """The register no longer allows the request (checked under the lock)."""


@transaction.atomic
def report_loss(case: Case) -> None:
    """The effect once paid and submitted: the request is also the report of the loss,
    so the passport is invalidated in the register with the reason given."""
    detail = Replacement.objects.get(case=case)
    document = Document.objects.select_for_update().get(pk=detail.lost_document_id)
    if document.loss_reported:
        if document.invalidation_reason != detail.reason:
            raise RegisterChanged(f"{case.reference}: reported before with another reason")
        note = gettext("The loss of the passport no. %(number)s had been reported before.") % {
            "number": document.number
        }
    else:
        if document.validity != Document.Validity.VALID:
            raise RegisterChanged(f"{case.reference}: the passport is no longer valid")
        document.validity = Document.Validity.INVALIDATED
        document.invalidation_reason = detail.reason
        document.invalidated_at = timezone.now()
        document.save(update_fields=["validity", "invalidation_reason", "invalidated_at"])
        note = gettext(
            "The passport no. %(number)s was reported %(reason)s with this request and is "
            "invalid from now on."
        ) % {"number": document.number, "reason": detail.get_reason_display()}
    record_event(case, "passport.loss_reported", by=case.applicant, note=note)
