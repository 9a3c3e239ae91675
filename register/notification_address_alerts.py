"""`register.notification_address_alerts`: the address holder is alerted of every registration
of the address as a notification address; alert packages created, renewed, changed, revoked.

The Webes Ügysegéd service descriptions ("Értesítési cím bejelentéséhez kapcsolódó
nyilatkozat…", "Értesítési csomag létrehozása, módosítása vagy visszavonása"): the
address holder may ask to be told, when an address of theirs is registered, by
letter, fax, e-mail or SMS (several at once). The yearly administrative service fee
is per property (`register.fees.alert_fee`); creating, changing or revoking a
package is free. The service lapses one year after it was asked unless asked again
(renewed), when the right to the declaration ends, or on the holder's death. Own
name only; 8 days from the day after receipt.

A change replaces the package's channels and contacts for the rest of its year (the
fee already paid covers the year; the new channels' fee is due at renewal).
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from register import actions
from register.eligibility import active_packages, person_of
from register.forms import (
    ChannelFieldsMixin,
    RowChoiceField,
    RowsChoiceField,
    require,
)
from register.models import AlertPackage, AlertRequest, Property

Action = AlertRequest.Action


def holds_a_property(applicant, answers):
    person = person_of(applicant)
    if person is not None and not Property.objects.filter(holder=person).exists():
        return gettext(
            "The register does not show you as the address holder (landlord) of any property, "
            "so you cannot ask for alerts. If you are, the district office can record it."
        )
    return None


class ActionStep(StepForm):
    title = _("What would you like to do?")

    action = forms.ChoiceField(
        label=_("Your request"), choices=Action.choices, widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        person = person_of(self.applicant)
        if (
            action in (Action.RENEW, Action.CHANGE, Action.REVOKE)
            and person is not None
            and not active_packages(person).exists()
        ):
            self.add_error(
                "action",
                ValidationError(
                    _("You have no alert package in force: create one first."),
                    code="no_package",
                ),
            )
        return data


class PackageStep(StepForm, ChannelFieldsMixin):
    title = _("The alert package")

    properties = RowsChoiceField(
        label=_("Properties to watch"),
        queryset=Property.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The fee is due for each property."),
    )
    package = RowChoiceField(
        label=_("Alert package"),
        queryset=AlertPackage.objects.none(),
        required=False,
        empty_label=_("Choose a package"),
    )
    conditionally_required = ("properties", "package", *ChannelFieldsMixin.conditionally_required)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = person_of(self.applicant)
        if person is not None:
            self.fields["properties"].queryset = Property.objects.filter(holder=person)
            self.fields["package"].queryset = active_packages(person)
        self.fields["package"].label_from_instance = _package_label

    def clean(self):
        data = super().clean()
        action = self.previous.get("action")
        if action == Action.CREATE:
            require(self, ("properties", "channels"))
            person = person_of(self.applicant)
            taken = [
                p
                for p in data.get("properties") or []
                if person is not None and active_packages(person).filter(property=p).exists()
            ]
            if taken:
                self.add_error(
                    "properties",
                    ValidationError(
                        _(
                            "You have an alert package in force for %(address)s already: "
                            "renew or change that one."
                        )
                        % {"address": taken[0]},
                        code="package_exists",
                    ),
                )
        elif action in (Action.RENEW, Action.CHANGE):
            require(self, ("package", "channels"))
        elif action == Action.REVOKE:
            require(self, ("package",))
        if action in (Action.CREATE, Action.RENEW, Action.CHANGE):
            self.require_contacts()
        return data


def _package_label(package: AlertPackage) -> str:
    return gettext("%(address)s, until %(date)s") % {
        "address": package.property,
        "date": package.ends_on.strftime("%Y. %m. %d."),
    }


def save_detail(case, answers) -> AlertRequest:
    action = answers["action"]
    keeps_channels = action != Action.REVOKE
    detail = AlertRequest.objects.create(
        case=case,
        action=action,
        package=answers.get("package"),
        channels=sorted(answers.get("channels") or []) if keeps_channels else [],
        **(actions.contacts_of(answers) if keeps_channels else {}),
    )
    if action == Action.CREATE:
        detail.properties.set(answers["properties"])
    elif answers.get("package") is not None:
        detail.properties.set([answers["package"].property])
    return detail


class CannotEnter(Exception):
    pass


@transaction.atomic
def enter_in_register(case: Case, *, by) -> list[AlertPackage]:
    """The clerk step: the packages are created, renewed, changed or revoked."""
    detail = AlertRequest.objects.select_for_update().get(case=case)
    person = case.applicant.person
    today = timezone.localdate()
    contacts = actions.contacts_of(detail)
    result = []
    if detail.action == Action.CREATE:
        for prop in detail.properties.all():
            if prop.holder_id != person.pk:
                raise CannotEnter(
                    gettext("The applicant no longer holds %(address)s.") % {"address": prop}
                )
            result.append(
                actions.create_package(person, prop, detail.channels, contacts, case=case)
            )
    else:
        package = AlertPackage.objects.select_for_update().get(pk=detail.package_id)
        if not package.is_active(today):
            raise CannotEnter(gettext("The alert package is no longer in force."))
        if detail.action == Action.RENEW:
            actions.end_package(package, AlertPackage.Ending.CHANGED, today)
            result.append(
                actions.create_package(
                    person,
                    package.property,
                    detail.channels,
                    contacts,
                    case=case,
                    starts_on=package.starts_on,
                    ends_on=actions.one_year_from(package.ends_on + timedelta(days=1)),
                )
            )
        elif detail.action == Action.CHANGE:
            actions.end_package(package, AlertPackage.Ending.CHANGED, today)
            result.append(
                actions.create_package(
                    person,
                    package.property,
                    detail.channels,
                    contacts,
                    case=case,
                    starts_on=today,
                    ends_on=package.ends_on,
                )
            )
        else:
            actions.end_package(package, AlertPackage.Ending.REVOKED, today)
    transition(case, Status.DECIDED_APPROVED, by=by)
    transition(case, Status.CLOSED, by=by)
    return result
