"""`passports.second_passport`: request a second private passport.

The Webes Ügysegéd service description ("Második magánútlevél iránti kérelem"): for
oneself, fully capable, holding a valid private passport or with a private passport
procedure under way; for one of two reasons, proved by an attachment checked after
submission: (a) not entitled to an official passport, but the job involves regular
travel abroad (employer's certificate), or (b) an equitable reason: entry into the
destination could fail, or another legal disadvantage could follow, because of an
entry in the existing passport (declaration). The base passport: fingerprints stored
with consent or not taken for a listed reason, applied for after 2013-01-01, valid at
least 12 days after the day following the request. A new second passport can also
replace a lost, stolen or destroyed one; if that loss was reported before, only the
reason reported then. Duty by the age at the request (`passports.fees`); card
payment before submission; no online receipt.

Only citizens in the register can file it online here: the base passport and its
procedure are found by their holder.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import record_event
from cases.flow import DocumentField, StepForm
from cases.models import Attachment, Case
from documents.models import Document, DocumentKind, ProductionOrder
from passports import eligibility
from passports.fees import second_passport_duty
from passports.forms import delivery_fields
from passports.models import LossReason, SecondPassport
from population.identifiers import normalise_document_number

SLUG = "passports.second_passport"
DEADLINE_DAYS = {"standard": 20, "express": 7, "urgent": 3}
NOT_REPLACING = "no"


class ReasonStep(StepForm):
    title = _("Why you need a second passport")
    attachment_kinds = {"proof": Attachment.Kind.CERTIFICATE}
    conditionally_required = ("lost_number",)

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=SecondPassport.Reason.choices,
        widget=forms.RadioSelect,
    )
    proof = DocumentField(
        label=_("Employer's certificate, or your declaration of the equitable reason"),
        help_text=_(
            "For work abroad: your employer's certificate that your job involves regular travel "
            "abroad. For an equitable reason: your signed declaration describing it. PDF, JPEG "
            "or PNG; an official checks it after submission."
        ),
    )
    replaces = forms.ChoiceField(
        label=_("Does it replace an earlier second passport?"),
        choices=[
            (NOT_REPLACING, _("No, it is my first second passport")),
            ("lost", _("Yes, my second passport was lost")),
            ("stolen", _("Yes, my second passport was stolen")),
            ("destroyed", _("Yes, my second passport was destroyed")),
        ],
        initial=NOT_REPLACING,
        widget=forms.RadioSelect,
        help_text=_(
            "If you reported the loss before, give the reason you reported then; otherwise "
            "this request also reports it."
        ),
    )
    lost_number = forms.CharField(
        label=_("Number of the earlier second passport"),
        max_length=20,
        required=False,
        help_text=_("Only if it replaces a lost, stolen or destroyed second passport."),
    )

    def clean_lost_number(self):
        return normalise_document_number(self.cleaned_data["lost_number"])

    def clean(self):
        data = super().clean()
        person = eligibility.person_of(self.applicant)
        if person is None:
            return data
        data["age"] = eligibility.age_on(person.birth_date, timezone.localdate())
        data["duty_kind"] = "second_2y"
        data["base_document"], data["base_order"] = base_passport(person)
        replaces = data.get("replaces")
        data["lost_reason"] = "" if replaces in (None, NOT_REPLACING) else replaces
        data["lost_document"] = None
        if data["lost_reason"]:
            number = data.get("lost_number")
            if not number:
                if "lost_number" not in self.errors:
                    self.add_error(
                        "lost_number",
                        ValidationError(
                            _("Give the number of the second passport it replaces."),
                            code="required",
                        ),
                    )
                return data
            lost = Document.objects.filter(
                kind=DocumentKind.SECOND_PASSPORT, number=number, holder=person
            ).first()
            if lost is None:
                self.add_error(
                    "lost_number",
                    ValidationError(
                        _(
                            "No second passport with this number is registered to you. Check "
                            "the number, or choose “No” if this is your first second passport."
                        ),
                        code="unknown",
                    ),
                )
                return data
            data["lost_document"] = lost
        return data


def base_passport(person) -> tuple[Document | None, ProductionOrder | None]:
    """The person's valid private passport (the one valid longest), or else the
    private passport procedure under way."""
    document = (
        Document.objects.valid_on(timezone.localdate())
        .filter(holder=person, kind=DocumentKind.PASSPORT)
        .order_by("-expires_on")
        .first()
    )
    if document is not None:
        return document, None
    order = (
        ProductionOrder.objects.filter(applicant=person, kind=DocumentKind.PASSPORT)
        .exclude(state=ProductionOrder.State.HANDED_OVER)
        .order_by("-applied_on")
        .first()
    )
    return None, order


def in_register(applicant, answers) -> str | None:
    if eligibility.person_of(applicant) is None:
        return gettext(
            "A second passport can be requested online only by citizens in the personal data "
            "and address register. Please apply in person at a government office or consulate."
        )
    return None


def has_base_passport(applicant, answers) -> str | None:
    """A valid private passport that meets the conditions, or a procedure under way."""
    if "base_document" not in answers:
        return None
    document, order = answers["base_document"], answers.get("base_order")
    if document is None and order is None:
        return gettext(
            "A second passport can be requested only with a valid private passport, or while a "
            "private passport procedure of yours is under way; the register shows neither. "
            "Please apply for a private passport in person first."
        )
    if document is not None:
        problems = eligibility.passport_problems(document)
        if problems:
            return gettext("Your private passport no. %(number)s: %(problem)s") % {
                "number": document.number,
                "problem": problems[0],
            }
    return None


def lost_second_passport(applicant, answers) -> str | None:
    lost = answers.get("lost_document")
    reason = answers.get("lost_reason")
    if lost is None or not reason:
        return None
    if lost.loss_reported and lost.invalidation_reason != reason:
        return gettext(
            "The loss of the second passport no. %(number)s was reported before as "
            "%(reported)s. It can be replaced only for the reason reported then: choose it."
        ) % {"number": lost.number, "reported": lost.get_invalidation_reason_display()}
    if not lost.loss_reported and lost.validity != Document.Validity.VALID:
        return gettext(
            "The register shows the second passport no. %(number)s as %(state)s; it cannot be "
            "reported lost online. Please apply in person at a government office."
        ) % {"number": lost.number, "state": lost.get_validity_display()}
    return None


def duty_covered(applicant, answers) -> str | None:
    if "age" not in answers or "reason" not in answers:
        return None
    reason = answers.get("lost_reason") or None
    try:
        second_passport_duty(
            answers["age"],
            equitable=answers["reason"] == SecondPassport.Reason.EQUITABLE,
            replaces_lost=reason is not None,
            reason=reason,
        )
    except ValueError:
        return gettext(
            "The online duty table does not cover this request at your age. Please apply in "
            "person at a government office."
        )
    return None


def save_detail(case: Case, data) -> SecondPassport:
    case.deadline_days = DEADLINE_DAYS[data["speed"]]
    case.save(update_fields=["deadline_days"])
    return SecondPassport.objects.create(
        case=case,
        reason=data["reason"],
        base_document=data.get("base_document"),
        base_order=data.get("base_order"),
        lost_document=data.get("lost_document"),
        lost_reason=data.get("lost_reason") or "",
        age=data["age"],
        **delivery_fields(data),
    )


class RegisterChanged(Exception):
    """The register no longer allows the request (checked under the lock)."""


@transaction.atomic
def report_loss(case: Case) -> None:
    """The effect once paid and submitted: a lost second passport it replaces is
    reported (invalidated) with the reason given."""
    detail = SecondPassport.objects.get(case=case)
    if detail.lost_document_id is None:
        record_event(case, "passport.attachment_pending", by=case.applicant)
        return
    document = Document.objects.select_for_update().get(pk=detail.lost_document_id)
    if not document.loss_reported:
        if document.validity != Document.Validity.VALID:
            raise RegisterChanged(f"{case.reference}: the second passport is no longer valid")
        document.validity = Document.Validity.INVALIDATED
        document.invalidation_reason = detail.lost_reason
        document.invalidated_at = timezone.now()
        document.save(update_fields=["validity", "invalidation_reason", "invalidated_at"])
        record_event(
            case,
            "passport.loss_reported",
            by=case.applicant,
            note=gettext(
                "The second passport no. %(number)s was reported %(reason)s with this request "
                "and is invalid from now on."
            )
            % {"number": document.number, "reason": LossReason(detail.lost_reason).label},
        )
    record_event(case, "passport.attachment_pending", by=case.applicant)
