"""`register.notification_address_refusal`: an address holder or box tenant refuses in advance
that the address be used as a notification address, or revokes that refusal.

The Webes Ügysegéd service description ("Értesítési cím bejelentésének előzetes tiltása
vagy az előzetes tiltás visszavonása"): the address holder (címjogosult: the landlord
of the address) and the tenant of a post office box may declare in advance that they
do not allow the address or the box to be registered as a notification address, and
may revoke it. Own name only. Free; 8 days from the day after receipt.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from register.eligibility import holds, person_of, refusal_of
from register.forms import AddressFieldsMixin, PoBoxFieldsMixin, box_from, property_from, require
from register.models import AddressRefusal, RefusalRequest

Action = RefusalRequest.Action


TARGETS = [
    ("address", _("an address I am the address holder (landlord) of")),
    ("po_box", _("a post office box I rent")),
]


class RefusalStep(StepForm, AddressFieldsMixin, PoBoxFieldsMixin):
    title = _("The address and your declaration")

    action = forms.ChoiceField(
        label=_("Your declaration"), choices=Action.choices, widget=forms.RadioSelect
    )
    target = forms.ChoiceField(label=_("It concerns"), choices=TARGETS, widget=forms.RadioSelect)
    conditionally_required = (
        "postal_code",
        "settlement",
        "street_address",
        "po_box_postal_code",
        "po_box_number",
    )

    def clean(self):
        data = super().clean()
        target, action = data.get("target"), data.get("action")
        if not target:
            return data
        person = person_of(self.applicant)
        if target == "address":
            require(self, ("postal_code", "settlement", "street_address"))
            prop = property_from(self)
            data["property"], data["po_box"] = prop, None
            field = "street_address"
            if prop is not None and not holds(person, prop):
                self.add_error(
                    field,
                    ValidationError(
                        _(
                            "The register does not show you as the address holder (landlord) "
                            "of this address. Only the address holder can make this declaration."
                        ),
                        code="not_holder",
                    ),
                )
        else:
            require(self, ("po_box_postal_code", "po_box_number"))
            box = box_from(self)
            data["property"], data["po_box"] = None, box
            field = "po_box_number"
            if box is not None and (person is None or box.tenant_id != person.pk):
                self.add_error(
                    field,
                    ValidationError(
                        _("The register does not show you as the tenant of this post office box."),
                        code="not_tenant",
                    ),
                )
        if self.errors or not action:
            return data
        refusal = refusal_of(property=data["property"], po_box=data["po_box"])
        if action == Action.REFUSE and refusal is not None:
            self.add_error(
                field,
                ValidationError(
                    _("A refusal for this address is already in force (since %(date)s).")
                    % {"date": refusal.since.strftime("%Y. %m. %d.")},
                    code="already_refused",
                ),
            )
        if action == Action.REVOKE and refusal is None:
            self.add_error(
                field,
                ValidationError(
                    _("There is no refusal in force for this address to revoke."),
                    code="not_refused",
                ),
            )
        return data


def save_detail(case, answers) -> RefusalRequest:
    return RefusalRequest.objects.create(
        case=case, action=answers["action"], property=answers["property"], po_box=answers["po_box"]
    )


@transaction.atomic
def enter_in_register(case: Case, *, by) -> AddressRefusal | None:
    """The clerk step: the refusal (or its revocation) is entered; decided and closed."""
    detail = RefusalRequest.objects.select_for_update().get(case=case)
    person = case.applicant.person
    today = timezone.localdate()
    refusal = refusal_of(property=detail.property, po_box=detail.po_box)
    result = None
    if detail.action == Action.REFUSE and refusal is None:
        result = AddressRefusal.objects.create(
            refuser=person, property=detail.property, po_box=detail.po_box, since=today
        )
    elif detail.action == Action.REVOKE and refusal is not None:
        refusal.revoked_on = today
        refusal.save(update_fields=["revoked_on"])
    transition(case, Status.DECIDED_APPROVED, by=by)
    transition(case, Status.CLOSED, by=by)
    return result
