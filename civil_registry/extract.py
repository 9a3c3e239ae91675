"""`civil_registry.extract`: an extract of one's own birth or marriage.

The Webes Ügysegéd service description ("Születési/házassági anyakönyvi kivonat
kiállítása"): only of one's own birth or marriage, filed by the person themself (no
representative), and only of an event that is in the electronic civil registry; the
reason (legal basis) of the extract must be given. Free; 8 days; no urgent procedure.
The extract is issued as a PDF through the one door (verification code and QR) and
posted to the address the citizen gives.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import record_event
from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from civil_registry.forms import DateInput
from civil_registry.models import CivilEvent, ExtractRequest, Purpose
from population.identifiers import validate_postal_code

DOCUMENT_KIND = "civil_registry_extract"
# The earliest event the form accepts: no civil registry event of a living applicant
# is older, and state registration itself began in October 1895.
EARLIEST_EVENT = date(1900, 1, 1)


def _written(day: date) -> str:
    return day.strftime("%Y. %m. %d.")


class EventStep(StepForm):
    title = _("The event")

    kind = forms.ChoiceField(
        label=_("Extract of"),
        choices=[
            (CivilEvent.Kind.BIRTH, _("my birth")),
            (CivilEvent.Kind.MARRIAGE, _("my marriage")),
        ],
        widget=forms.RadioSelect,
    )
    occurred_on = forms.DateField(
        label=_("Date of the event"),
        widget=DateInput,
        help_text=_("Your date of birth, or the day of the marriage."),
    )

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value < EARLIEST_EVENT:
            raise ValidationError(
                _(
                    "The date cannot be before 1 January 1900: check the year. Older events "
                    "are not in the electronic civil registry."
                ),
                code="too_early",
            )
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return value

    def clean(self):
        data = super().clean()
        person = getattr(self.applicant, "person", None)
        kind, day = data.get("kind"), data.get("occurred_on")
        if person is None or not kind or day is None:
            return data
        if kind == CivilEvent.Kind.BIRTH and day != person.birth_date:
            self.add_error(
                "occurred_on",
                ValidationError(
                    _(
                        "This is not your date of birth as the population register records it. "
                        "An extract can be requested online only of your own birth."
                    ),
                    code="not_own_birth",
                ),
            )
            return data
        data["event"] = (
            CivilEvent.objects.of_person(person).filter(kind=kind, occurred_on=day).first()
        )
        return data


def in_electronic_registry(applicant, answers):
    """The event must be the applicant's own and in the electronic registry."""
    if "event" not in answers:
        return None
    event = answers["event"]
    if event is not None and event.is_electronic:
        return None
    if answers.get("kind") == CivilEvent.Kind.BIRTH:
        head = gettext("Your birth on %(date)s is not in the electronic civil registry.")
    else:
        head = gettext("Your marriage of %(date)s is not in the electronic civil registry.")
    return " ".join(
        (
            head % {"date": _written(answers["occurred_on"])},
            gettext(
                "Its extract cannot be requested online. The electronic registry started on "
                "1 July 2014; an earlier event is entered into it only in the cases set by law "
                "(for example when an extract of it was requested on paper since then). Ask for "
                "the extract in person from the registrar (anyakönyvvezető) at the mayor's "
                "office of the settlement where the event was registered, or at any government "
                "window, which forwards the request."
            ),
        )
    )


class ReasonStep(StepForm):
    title = _("Reason and delivery")
    conditionally_required = ("purpose_detail",)

    purpose = forms.ChoiceField(
        label=_("Reason (legal basis) of the extract"),
        choices=Purpose.choices,
        widget=forms.RadioSelect,
    )
    purpose_detail = forms.CharField(
        label=_("The procedure, authority or use"),
        max_length=300,
        required=False,
        help_text=_(
            "For example: the authority and procedure the extract is for, or the country where "
            "it will be used. Required for “other reason”."
        ),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    settlement = forms.CharField(label=_("Settlement"), max_length=100)
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("The extract is posted here. Your address in the register is filled in."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        address = registered_address(getattr(self.applicant, "person", None))
        if address is not None:
            self.fields["postal_code"].initial = address.postal_code
            self.fields["settlement"].initial = address.settlement
            self.fields["street_address"].initial = address.street_address

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        validate_postal_code(value)
        return value

    def clean(self):
        data = super().clean()
        detail = (data.get("purpose_detail") or "").strip()
        data["purpose_detail"] = detail
        if (
            data.get("purpose") == Purpose.OTHER
            and not detail
            and "purpose_detail" not in (self.errors)
        ):
            self.add_error(
                "purpose_detail",
                ValidationError(
                    _("Say what the extract is needed for: the reason must be given."),
                    code="required",
                ),
            )
        return data


def registered_address(person):
    """The notification address if there is one, else the residence."""
    if person is None:
        return None
    return person.current_address("notification") or person.current_address("residence")


def save_detail(case: Case, data) -> ExtractRequest:
    purpose = data["purpose"]
    return ExtractRequest.objects.create(
        case=case,
        event=data["event"],
        purpose=purpose,
        purpose_detail=data["purpose_detail"] or str(Purpose(purpose).label),
        postal_code=data["postal_code"],
        settlement=data["settlement"].strip(),
        street_address=data["street_address"].strip(),
    )


# --- the clerk's side ------------------------------------------------------------


class NotAllowed(Exception):
    """The step does not fit the state of the request; the message says why."""


@transaction.atomic
def issue_extract(case: Case, *, by) -> ExtractRequest:
    """Issue the extract: the case is decided, the PDF is made (`CaseType.documents`,
    at the approved status) and the extract is to be posted."""
    detail = ExtractRequest.objects.select_for_update().select_related("event").get(case=case)
    if case.status not in (Status.SUBMITTED, Status.IN_PROGRESS) or detail.issued_on:
        raise NotAllowed(gettext("The case is no longer open."))
    if not detail.event.is_electronic:
        raise NotAllowed(gettext("The event is no longer in the electronic registry."))
    detail.issued_on = timezone.localdate()
    detail.save(update_fields=["issued_on"])
    transition(
        case,
        Status.DECIDED_APPROVED,
        by=by,
        note=gettext(
            "The extract was issued. You can download it on this page; the printed extract is "
            "posted to %(address)s."
        )
        % {"address": detail.postal_address},
    )
    return detail


@transaction.atomic
def record_posting(case: Case, *, posted_on: date, by) -> ExtractRequest:
    """The printed extract was posted: the case is complete."""
    detail = ExtractRequest.objects.select_for_update().get(case=case)
    if detail.issued_on is None:
        raise NotAllowed(gettext("Issue the extract first."))
    if detail.posted_on is not None:
        raise NotAllowed(gettext("The posting is already recorded."))
    if not detail.issued_on <= posted_on <= timezone.localdate():
        raise NotAllowed(gettext("The posting date must be between the issue and today."))
    detail.posted_on = posted_on
    detail.save(update_fields=["posted_on"])
    record_event(
        case,
        "civil_registry.extract_posted",
        by=by,
        note=gettext("The extract was posted on %(date)s to %(address)s.")
        % {"date": _written(posted_on), "address": detail.postal_address},
    )
    transition(case, Status.CLOSED, by=by)
    return detail
