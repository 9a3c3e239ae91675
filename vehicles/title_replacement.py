"""`vehicles.title_replacement`: replace a lost, stolen or destroyed title (törzskönyv).

The Webes Ügysegéd service description ("Törzskönyv pótlás"): only the owner who is
also the keeper and the lawful holder of the title and registration certificate may
ask, for themself, and only for a title that no longer physically exists. Filing the
request also reports the loss. The duty is 6000 Ft, none when the title was stolen
(with the police report attached). The title's serial number is published in the
official gazette (Hivatalos Értesítő) and the new title can be made only after the
day following the publication; if someone proves a right to the vehicle or the title
within the deadline set there, no replacement is made. If the loss had been reported
before, the replacement starts at once and the title is issued within 8 days from
the day after submission.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import record_event
from cases.flow import DocumentField, StepForm
from cases.models import Attachment, Case
from cases.workflow import Status, transition
from population.identifiers import validate_postal_code
from portal.forms import DateField
from vehicles import forms as forms_
from vehicles.models import Delivery, TitleReplacement, Vehicle

# Issued within 8 days from the day after submission when reported before.
REPORTED_BEFORE_DEADLINE_DAYS = 8
TITLE_NUMBER = re.compile(r"[A-Z0-9]{6,12}")

# The reasons the form offers. The last two are not replacements that can be
# asked online; they are offered so that the citizen is told where to go.
DAMAGED = "damaged"
DATA_CHANGED = "data_changed"
REASON_CHOICES = [
    *TitleReplacement.Reason.choices,
    (DAMAGED, _("damaged, but it can still be identified")),
    (DATA_CHANGED, _("my name or the vehicle's data changed")),
]
VehicleStep = forms_.VehicleStep

OFFICE_ONLY = {
    DAMAGED: _(
        "A damaged title that can still be identified beyond doubt is renewed without "
        "publication in the official gazette, in person at a government window or document "
        "office; it cannot be requested online."
    ),
    DATA_CHANGED: _(
        "A new title because of a change of name or of the title's data is an exchange, not "
        "a replacement: ask for it in person at a government window or document office."
    ),
}


class ReasonStep(StepForm):
    title = _("What happened to the title")
    attachment_kinds = {"police_report": Attachment.Kind.POLICE_REPORT}
    conditionally_required = ("reported_on",)

    reason = forms.ChoiceField(
        label=_("The title was"),
        choices=REASON_CHOICES,
        widget=forms.RadioSelect,
    )
    police_report = DocumentField(
        label=_("Copy of the police report (if the title was stolen)"),
        required=False,
        help_text=_(
            "A scan or photo of the police report on the theft: PDF, JPEG or PNG. With it, "
            "the replacement of a stolen title is free of duty."
        ),
    )
    reported_before = forms.ChoiceField(
        label=_("Was the loss reported before?"),
        choices=[
            ("no", _("No, I report it with this request")),
            ("yes", _("Yes, it was reported before")),
        ],
        initial="no",
        widget=forms.RadioSelect,
    )
    reported_on = DateField(
        label=_("Date of the earlier report"),
        required=False,
        help_text=_("Only if the loss was reported before."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if reason in OFFICE_ONLY:
            raise ValidationError(OFFICE_ONLY[reason], code="office_only")
        return reason

    def clean(self):
        data = super().clean()
        reported_on = data.get("reported_on")
        if data.get("reported_before") == "yes":
            if reported_on is None and "reported_on" not in self.errors:
                self.add_error(
                    "reported_on",
                    ValidationError(
                        _("Give the date when the loss was reported."), code="required"
                    ),
                )
            elif reported_on and reported_on > timezone.localdate():
                self.add_error(
                    "reported_on",
                    ValidationError(_("This date cannot be in the future."), code="future"),
                )
        else:
            data["reported_on"] = None
        return data

    def warnings(self) -> list:
        if self.cleaned_data.get("reason") == "stolen" and not self.cleaned_data.get(
            "police_report"
        ):
            return [
                gettext(
                    "A copy of the police report should be attached when the title was "
                    "stolen. Without it the replacement is not free: the 6000 Ft duty is due."
                )
            ]
        return []


class DeliveryStep(StepForm):
    title = _("Receiving the new title")
    conditionally_required = ("postal_code", "settlement", "street_address")

    delivery = forms.ChoiceField(
        label=_("How do you want to receive the new title?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The 8-day issue time does not include the time of delivery, unless the title "
            "is delivered to a district office. A title not collected is kept for one year "
            "from its issue, then sent for destruction; it is handed over only to the owner "
            "or their authorised proxy."
        ),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    settlement = forms.CharField(label=_("Settlement"), max_length=100, required=False)
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        help_text=_("Only for delivery by post. Your address in the register is filled in."),
    )
    # Asked last, so that the register checks on the plate show up at once.
    lawful_holder = forms.BooleanField(
        label=_(
            "I am the lawful holder of this vehicle's title and registration certificate, and "
            "I file this request for myself."
        ),
        error_messages={
            "required": _(
                "Only the lawful holder of the title and the registration certificate can "
                "ask for a replacement online; tick the box to confirm."
            )
        },
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
        if value:
            validate_postal_code(value)
        return value

    def clean(self):
        data = super().clean()
        if data.get("delivery") == Delivery.POST:
            for name in ("postal_code", "settlement", "street_address"):
                if not (data.get(name) or "").strip() and name not in self.errors:
                    self.add_error(
                        name,
                        ValidationError(
                            _("Give the address the title should be posted to."),
                            code="required",
                        ),
                    )
        return data


def registered_address(person):
    """The notification address if there is one, else the residence."""
    if person is None:
        return None
    return person.current_address("notification") or person.current_address("residence")


def save_detail(case: Case, data) -> TitleReplacement:
    vehicle = data["vehicle"]
    reported_before = data["reported_before"] == "yes"
    by_post = data["delivery"] == Delivery.POST
    if reported_before:
        # `transition()` computes the deadline from the case's own
        # `deadline_days` when the case is submitted, which comes after this.
        case.deadline_days = REPORTED_BEFORE_DEADLINE_DAYS
        case.save(update_fields=["deadline_days"])
    return TitleReplacement.objects.create(
        case=case,
        vehicle=vehicle,
        old_title_number=vehicle.title_number,
        reason=data["reason"],
        reported_before=reported_before,
        reported_on=data.get("reported_on") if reported_before else None,
        delivery=data["delivery"],
        delivery_postal_code=data.get("postal_code", "") if by_post else "",
        delivery_settlement=data.get("settlement", "") if by_post else "",
        delivery_street_address=data.get("street_address", "") if by_post else "",
    )


def report_loss(case: Case) -> None:
    """The effect on submission: the request is also the report of the loss."""
    detail = TitleReplacement.objects.get(case=case)
    if detail.reported_before:
        note = gettext(
            "The loss was reported before: the replacement has started and the new title is "
            "issued within 8 days from the day after submission."
        )
    else:
        note = gettext(
            "The title no. %(number)s was reported %(reason)s with this request. Its number "
            "will be published in the official gazette (Hivatalos Értesítő)."
        ) % {"number": detail.old_title_number, "reason": detail.get_reason_display()}
    record_event(case, "title.loss_reported", by=case.applicant, note=note)


# --- the clerk's side ------------------------------------------------------------


class NotAllowed(Exception):
    """The step does not fit the state of the replacement; the message says why."""


def objection_deadline(published_on: date) -> date:
    # The title can be replaced only after the day following publication, so a
    # right has to be proved by the end of that day.
    return published_on + timedelta(days=1)


def earliest_issue(detail: TitleReplacement) -> date | None:
    """The first day the new title may be issued (None: not yet published)."""
    if detail.reported_before:
        return detail.case.received_on
    if detail.published_on is None:
        return None
    return objection_deadline(detail.published_on) + timedelta(days=1)


def _open_detail(case: Case) -> TitleReplacement:
    detail = TitleReplacement.objects.select_for_update().select_related("case").get(case=case)
    if detail.case.status not in (Status.SUBMITTED, Status.IN_PROGRESS):
        raise NotAllowed(gettext("The case is no longer open."))
    if detail.issued_on is not None or detail.objection_received:
        raise NotAllowed(gettext("The case is no longer open."))
    return detail


@transaction.atomic
def record_publication(case: Case, *, published_on: date, by) -> TitleReplacement:
    """The title's number was published in the official gazette on `published_on`."""
    detail = _open_detail(case)
    if detail.reported_before:
        raise NotAllowed(gettext("The loss was reported before: no publication is needed."))
    if detail.published_on is not None:
        raise NotAllowed(gettext("The publication is already recorded."))
    if published_on > timezone.localdate():
        raise NotAllowed(gettext("The publication date cannot be in the future."))
    if detail.case.received_on and published_on < detail.case.received_on:
        raise NotAllowed(gettext("The publication cannot precede the request."))
    detail.published_on = published_on
    detail.objection_deadline = objection_deadline(published_on)
    detail.save(update_fields=["published_on", "objection_deadline"])
    if detail.case.status == Status.SUBMITTED:
        transition(case, Status.IN_PROGRESS, by=by)
    record_event(
        case,
        "title.published",
        by=by,
        note=gettext(
            "The title no. %(number)s was published in the official gazette on %(date)s. "
            "Anyone with a right to the vehicle or the title may prove it until %(until)s; "
            "the new title can be issued from %(from)s."
        )
        % {
            "number": detail.old_title_number,
            "date": published_on.strftime("%Y. %m. %d."),
            "until": detail.objection_deadline.strftime("%Y. %m. %d."),
            "from": earliest_issue(detail).strftime("%Y. %m. %d."),
        },
    )
    return detail


@transaction.atomic
def record_objection(case: Case, *, proved_on: date, note: str, by) -> TitleReplacement:
    """Someone proved a right to the vehicle or the title in time: no replacement."""
    detail = _open_detail(case)
    if detail.published_on is None:
        raise NotAllowed(gettext("Record the publication first."))
    if not detail.published_on <= proved_on <= detail.objection_deadline:
        raise NotAllowed(
            gettext("A right proved outside the deadline (%(from)s – %(until)s) does not count.")
            % {
                "from": detail.published_on.strftime("%Y. %m. %d."),
                "until": detail.objection_deadline.strftime("%Y. %m. %d."),
            }
        )
    detail.objection_received = True
    detail.save(update_fields=["objection_received"])
    transition(
        case,
        Status.DECIDED_REFUSED,
        by=by,
        note=gettext(
            "The title cannot be replaced: after the publication, a right to the vehicle or "
            "the title was proved within the deadline. %(note)s"
        )
        % {"note": note},
    )
    return detail


@transaction.atomic
def issue_title(case: Case, *, new_title_number: str, by) -> TitleReplacement:
    """Issue the new title: its number goes into the register, the case is decided."""
    detail = _open_detail(case)
    today = timezone.localdate()
    first_day = earliest_issue(detail)
    if first_day is None:
        raise NotAllowed(gettext("The title's number has not been published yet."))
    if today < first_day:
        raise NotAllowed(
            gettext("The new title can be issued only from %(date)s.")
            % {"date": first_day.strftime("%Y. %m. %d.")}
        )
    number = new_title_number.strip().upper()
    if not TITLE_NUMBER.fullmatch(number):
        raise NotAllowed(gettext("A title number has 6 to 12 letters and digits."))
    vehicle = Vehicle.objects.select_for_update().get(pk=detail.vehicle_id)
    if number == detail.old_title_number or (
        Vehicle.objects.filter(title_number=number).exclude(pk=vehicle.pk).exists()
    ):
        raise NotAllowed(gettext("This title number is already in use."))
    vehicle.title_number = number
    vehicle.save(update_fields=["title_number"])
    detail.new_title_number = number
    detail.issued_on = today
    detail.save(update_fields=["new_title_number", "issued_on"])
    record_event(
        case,
        "title.issued",
        by=by,
        note=gettext("The new title no. %(number)s was issued.") % {"number": number},
    )
    if detail.delivery == Delivery.POST:
        how = gettext("It is posted to %(address)s.") % {"address": delivery_address(detail)}
    else:
        how = gettext(
            "Collect it at the transport authority. A title not collected is kept for one year, "
            "then destroyed."
        )
    transition(
        case,
        Status.DECIDED_APPROVED,
        by=by,
        note=gettext("The new title no. %(number)s was issued. %(how)s")
        % {"number": number, "how": how},
    )
    return detail


def delivery_address(detail: TitleReplacement) -> str:
    return (
        f"{detail.delivery_postal_code} {detail.delivery_settlement}, "
        f"{detail.delivery_street_address}"
    )
