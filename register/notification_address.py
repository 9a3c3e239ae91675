"""`register.notification_address`: register, renew, change or delete the notification address.

The Webes Ügysegéd service description ("Értesítési cím bejelentésével kapcsolatos
kérelmek"): a notification address (értesítési cím) is an address, a post office box
or a postal service point given for contact besides the residence and the place of
stay. Only a person with a registered residence may file, only for themself; the
register holds one notification address at a time; it must be declared again within
two years or it is deleted; it is invalid once an office finds it not real. A holder
may have refused in advance that their address or box be used: a registration there
is refused. Free; 8 days from the day after receipt (a clerk enters it).
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from population.models import Address
from register import actions
from register.eligibility import (
    current_notification_address,
    has_residence,
    person_of,
    refusal_of,
)
from register.forms import (
    AddressFieldsMixin,
    PoBoxFieldsMixin,
    RowChoiceField,
    box_from,
    property_from,
    require,
)
from register.models import (
    NotificationAddress,
    NotificationAddressRequest,
    NotificationKind,
    ServicePoint,
)

Action = NotificationAddressRequest.Action
VALID_YEARS = 2
REMIND_DAYS_BEFORE = 30


def lapse_day(declared_on: date) -> date:
    """The day a notification address declared on `declared_on` is deleted: two years on."""
    try:
        return declared_on.replace(year=declared_on.year + VALID_YEARS)
    except ValueError:  # declared on 29 February
        return declared_on.replace(year=declared_on.year + VALID_YEARS, day=28)


class ActionStep(StepForm):
    title = _("What would you like to do?")

    action = forms.ChoiceField(
        label=_("Your request"), choices=Action.choices, widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        current = current_notification_address(person_of(self.applicant))
        if action == Action.REGISTER and current is not None:
            self.add_error(
                "action",
                ValidationError(
                    _(
                        "You already have a notification address (%(address)s). The register "
                        "holds only one: choose to change it instead."
                    )
                    % {"address": current.address},
                    code="already_has_one",
                ),
            )
        if action in (Action.RENEW, Action.CHANGE, Action.DELETE) and current is None:
            self.add_error(
                "action",
                ValidationError(
                    _("You have no notification address in the register: register one first."),
                    code="has_none",
                ),
            )
        return data


class AddressStep(StepForm, AddressFieldsMixin, PoBoxFieldsMixin):
    title = _("The notification address")

    kind = forms.ChoiceField(
        label=_("The notification address is"),
        choices=NotificationKind.choices,
        widget=forms.RadioSelect,
    )
    service_point = RowChoiceField(
        label=_("Postal service point"),
        queryset=ServicePoint.objects.all(),
        required=False,
        empty_label=_("Choose a service point"),
    )
    conditionally_required = (
        "postal_code",
        "settlement",
        "street_address",
        "po_box_postal_code",
        "po_box_number",
        "service_point",
    )

    NEEDS = {
        NotificationKind.ADDRESS: ("postal_code", "settlement", "street_address"),
        NotificationKind.PO_BOX: ("po_box_postal_code", "po_box_number"),
        NotificationKind.SERVICE_POINT: ("service_point",),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = self.previous.get("action")
        if action in (Action.RENEW, Action.DELETE):
            self.fields["kind"].help_text = gettext(
                "Give the notification address you have now, as the register holds it."
            )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        require(self, self.NEEDS[kind])
        data["property"] = property_from(self) if kind == NotificationKind.ADDRESS else None
        data["po_box"] = box_from(self) if kind == NotificationKind.PO_BOX else None
        if kind != NotificationKind.SERVICE_POINT:
            data["service_point"] = None
        if self.errors:
            return data
        person = person_of(self.applicant)
        action = self.previous.get("action")
        current = current_notification_address(person)
        if (
            action in (Action.RENEW, Action.DELETE)
            and current is not None
            and not same_place(current, kind, data)
        ):
            self.add_error(
                _field_of(kind),
                ValidationError(
                    _(
                        "This is not your notification address. The register holds "
                        "%(address)s: give that one to renew or delete it."
                    )
                    % {"address": current.address},
                    code="not_yours",
                ),
            )
        if action in (Action.REGISTER, Action.CHANGE):
            if action == Action.CHANGE and current is not None and same_place(current, kind, data):
                self.add_error(
                    _field_of(kind),
                    ValidationError(
                        _("This is already your notification address: choose renewal instead."),
                        code="unchanged",
                    ),
                )
            refusal = refusal_of(property=data.get("property"), po_box=data.get("po_box"))
            if refusal is not None:
                self.add_error(
                    _field_of(kind),
                    ValidationError(
                        _(
                            "The holder of this address has refused that it be registered as "
                            "anyone's notification address. Choose another address."
                        ),
                        code="refused",
                    ),
                )
        return data


def _field_of(kind: str) -> str:
    return {
        NotificationKind.ADDRESS: "street_address",
        NotificationKind.PO_BOX: "po_box_number",
        NotificationKind.SERVICE_POINT: "service_point",
    }[kind]


def same_place(current: NotificationAddress, kind: str, answers) -> bool:
    if current.kind != kind:
        return False
    if kind == NotificationKind.ADDRESS:
        return current.property_id is not None and current.property_id == getattr(
            answers.get("property"), "pk", None
        )
    if kind == NotificationKind.PO_BOX:
        return current.po_box_id is not None and current.po_box_id == getattr(
            answers.get("po_box"), "pk", None
        )
    return current.service_point_id == getattr(answers.get("service_point"), "pk", None)


def save_detail(case, answers) -> NotificationAddressRequest:
    return NotificationAddressRequest.objects.create(
        case=case,
        action=answers["action"],
        kind=answers.get("kind", ""),
        property=answers.get("property"),
        po_box=answers.get("po_box"),
        service_point=answers.get("service_point"),
        declared_on=timezone.localdate(),
    )


class CannotEnter(Exception):
    """The register no longer allows the request (checked under the lock); the reason
    is for the clerk, who then refuses the request."""


def _population_address(person, detail, day: date) -> Address:
    if detail.kind == NotificationKind.ADDRESS:
        place = detail.property
        postal, settlement, street = place.postal_code, place.settlement, place.street_address
    elif detail.kind == NotificationKind.PO_BOX:
        box = detail.po_box
        postal, settlement, street = box.postal_code, box.settlement, f"Pf. {box.number}"
    else:
        point = detail.service_point
        postal, settlement = point.postal_code, point.settlement
        street = f"{point.name}, {point.street_address}"
    return Address.objects.create(
        person=person,
        kind=Address.Kind.NOTIFICATION,
        postal_code=postal,
        settlement=settlement,
        street_address=street,
        valid_from=day,
    )


def end(notification: NotificationAddress, day: date, *, not_real: bool = False) -> None:
    """Delete a notification address from the register (the history is kept)."""
    notification.ended_on = day
    fields = ["ended_on"]
    if not_real:
        notification.not_real_since = day
        fields.append("not_real_since")
    notification.save(update_fields=fields)
    Address.objects.filter(pk=notification.address_id, valid_to__isnull=True).update(valid_to=day)


@transaction.atomic
def enter_in_register(case: Case, *, by) -> NotificationAddress | None:
    """The clerk step: the request is entered; alerts go to the address holder."""
    detail = NotificationAddressRequest.objects.select_for_update().get(case=case)
    person = case.applicant.person
    today = timezone.localdate()
    if not has_residence(person):
        raise CannotEnter(gettext("The applicant has no registered residence."))
    current = (
        NotificationAddress.objects.select_for_update()
        .filter(person=person, ended_on__isnull=True)
        .first()
    )
    result = None
    if detail.action in (Action.REGISTER, Action.CHANGE):
        if detail.action == Action.REGISTER and current is not None:
            raise CannotEnter(gettext("The applicant has a notification address already."))
        if refusal_of(property=detail.property, po_box=detail.po_box) is not None:
            raise CannotEnter(gettext("The holder has refused the use of this address."))
        if current is not None:
            end(current, today)
        address = _population_address(person, detail, today)
        result = NotificationAddress.objects.create(
            person=person,
            address=address,
            kind=detail.kind,
            property=detail.property,
            po_box=detail.po_box,
            service_point=detail.service_point,
            declared_on=detail.declared_on,
            lapses_on=lapse_day(detail.declared_on),
        )
        if detail.property is not None and detail.property.holder_id:
            actions.send_address_alerts(
                detail.property, registrant=person, registered_on=today, case=case
            )
    elif current is None:
        raise CannotEnter(gettext("The applicant has no notification address."))
    elif detail.action == Action.RENEW:
        current.declared_on = detail.declared_on
        current.lapses_on = lapse_day(detail.declared_on)
        current.lapse_reminded_on = None
        current.save(update_fields=["declared_on", "lapses_on", "lapse_reminded_on"])
        result = current
    else:  # delete
        end(current, today)
    detail.result = result
    detail.save(update_fields=["result"])
    transition(case, Status.DECIDED_APPROVED, by=by)
    transition(case, Status.CLOSED, by=by)
    return result


@transaction.atomic
def refuse(case: Case, *, by, note: str) -> None:
    """The clerk step when the request cannot be entered (the reason is the clerk's note)."""
    transition(case, Status.DECIDED_REFUSED, by=by, note=note)
    transition(case, Status.CLOSED, by=by)


@transaction.atomic
def mark_not_real(notification: NotificationAddress, *, by) -> None:
    """An office found the notification address not real: it is invalid from today."""
    locked = NotificationAddress.objects.select_for_update().get(pk=notification.pk)
    if locked.ended_on is None:
        end(locked, timezone.localdate(), not_real=True)


def due_for_reminder(today: date):
    return NotificationAddress.objects.filter(
        ended_on__isnull=True,
        lapse_reminded_on__isnull=True,
        lapses_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        lapses_on__gt=today,
    )
