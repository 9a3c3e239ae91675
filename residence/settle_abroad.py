"""`residence.settle_abroad`: report leaving Hungary to settle abroad.

The Webes Ügysegéd service description ("Külföldön történő letelepedési szándék
bejelentése"): anyone in the personal data and address register (Hungarian citizen,
immigrant, settled, refugee, protected, free movement), with the foreign address.
Free; 8 days if the facts are clear, otherwise 21; no urgent procedure. A Hungarian
citizen chooses how to get the new address card (district office, post, consulate)
and keeps the ID card; a non-Hungarian citizen's ID card entitlement ends and the
card must be handed in. Since 2013-03-01 a temporary stay abroad need not be reported.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from documents.models import Document, DocumentKind
from population.models import Address, Person
from residence import actions
from residence.forms import ForeignAddressStep
from residence.models import Settlement

LONGER_DEADLINE_DAYS = 21
DOCUMENT_KIND = "residence_settlement"


def is_citizen(person) -> bool:
    return person is not None and person.legal_title == Person.LegalTitle.CITIZEN


class AddressStep(StepForm, ForeignAddressStep):
    title = _("Your foreign address")


class DeclarationStep(StepForm):
    title = _("Declaration and address card")
    conditionally_required = ("card_delivery", "consulate", "hand_in")

    settling = forms.BooleanField(
        label=_(
            "I leave Hungary with the intention of settling abroad (not for a temporary stay "
            "or work)."
        ),
        help_text=_(
            "Since 1 March 2013 a temporary stay abroad, even over three months, need not be "
            "reported: someone who only works abroad for a while does not report it."
        ),
        error_messages={
            "required": _(
                "This service is only for settling abroad. A temporary stay abroad need not be "
                "reported."
            )
        },
    )
    card_delivery = forms.ChoiceField(
        label=_("How do you want to receive the new address card?"),
        choices=Settlement.CardDelivery.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    consulate = forms.CharField(
        label=_("Consulate"),
        max_length=200,
        required=False,
        help_text=_("Only if you collect the card at a consulate: name the city, e.g. Vienna."),
    )
    hand_in = forms.BooleanField(
        label=_(
            "I understand that my entitlement to a Hungarian ID card ends with this report and "
            "that I must hand in my ID card."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if is_citizen(getattr(self.applicant, "person", None)):
            del self.fields["hand_in"]
        else:
            del self.fields["card_delivery"]
            del self.fields["consulate"]

    def clean(self):
        data = super().clean()
        if "hand_in" in self.fields:
            if not data.get("hand_in") and "hand_in" not in self.errors:
                self.add_error(
                    "hand_in",
                    ValidationError(
                        _(
                            "A person who is not a Hungarian citizen loses the ID card "
                            "entitlement on settling abroad: confirm that you will hand in "
                            "the card."
                        ),
                        code="required",
                    ),
                )
            return data
        delivery = data.get("card_delivery")
        if not delivery and "card_delivery" not in self.errors:
            self.add_error(
                "card_delivery",
                ValidationError(_("Choose how you receive the new address card."), code="required"),
            )
        consulate = (data.get("consulate") or "").strip()
        data["consulate"] = consulate if delivery == Settlement.CardDelivery.CONSULATE else ""
        if delivery == Settlement.CardDelivery.CONSULATE and not consulate:
            self.add_error(
                "consulate",
                ValidationError(
                    _("Name the consulate where you collect the card."), code="required"
                ),
            )
        return data


def in_register(applicant, answers):
    """Anyone in the register may report; one already registered abroad reports a change."""
    person = getattr(applicant, "person", None)
    if person is None or person.died_on:
        return gettext(
            "You are not in the personal data and address register, so you cannot report "
            "settling abroad online. Ask at a government window."
        )
    if person.current_address(Address.Kind.FOREIGN) and not person.current_address(
        Address.Kind.RESIDENCE
    ):
        return gettext(
            "The register shows that you already live abroad. A Hungarian citizen living abroad "
            "reports a new foreign address with the foreign address change service."
        )
    return None


def save_detail(case: Case, data) -> Settlement:
    person = case.applicant.person
    citizen = is_citizen(person)
    return Settlement.objects.create(
        case=case,
        country=data["country"],
        province=data["province"],
        postal_code=data["postal_code"],
        settlement=data["settlement"],
        street_address=data["street_address"],
        legal_title=person.legal_title,
        card_delivery=data.get("card_delivery", "") if citizen else "",
        consulate=data.get("consulate", "") if citizen else "",
        id_card_to_hand_in=not citizen,
    )


@transaction.atomic
def register_settlement(case: Case, *, by) -> Settlement:
    """The clerk accepts the report: the register changes."""
    actions.ensure_open(case)
    detail = Settlement.objects.select_for_update().get(case=case)
    if detail.registered_on:
        raise actions.NotAllowed(gettext("The report is already registered."))
    person = Person.objects.select_for_update().get(pk=case.applicant.person.pk)
    today = actions.today()
    Address.objects.filter(
        person=person, kind__in=[Address.Kind.RESIDENCE, Address.Kind.STAY], valid_to=None
    ).update(valid_to=today)
    actions.write_foreign_address(person, detail, today=today)
    if detail.id_card_to_hand_in:
        Document.objects.filter(
            holder=person, kind=DocumentKind.ID_CARD, validity=Document.Validity.VALID
        ).update(validity=Document.Validity.REVOKED, invalidated_at=timezone.now())
    detail.registered_on = today
    detail.save(update_fields=["registered_on"])
    if detail.id_card_to_hand_in:
        note = gettext(
            "Your settling abroad was registered with the address %(address)s. Your entitlement "
            "to a Hungarian ID card has ended: hand in your ID card at a government window or "
            "a consulate."
        )
    else:
        note = gettext(
            "Your settling abroad was registered with the address %(address)s. The new address "
            "card is sent as you asked (%(delivery)s). Your ID card stays valid."
        )
    transition(
        case,
        Status.DECIDED_APPROVED,
        by=by,
        note=note
        % {"address": detail.address_line, "delivery": detail.get_card_delivery_display()},
    )
    return detail
