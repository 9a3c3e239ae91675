"""`register.landlord_declaration`: the landlord's declaration (szállásadói nyilatkozat).

The Webes Ügysegéd service description: the landlord of a property declares how they
give the consent others need to register their address there — by appearing in
person together with the registrant, or by consenting online in advance — and may ask
to be alerted of each registration at the address by letter, fax, e-mail or SMS
(several at once; the yearly fee per property of the alert service). The declaration
is free. The two may be filed together or separately. 8 days if the facts are clear,
otherwise 21.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import deadlines
from cases.actions import record_event
from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from register import actions
from register.eligibility import active_packages, holds, person_of
from register.forms import AddressFieldsMixin, ChannelFieldsMixin, property_from
from register.models import LandlordConsent, LandlordDeclaration

CLEAR_DAYS = 8
UNCLEAR_DAYS = 21
NO_DECLARATION = ""


class PropertyStep(StepForm, AddressFieldsMixin):
    title = _("The property")

    conditionally_required = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("postal_code", "settlement", "street_address"):
            self.fields[name].required = True
        self.optional_fields = frozenset()

    def clean(self):
        data = super().clean()
        prop = property_from(self)
        data["property"] = prop
        if prop is not None and not holds(person_of(self.applicant), prop):
            self.add_error(
                "street_address",
                ValidationError(
                    _(
                        "The register does not show you as the landlord (address holder) of "
                        "this property. Only its landlord can make this declaration."
                    ),
                    code="not_holder",
                ),
            )
        return data


class DeclarationStep(StepForm, ChannelFieldsMixin):
    title = _("Your declaration")

    mode = forms.ChoiceField(
        label=_("How do you consent to others registering their address at the property?"),
        choices=[
            (NO_DECLARATION, _("I make no declaration on this now (alerts only)")),
            *LandlordConsent.Mode.choices,
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    conditionally_required = ChannelFieldsMixin.conditionally_required

    def clean(self):
        data = super().clean()
        if not data.get("mode") and not data.get("channels"):
            raise ValidationError(
                _("Declare the way of consent, ask for alerts, or both."), code="nothing_asked"
            )
        self.require_contacts()
        prop = self.previous.get("property")
        person = person_of(self.applicant)
        if (
            data.get("channels")
            and prop is not None
            and person is not None
            and active_packages(person).filter(property=prop).exists()
        ):
            self.add_error(
                "channels",
                ValidationError(
                    _(
                        "Alerts for this property are already in force: change or renew "
                        "them with the alert package service."
                    ),
                    code="package_exists",
                ),
            )
        return data


def save_detail(case, answers) -> LandlordDeclaration:
    channels = sorted(answers.get("channels") or [])
    return LandlordDeclaration.objects.create(
        case=case,
        property=answers["property"],
        mode=answers.get("mode") or "",
        channels=channels,
        **(actions.contacts_of(answers) if channels else {}),
    )


@transaction.atomic
def mark_unclear(case: Case, *, by) -> None:
    """The facts are not clear from the request and the register: 21 days instead of 8."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.deadline_days == UNCLEAR_DAYS or locked.received_on is None:
        return
    locked.deadline_days = UNCLEAR_DAYS
    locked.deadline = deadlines.due_date(locked.received_on, UNCLEAR_DAYS + locked.suspended_days)
    locked.save(update_fields=["deadline_days", "deadline"])
    record_event(locked, "register.facts_unclear", by=by)
    case.deadline_days, case.deadline = locked.deadline_days, locked.deadline


class CannotEnter(Exception):
    pass


@transaction.atomic
def enter_in_register(case: Case, *, by) -> LandlordConsent | None:
    """The clerk step: the consent declaration replaces the earlier one for the property;
    alerts asked with it start a package."""
    detail = LandlordDeclaration.objects.select_for_update().get(case=case)
    person = case.applicant.person
    today = timezone.localdate()
    if not holds(person, detail.property):
        raise CannotEnter(gettext("The applicant is no longer the landlord of the property."))
    consent = None
    if detail.mode:
        LandlordConsent.objects.filter(property=detail.property, ended_on__isnull=True).update(
            ended_on=today
        )
        consent = LandlordConsent.objects.create(
            landlord=person, property=detail.property, mode=detail.mode, since=today
        )
    if detail.channels:
        actions.create_package(
            person, detail.property, detail.channels, actions.contacts_of(detail), case=case
        )
    transition(case, Status.DECIDED_APPROVED, by=by)
    transition(case, Status.CLOSED, by=by)
    return consent
