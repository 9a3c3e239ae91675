"""`vehicles.ownership_change`: the seller (or donor) reports the change.

The Webes Ügysegéd service description: the sole owner reports within 8 days; the
register changes at once on submission; a clerk then checks the scanned contract
and, if it lacks the mandatory content, the registered change is deleted and the
applicant told.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.flow import DocumentField, StepForm
from cases.models import Attachment, Case
from cases.workflow import Status, transition
from population.identifiers import (
    normalise_document_number,
    validate_postal_code,
)
from population.models import Person
from portal.forms import DateField
from vehicles import forms as forms_
from vehicles.models import OdometerReading, Ownership, OwnershipChange, Vehicle

REPORT_WITHIN_DAYS = 8


VehicleStep = forms_.VehicleStep


class NewOwnerStep(StepForm):
    title = _("The new owner")

    buyer_kind = forms.ChoiceField(
        label=_("The new owner is"),
        choices=OwnershipChange.BuyerKind.choices,
        widget=forms.RadioSelect,
    )
    buyer_name = forms.CharField(label=_("Name (natural person)"), max_length=200, required=False)
    buyer_birth_name = forms.CharField(label=_("Birth name"), max_length=200, required=False)
    buyer_mother_name = forms.CharField(
        label=_("Mother's birth name"), max_length=200, required=False
    )
    buyer_birth_place = forms.CharField(label=_("Place of birth"), max_length=100, required=False)
    buyer_birth_date = DateField(label=_("Date of birth"), required=False)
    buyer_document_number = forms.CharField(
        label=_("Number of an ID document"),
        max_length=20,
        required=False,
        help_text=_("The number of the new owner's ID card, passport or driving licence."),
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation"), max_length=200, required=False
    )
    organisation_representative = forms.CharField(
        label=_("Its representative"), max_length=200, required=False
    )
    organisation_registry_number = forms.CharField(
        label=_("Company registry or other registry number"), max_length=40, required=False
    )
    buyer_postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    buyer_settlement = forms.CharField(label=_("Settlement"), max_length=100)
    buyer_street_address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("Of a natural person: the address; of an organisation: its seat."),
    )

    PERSON_FIELDS = (
        "buyer_name",
        "buyer_birth_name",
        "buyer_mother_name",
        "buyer_birth_place",
        "buyer_birth_date",
        "buyer_document_number",
    )
    ORGANISATION_FIELDS = (
        "organisation_name",
        "organisation_representative",
        "organisation_registry_number",
    )
    conditionally_required = PERSON_FIELDS + ORGANISATION_FIELDS

    def clean_buyer_postal_code(self):
        value = self.cleaned_data["buyer_postal_code"].strip()
        validate_postal_code(value)
        return value

    def clean_buyer_document_number(self):
        value = self.cleaned_data["buyer_document_number"]
        return normalise_document_number(value) if value else value

    def clean_buyer_birth_date(self):
        value = self.cleaned_data["buyer_birth_date"]
        if value and value >= timezone.localdate():
            raise ValidationError(_("The date of birth must be in the past."), code="future")
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("buyer_kind")
        needed = self.PERSON_FIELDS if kind == "person" else self.ORGANISATION_FIELDS
        if kind:
            for name in needed:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name, ValidationError(_("This field is required."), code="required")
                    )
        seller = getattr(self.applicant, "person", None)
        if kind == "person" and seller is not None and _same_person(data, seller):
            raise ValidationError(_("The new owner cannot be yourself."), code="buyer_is_seller")
        return data


def _same_person(data, person: Person) -> bool:
    return (
        data.get("buyer_name") or ""
    ).strip().casefold() == person.full_name.casefold() and data.get(
        "buyer_birth_date"
    ) == person.birth_date


class ContractStep(StepForm):
    title = _("The contract")
    attachment_kinds = {"contract_scan": Attachment.Kind.CONTRACT}

    transfer = forms.ChoiceField(
        label=_("Nature of the transfer"),
        choices=OwnershipChange.Transfer.choices,
        widget=forms.RadioSelect,
    )
    contract_effective_on = DateField(label=_("The contract takes effect on"))
    possession_on = DateField(label=_("The new owner took possession on"))
    odometer_km = forms.IntegerField(
        label=_("Odometer reading at the handover (km)"), min_value=0, max_value=9_999_999
    )
    contract_scan = DocumentField(
        label=_("Scanned contract"),
        help_text=_(
            "A scan or photo of the signed contract (private deed of full probative force): "
            "PDF, JPEG or PNG."
        ),
    )
    declaration = forms.BooleanField(
        label=_(
            "The parties declared in the contract that they report the change within the "
            "deadline and know the legal effects of a late or missing report."
        ),
        error_messages={
            "required": _("The contract must contain this declaration; tick the box to confirm.")
        },
    )

    BEFORE_OWNERSHIP = {
        "contract_effective_on": _(
            "The contract cannot take effect before you became the owner of the vehicle "
            "(%(date)s). Check the date."
        ),
        "possession_on": _(
            "The new owner cannot have taken possession before you became the owner of the "
            "vehicle (%(date)s). Check the date."
        ),
    }

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("contract_effective_on", "possession_on"):
            if data.get(name) and data[name] > today:
                self.add_error(
                    name, ValidationError(_("This date cannot be in the future."), code="future")
                )
        vehicle = self.previous.get("vehicle")
        owned_since = seller_owner_since(vehicle, getattr(self.applicant, "person", None))
        if owned_since is not None:
            # The seller can transfer only what they own: neither date can come before
            # their ownership began (a typed year 1 would also date the odometer reading).
            for name, message in self.BEFORE_OWNERSHIP.items():
                if data.get(name) and data[name] < owned_since and name not in self.errors:
                    self.add_error(
                        name,
                        ValidationError(
                            message,
                            code="before_ownership",
                            params={"date": owned_since.strftime("%Y. %m. %d.")},
                        ),
                    )
        odometer = data.get("odometer_km")
        if vehicle is not None and odometer is not None:
            last = vehicle.odometer.order_by("-read_on", "-pk").first()
            if last is not None and odometer < last.kilometres:
                self.add_error(
                    "odometer_km",
                    ValidationError(
                        _(
                            "The reading is lower than the last one recorded (%(km)s km on "
                            "%(date)s). Check the number you typed."
                        ),
                        code="odometer_back",
                        params={
                            "km": last.kilometres,
                            "date": last.read_on.strftime("%Y. %m. %d."),
                        },
                    ),
                )
        return data

    def warnings(self) -> list:
        effective = self.cleaned_data.get("contract_effective_on")
        if effective and is_late(effective):
            return [
                gettext(
                    "More than 8 days have passed since the contract took effect. Report it "
                    "now: until the change is registered you stay liable for the vehicle tax, "
                    "tolls, parking fees and surcharges, and fines, and a late report may be "
                    "fined."
                )
            ]
        return []


def seller_owner_since(vehicle: Vehicle | None, person: Person | None):
    """Since when `person` owns `vehicle` (their current ownership), or None."""
    if vehicle is None or person is None:
        return None
    current = vehicle.ownerships.filter(until__isnull=True, person=person).first()
    return current.since if current is not None else None


def is_late(effective_on, today=None) -> bool:
    today = today or timezone.localdate()
    return today > effective_on + timedelta(days=REPORT_WITHIN_DAYS)


def _matching_person(data) -> Person | None:
    if data.get("buyer_kind") != "person" or not data.get("buyer_birth_date"):
        return None
    candidates = Person.objects.filter(birth_date=data["buyer_birth_date"], died_on__isnull=True)
    name = (data.get("buyer_name") or "").strip().casefold()
    mother = (data.get("buyer_mother_name") or "").strip().casefold()
    found = [
        p
        for p in candidates
        if p.full_name.casefold() == name and p.mother_birth_name.casefold() == mother
    ]
    return found[0] if len(found) == 1 else None


def save_detail(case: Case, data) -> OwnershipChange:
    values = {name: data.get(name) or "" for name in NewOwnerStep.base_fields}
    values["buyer_birth_date"] = data.get("buyer_birth_date")
    return OwnershipChange.objects.create(
        case=case,
        vehicle=data["vehicle"],
        seller=case.applicant.person,
        buyer_person=_matching_person(data),
        transfer=data["transfer"],
        contract_effective_on=data["contract_effective_on"],
        possession_on=data["possession_on"],
        odometer_km=data["odometer_km"],
        late=is_late(data["contract_effective_on"]),
        **values,
    )


def register_change(case: Case) -> None:
    """The effect on submission: the buyer owns the vehicle from now on."""
    change = OwnershipChange.objects.select_related("vehicle").get(case=case)
    vehicle = Vehicle.objects.select_for_update().get(pk=change.vehicle_id)
    owners = list(vehicle.ownerships.filter(until__isnull=True))
    # Checked again under the lock: another request may have changed the owners.
    if len(owners) != 1 or owners[0].person_id != change.seller_id or vehicle.sales_ban:
        raise OwnershipChanged(vehicle.plate)
    today = timezone.localdate()
    owners[0].until = today
    owners[0].ended_by_case = case
    owners[0].save(update_fields=["until", "ended_by_case"])
    Ownership.objects.create(
        vehicle=vehicle,
        person=change.buyer_person,
        owner_name="" if change.buyer_person else change.buyer_display,
        since=today,
        created_by_case=case,
    )
    change.previous_keeper = vehicle.keeper
    vehicle.keeper = change.buyer_person
    vehicle.save(update_fields=["keeper"])
    OdometerReading.objects.create(
        vehicle=vehicle,
        read_on=change.possession_on,
        kilometres=change.odometer_km,
        source=OdometerReading.Source.OWNERSHIP_CHANGE,
        case=case,
    )
    change.registered_at = timezone.now()
    change.save(update_fields=["previous_keeper", "registered_at"])


class OwnershipChanged(Exception):
    """The register changed since the citizen checked: not the sole owner any more."""


@transaction.atomic
def approve(case: Case, *, by) -> None:
    """The clerk found the contract complete: the registration stands."""
    transition(case, Status.DECIDED_APPROVED, by=by, note=gettext("The contract is complete."))
    transition(case, Status.CLOSED, by=by)


@transaction.atomic
def revert(case: Case, *, by, missing: str) -> None:
    """The contract lacks mandatory content: delete the registered change and
    tell the applicant what was missing (the refusal is e-mailed to them)."""
    change = OwnershipChange.objects.select_for_update().get(case=case)
    if change.reverted_at is not None:
        return
    vehicle = Vehicle.objects.select_for_update().get(pk=change.vehicle_id)
    Ownership.objects.filter(vehicle=vehicle, created_by_case=case).delete()
    vehicle.ownerships.filter(ended_by_case=case).update(until=None, ended_by_case=None)
    OdometerReading.objects.filter(vehicle=vehicle, case=case).delete()
    vehicle.keeper = change.previous_keeper
    vehicle.save(update_fields=["keeper"])
    change.reverted_at = timezone.now()
    change.save(update_fields=["reverted_at"])
    transition(
        case,
        Status.DECIDED_REFUSED,
        by=by,
        note=gettext(
            "The registered change of ownership was deleted because the contract lacks "
            "mandatory content: %(missing)s"
        )
        % {"missing": missing},
    )
