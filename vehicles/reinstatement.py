"""`vehicles.reinstatement`: put a withdrawn vehicle back into traffic early.

The Webes Ügysegéd service description: the same people as for the withdrawal (owner
and keeper, holding the title and the registration certificate, for themself), and
in addition the ownership has not changed since the withdrawal: only the owner who
asked for the withdrawal may ask for the reinstatement, before the period ends.
2300 Ft administrative service fee before submission; the vehicle is back in traffic
at once on submission.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from vehicles import forms as forms_
from vehicles.eligibility import RegisterChanged, is_owner_and_keeper
from vehicles.forms import HoldsDocumentsField
from vehicles.models import Reinstatement, Vehicle, WithdrawalPeriod


def withdrawn_on(period: WithdrawalPeriod) -> date:
    """The day the withdrawal was registered (or began, when earlier)."""
    received = period.case.received_on if period.case_id else None
    return min(period.starts_on, received) if received else period.starts_on


def ownership_changed_since(vehicle: Vehicle, day: date) -> bool:
    """Whether any owner came or went after `day`."""
    return vehicle.ownerships.filter(Q(since__gt=day) | Q(until__gt=day)).exists()


def reinstatable(applicant, answers):
    """The vehicle is withdrawn now, by this applicant, who still owns it as then."""
    vehicle = answers.get("vehicle")
    person = getattr(applicant, "person", None)
    if vehicle is None:
        return None
    period = vehicle.current_withdrawal()
    if period is None:
        return gettext(
            "The vehicle %(plate)s is not withdrawn from traffic (or its withdrawal has "
            "already ended), so it cannot be reinstated. It may be used on the road."
        ) % {"plate": vehicle.plate}
    if (
        person is None
        or period.withdrawn_by_id != person.pk
        or ownership_changed_since(vehicle, withdrawn_on(period))
    ):
        return gettext(
            "The ownership of the vehicle %(plate)s has changed since it was withdrawn from "
            "traffic. Online, only the owner who asked for the withdrawal can ask for the "
            "reinstatement; please go to a government window."
        ) % {"plate": vehicle.plate}
    return None


class VehicleStep(forms_.VehicleStep):
    holds_documents = HoldsDocumentsField()
    wants_receipt = forms.BooleanField(
        label=_("I want an electronic receipt of the payment"),
        required=False,
        help_text=_("You can download it on the page of this request once the fee is booked."),
    )

    def warnings(self) -> list:
        vehicle = self.cleaned_data.get("vehicle")
        period = vehicle.current_withdrawal() if vehicle else None
        if period is None:
            return []
        return [
            gettext(
                "The vehicle is withdrawn from traffic until %(date)s. Once the fee is paid, "
                "it is back in traffic at once."
            )
            % {"date": period.ends_on.strftime("%Y. %m. %d.")}
        ]


def save_detail(case: Case, data) -> Reinstatement:
    return Reinstatement.objects.create(
        case=case,
        vehicle=data["vehicle"],
        period=data["vehicle"].current_withdrawal(),
        wants_receipt=bool(data.get("wants_receipt")),
    )


@transaction.atomic
def reinstate(case: Case) -> WithdrawalPeriod:
    """The effect on submission: the withdrawal ends today; in traffic at once."""
    request = Reinstatement.objects.select_related("case").get(case=case)
    vehicle = Vehicle.objects.select_for_update().get(pk=request.vehicle_id)
    period = WithdrawalPeriod.objects.select_for_update().get(pk=request.period_id)
    person = getattr(case.applicant, "person", None)
    today = timezone.localdate()
    # Checked again under the lock: the period may have ended, or the owner changed.
    if (
        not is_owner_and_keeper(vehicle, person)
        or period.ended_early_on is not None
        or not period.starts_on <= today <= period.ends_on
        or period.withdrawn_by_id != person.pk
        or ownership_changed_since(vehicle, withdrawn_on(period))
    ):
        raise RegisterChanged(f"{case.reference}: the withdrawal cannot be ended any more")
    period.ended_early_on = today
    period.save(update_fields=["ended_early_on"])
    # An extension already granted would withdraw the vehicle again when it
    # begins; the reinstatement ends it too (it never starts).
    vehicle.withdrawals.filter(starts_on__gt=today, ended_early_on=None).update(
        ended_early_on=today
    )
    return period
