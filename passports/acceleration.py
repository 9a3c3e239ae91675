"""`passports.acceleration`: speed up a passport application filed in the standard
procedure, before it goes into production.

The Webes Ügysegéd service description ("Meglévő útlevél igénylés gyorsítása"): for
an adult, fully capable applicant whose private, second, service or seaman's
passport application (filed at an office, or a replacement filed online) has not
gone into production yet (the production order in the documents register says so);
to 3 or 7 days; service and seaman's passports to 7 days only, without surcharge.
Only a few days after filing are left, so the citizen is advised to check the status
first. Changing the validity (5 to 10 years) is possible only in person, and 10 to 5
never. If Hungarian citizenship is not proven, a 60-day check runs first: the
citizen is advised against acceleration. Card payment before submission; no online
receipt.
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
from documents.models import (
    PASSPORT_KINDS,
    ProductionOrder,
    normalise_receipt_number,
    validate_receipt_number,
)
from passports import eligibility
from passports.forms import DeliveryStep, delivery_fields
from passports.models import Acceleration, Speed

SLUG = "passports.acceleration"
DEADLINE_DAYS = {"express": 7, "urgent": 3}

NO_CHANGE = "no"
VALIDITY_CHANGES = {
    "5_to_10": _(
        "A change of the validity from 5 to 10 years can be asked only in person at a "
        "government office (any duty difference is paid the way the application was paid)."
    ),
    "10_to_5": _("The validity of a passport applied for with 10 years cannot be changed to 5."),
}


class ApplicationStep(StepForm):
    title = _("The passport application")

    receipt_number = forms.CharField(
        label=_("Receipt number of the application"),
        max_length=30,
        help_text=_(
            "The receipt number (bizonylatszám) on the application form you got at the office, "
            "or on the page of your online replacement request, e.g. UT-2026-0001234."
        ),
    )
    validity_change = forms.ChoiceField(
        label=_("Do you want to change the validity of the passport?"),
        choices=[
            (NO_CHANGE, _("No")),
            ("5_to_10", _("Yes, from 5 to 10 years")),
            ("10_to_5", _("Yes, from 10 to 5 years")),
        ],
        initial=NO_CHANGE,
        widget=forms.RadioSelect,
    )

    def clean_receipt_number(self):
        value = normalise_receipt_number(self.cleaned_data["receipt_number"])
        validate_receipt_number(value)
        return value

    def clean_validity_change(self):
        value = self.cleaned_data["validity_change"]
        if value in VALIDITY_CHANGES:
            raise ValidationError(VALIDITY_CHANGES[value], code="in_person")
        return value

    def clean(self):
        data = super().clean()
        number = data.get("receipt_number")
        person = eligibility.person_of(self.applicant)
        if not number or person is None:
            return data
        order = ProductionOrder.objects.filter(
            receipt_number=number, applicant=person, kind__in=PASSPORT_KINDS
        ).first()
        if order is None:
            self.add_error(
                "receipt_number",
                ValidationError(
                    _(
                        "No passport application of yours has this receipt number. Check the "
                        "number on your application form, or ask the 1818 help line."
                    ),
                    code="unknown",
                ),
            )
            return data
        data["production_order"] = order
        data["duty_kind"] = eligibility.duty_kind(order)
        return data

    def warnings(self) -> list:
        person = eligibility.person_of(self.applicant)
        if person is not None and not eligibility.citizenship_proven(person):
            return [
                gettext(
                    "The register does not show you as a Hungarian citizen. Unless you prove "
                    "your citizenship, the immigration office checks it first, which takes up "
                    "to 60 days: we advise you not to ask for acceleration."
                )
            ]
        return []


class AccelerationDeliveryStep(DeliveryStep):
    speed_choices = [(Speed.EXPRESS, Speed.EXPRESS.label), (Speed.URGENT, Speed.URGENT.label)]


def in_register(applicant, answers) -> str | None:
    if eligibility.person_of(applicant) is None:
        return gettext(
            "Only citizens in the personal data and address register can accelerate a passport "
            "application online. Please call the 1818 help line or visit a government office."
        )
    return None


def acceleratable(applicant, answers) -> str | None:
    order = answers.get("production_order")
    if order is None:
        return None
    if order.in_production:
        return gettext(
            "The passport of the application %(number)s has already gone into production "
            "(%(state)s), so it can no longer be accelerated."
        ) % {"number": order.receipt_number, "state": order.get_state_display()}
    if order.procedure != ProductionOrder.Procedure.STANDARD:
        return gettext("The application %(number)s is already in the %(procedure)s procedure.") % {
            "number": order.receipt_number,
            "procedure": order.get_procedure_display(),
        }
    if answers.get("duty_kind") is None:
        return gettext(
            "The register does not hold the validity period of this application, so its "
            "surcharge cannot be set online. Please call the 1818 help line or visit a "
            "government office."
        )
    pending = Acceleration.objects.filter(production_order=order).exclude(
        case__status__in=(Status.DRAFT, *Status.final(), *Status.decided())
    )
    if pending.exists():
        return gettext(
            "A request to accelerate this application is already being processed; you can "
            "follow it under My requests."
        )
    return None


def save_detail(case: Case, data) -> Acceleration:
    case.deadline_days = DEADLINE_DAYS[data["speed"]]
    case.save(update_fields=["deadline_days"])
    return Acceleration.objects.create(
        case=case,
        production_order=data["production_order"],
        duty_kind=data["duty_kind"],
        **delivery_fields(data),
    )


class RegisterChanged(Exception):
    """The register no longer allows the acceleration (checked under the lock)."""


@transaction.atomic
def accelerate(case: Case) -> None:
    """The effect once paid and submitted: the production order in the documents
    register moves to the procedure asked for, if it has not gone into production."""
    detail = Acceleration.objects.get(case=case)
    order = ProductionOrder.objects.select_for_update().get(pk=detail.production_order_id)
    if order.in_production or order.procedure != ProductionOrder.Procedure.STANDARD:
        raise RegisterChanged(f"{case.reference}: the application can no longer be accelerated")
    order.procedure = detail.speed
    order.updated_at = timezone.now()
    order.save(update_fields=["procedure", "updated_at"])
    detail.applied_at = timezone.now()
    detail.save(update_fields=["applied_at"])
    record_event(
        case,
        "passport.accelerated",
        by=case.applicant,
        note=gettext("The application %(number)s is now in the %(procedure)s procedure.")
        % {"number": order.receipt_number, "procedure": order.get_procedure_display()},
    )
