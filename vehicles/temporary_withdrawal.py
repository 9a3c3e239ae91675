"""`vehicles.temporary_withdrawal`: withdraw a vehicle from traffic, or extend it.

The Webes Ügysegéd service description: the owner who is also the keeper and holds
the title and the registration certificate asks for a withdrawal of at most 6
months; the 2300 Ft administrative service fee is paid before submission; the
withdrawal happens at once on submission (the main-rule deadline of 30 days is only
the outer limit). Before the end the withdrawal can be extended "the same way", and
the citizen may ask for an automatic reminder before it ends
(`vehicles.tasks.remind_withdrawals_ending`).
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.deadlines import OutOfCalendar, add_months
from cases.flow import StepForm
from cases.models import Case
from portal.forms import DateField
from vehicles import forms as forms_
from vehicles.eligibility import RegisterChanged, is_owner_and_keeper
from vehicles.forms import HoldsDocumentsField
from vehicles.models import Vehicle, Withdrawal, WithdrawalPeriod

MAX_MONTHS = 6
# How many days before the last day of the period the reminder e-mail goes out.
REMINDER_DAYS_BEFORE_END = 8

NEW = "new"
EXTEND = "extend"


def last_possible_day(starts_on: date) -> date:
    """The last day of a withdrawal of at most 6 months starting on `starts_on`
    (both days included): the day before the same day six months later.

    Raises `OutOfCalendar` for a first day in the last six months of year 9999."""
    return add_months(starts_on, MAX_MONTHS) - timedelta(days=1)


def open_period(vehicle: Vehicle, today: date | None = None) -> WithdrawalPeriod | None:
    """The withdrawal that runs now or is still to come, the one ending last.

    An extension continues it; a new withdrawal is refused while it exists.
    """
    today = today or timezone.localdate()
    return (
        vehicle.withdrawals.filter(ends_on__gte=today, ended_early_on=None)
        .order_by("-ends_on", "-pk")
        .first()
    )


# --- eligibility --------------------------------------------------------------


def withdrawal_state(applicant, answers):
    """A new withdrawal needs a vehicle in traffic; an extension a withdrawn one."""
    vehicle, purpose = answers.get("vehicle"), answers.get("purpose")
    if vehicle is None or not purpose:
        return None
    current = open_period(vehicle)
    if purpose == NEW and current is not None:
        return gettext(
            "The vehicle %(plate)s is already withdrawn from traffic until %(date)s. To keep "
            "it withdrawn for longer, choose “Extend the current withdrawal”."
        ) % {"plate": vehicle.plate, "date": current.ends_on.strftime("%Y. %m. %d.")}
    if purpose == EXTEND and current is None:
        return gettext(
            "The vehicle %(plate)s is not withdrawn from traffic, so there is no withdrawal "
            "to extend. Choose “Withdraw the vehicle from traffic” instead."
        ) % {"plate": vehicle.plate}
    return None


# --- the steps ----------------------------------------------------------------


class VehicleStep(forms_.VehicleStep):
    purpose = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=[
            (NEW, _("Withdraw the vehicle from traffic")),
            (EXTEND, _("Extend the current withdrawal")),
        ],
        initial=NEW,
        widget=forms.RadioSelect,
    )
    holds_documents = HoldsDocumentsField()


class PeriodStep(StepForm):
    title = _("The withdrawal period")

    # Not required by the field: an extension has no first day to choose. The
    # first display of a step does not get the earlier answers, so the field
    # is there until the form knows (and `clean` requires it for a withdrawal).
    starts_on = DateField(
        label=_("First day of the withdrawal"),
        required=False,
        help_text=_(
            "Today or a later day. An extension starts on the day after the current "
            "withdrawal ends: leave this empty."
        ),
    )
    ends_on = DateField(
        label=_("Last day of the withdrawal"),
        help_text=_("At most 6 months from the first day."),
    )
    remind_before_end = forms.BooleanField(
        label=_("Send me an e-mail reminder 8 days before the withdrawal ends"),
        required=False,
    )
    wants_receipt = forms.BooleanField(
        label=_("I want an electronic receipt of the payment"),
        required=False,
        help_text=_("You can download it on the page of this request once the fee is booked."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.extends = None
        vehicle = self.previous.get("vehicle")
        if self.previous.get("purpose") == EXTEND and vehicle is not None:
            self.extends = open_period(vehicle)
        elif self.previous:
            self.fields["starts_on"].required = True
            self.fields["starts_on"].help_text = _("Today or a later day.")
        if self.extends is not None:
            # An extension continues the current period without a gap.
            del self.fields["starts_on"]
            self.fields["ends_on"].help_text = _(
                "The extension starts on %(date)s, the day after the current withdrawal "
                "ends, and lasts at most 6 months."
            ) % {"date": self.first_day.strftime("%Y. %m. %d.")}

    @property
    def first_day(self) -> date | None:
        if self.extends is not None:
            return self.extends.ends_on + timedelta(days=1)
        return self.cleaned_data.get("starts_on") if hasattr(self, "cleaned_data") else None

    def clean(self):
        data = super().clean()
        starts_on, ends_on = self.first_day, data.get("ends_on")
        if self.extends is None and starts_on and starts_on < timezone.localdate():
            self.add_error(
                "starts_on",
                ValidationError(_("The withdrawal cannot start in the past."), code="past"),
            )
            return data
        if not starts_on or not ends_on:
            return data
        data["starts_on"] = starts_on
        try:
            last = last_possible_day(starts_on)
        except OutOfCalendar:
            # Only a first day in the second half of year 9999 gets here; an extension
            # has no first day to type, so the error goes with its last day.
            self.add_error(
                "starts_on" if "starts_on" in self.fields else "ends_on",
                ValidationError(
                    _("The withdrawal cannot start this far in the future. Check the year."),
                    code="too_far",
                ),
            )
            return data
        if ends_on < starts_on:
            self.add_error(
                "ends_on",
                ValidationError(
                    _("The last day cannot be earlier than the first day (%(date)s)."),
                    code="before_start",
                    params={"date": starts_on.strftime("%Y. %m. %d.")},
                ),
            )
        elif ends_on > last:
            self.add_error(
                "ends_on",
                ValidationError(
                    _(
                        "A vehicle can be withdrawn from traffic for at most 6 months at a "
                        "time. With the first day %(start)s the last possible day is %(last)s; "
                        "to keep it withdrawn for longer, extend it before it ends."
                    ),
                    code="too_long",
                    params={
                        "start": starts_on.strftime("%Y. %m. %d."),
                        "last": last.strftime("%Y. %m. %d."),
                    },
                ),
            )
        return data


# --- submission and effect ------------------------------------------------------


def save_detail(case: Case, data) -> Withdrawal:
    extends = open_period(data["vehicle"]) if data.get("purpose") == EXTEND else None
    return Withdrawal.objects.create(
        case=case,
        vehicle=data["vehicle"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        extends=extends,
        remind_before_end=bool(data.get("remind_before_end")),
        wants_receipt=bool(data.get("wants_receipt")),
    )


@transaction.atomic
def withdraw(case: Case) -> WithdrawalPeriod:
    """The effect on submission: the period is in the register from now on."""
    request = Withdrawal.objects.select_for_update().get(case=case)
    vehicle = Vehicle.objects.select_for_update().get(pk=request.vehicle_id)
    person = getattr(case.applicant, "person", None)
    if not is_owner_and_keeper(vehicle, person):
        raise RegisterChanged(f"{case.reference}: not the owner and keeper any more")
    today = timezone.localdate()
    current = open_period(vehicle, today)
    if request.extends_id is not None:
        if current is None or current.pk != request.extends_id:
            raise RegisterChanged(f"{case.reference}: the extended period changed")
    else:
        if current is not None:
            raise RegisterChanged(f"{case.reference}: already withdrawn")
        # Paid later than the form was filled in (a bank transfer): the period
        # cannot start in the past, so it starts on the day of submission.
        if request.starts_on < today:
            request.starts_on = today
        if request.ends_on < request.starts_on:
            raise RegisterChanged(f"{case.reference}: the period is over")
    period = WithdrawalPeriod.objects.create(
        vehicle=vehicle,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        withdrawn_by=person,
        case=case,
    )
    request.period = period
    request.save(update_fields=["starts_on", "period"])
    return period
