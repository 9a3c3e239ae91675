"""`idcards.replacement`: report a lost, stolen or destroyed permanent ID card and ask
for its replacement in one request (OKMIR00090, the electronic route).

The published procedure ("Állandó személyazonosító igazolvány cseréje, pótlása"):
the combined request is for a valid card, still within its validity, of a person
whose fingerprints the register holds, and whose loss was not reported before (a
reported card is already invalid). Temporary ID cards cannot be replaced. The
citizen gives the reason, the delivery (the card is posted to the address given),
optionally the police report number of a theft and a mobile number and/or e-mail
address for the notice that the card is ready. Free. Deadline 20 days; 8 days
(summary procedure) when the facts are clear. The replacement keeps the lost card's
validity and place of origin. The activation PIN and PUK go to the citizen's
document inbox in the portal, never on paper or by e-mail.

Our reading of "the facts are clear": the register holds everything the new card
needs (the checks passed), the card goes to the address in the register, and a
theft comes with its police report number; then the 8-day deadline applies,
otherwise the 20-day one.

Filing reports the loss: the card is invalid in the register at once, and the
production order of the new card shows in the document status check by its receipt
number. The clerk issues the card (`issue_card`): its number goes into the register
as a new card that replaces the lost one, and the PIN letter is delivered; then the
card is posted (`record_posting`) and delivered (`record_delivery`).
"""

from __future__ import annotations

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import record_event
from cases.flow import StepForm
from cases.models import Case
from cases.workflow import Status, transition
from documents.models import Document, DocumentKind, ProductionOrder
from idcards.eligibility import replaceable_reason
from idcards.forms import CardStep
from idcards.models import Replacement
from population.identifiers import (
    normalise_phone_number,
    validate_phone_number,
    validate_postal_code,
)
from portal.tokens import seal

CLEAR_FACTS_DEADLINE_DAYS = 8
CARD_NUMBER = re.compile(r"[0-9]{6}[A-Z]{2}")
POLICE_REPORT_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z/.\-]{2,39}")
LETTER_PURPOSE = "idcards.pin_letter"


class ReasonStep(CardStep):
    title = _("The lost ID card")

    police_report_number = forms.CharField(
        label=_("Case number of the police report (if the card was stolen)"),
        max_length=40,
        required=False,
        help_text=_("Optional. The case number (ügyiratszám) of the report you made on the theft."),
    )

    def clean_police_report_number(self):
        value = self.cleaned_data["police_report_number"].strip()
        if value and not POLICE_REPORT_NUMBER.fullmatch(value):
            raise ValidationError(
                _(
                    "A case number has 3 to 40 letters, digits and the signs / . - (for example "
                    "01000/1234/2026). Check it on the police report."
                ),
                code="police_report_format",
            )
        return value

    def clean(self):
        data = super().clean()
        if data.get("reason") != Document.InvalidationReason.STOLEN:
            data["police_report_number"] = ""
        return data


class DeliveryStep(StepForm):
    title = _("Delivery and notice")

    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=10,
        error_messages={"required": _("Give the postal code of the delivery address.")},
    )
    settlement = forms.CharField(
        label=_("Settlement"),
        max_length=100,
        error_messages={"required": _("Give the settlement of the delivery address.")},
    )
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=200,
        help_text=_(
            "The new card is posted to this address in Hungary. Your address in the register is "
            "filled in."
        ),
        error_messages={"required": _("Give the street address the card should be posted to.")},
    )
    notify_mobile = forms.CharField(
        label=_("Mobile number for the notice that the card is ready"),
        max_length=20,
        required=False,
        help_text=_("Optional. For example +36 30 123 4567."),
    )
    notify_email = forms.EmailField(
        label=_("E-mail address for the notice that the card is ready"),
        max_length=254,
        required=False,
        help_text=_("Optional."),
        error_messages={"invalid": _("Give an e-mail address such as nev@example.hu.")},
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
        validate_postal_code(value)
        return value

    def clean_notify_mobile(self):
        value = self.cleaned_data["notify_mobile"].strip()
        if value:
            validate_phone_number(value)
            return normalise_phone_number(value)
        return value


def registered_address(person):
    """The notification address if there is one, else the residence (in Hungary)."""
    if person is None:
        return None
    for kind in ("notification", "residence"):
        address = person.current_address(kind)
        if address is not None and address.country == "HU":
            return address
    return None


def _same_address(address, data) -> bool:
    if address is None:
        return False

    def norm(value: str) -> str:
        return " ".join(str(value).lower().split())

    return (
        norm(address.postal_code) == norm(data["postal_code"])
        and norm(address.settlement) == norm(data["settlement"])
        and norm(address.street_address) == norm(data["street_address"])
    )


def facts_clear(detail: Replacement) -> bool:
    if not detail.delivery_to_registered_address:
        return False
    return detail.reason != Document.InvalidationReason.STOLEN or bool(detail.police_report_number)


def save_detail(case: Case, data) -> Replacement:
    card = data["card"]
    person = getattr(case.applicant, "person", None)
    detail = Replacement.objects.create(
        case=case,
        document=card,
        document_number=card.number,
        reason=data["reason"],
        police_report_number=data.get("police_report_number", ""),
        delivery_postal_code=data["postal_code"],
        delivery_settlement=data["settlement"].strip(),
        delivery_street_address=data["street_address"].strip(),
        delivery_to_registered_address=_same_address(registered_address(person), data),
        notify_mobile=data.get("notify_mobile", ""),
        notify_email=data.get("notify_email", ""),
    )
    if facts_clear(detail):
        # `transition()` computes the deadline from the case's own `deadline_days`
        # when the case is submitted, which comes after this.
        case.deadline_days = CLEAR_FACTS_DEADLINE_DAYS
        case.save(update_fields=["deadline_days"])
    return detail


class CardChanged(Exception):
    """The register no longer allows the replacement (checked under the lock)."""


@transaction.atomic
def report_and_order(case: Case) -> ProductionOrder:
    """The effect on submission: the lost card is invalid in the register at once, and
    the production of its replacement is ordered."""
    detail = Replacement.objects.select_for_update().get(case=case)
    card = Document.objects.select_for_update().get(pk=detail.document_id)
    today = timezone.localdate()
    reason = replaceable_reason(card, card.holder, today)
    if reason:
        raise CardChanged(f"{case.reference}: {reason}")
    card.validity = Document.Validity.INVALIDATED
    card.invalidation_reason = detail.reason
    card.invalidated_at = timezone.now()
    card.save(update_fields=["validity", "invalidation_reason", "invalidated_at"])
    order = ProductionOrder.objects.create(
        receipt_number=ProductionOrder.new_receipt_number(DocumentKind.ID_CARD, today.year),
        kind=DocumentKind.ID_CARD,
        applicant=card.holder,
        applied_on=today,
        state=ProductionOrder.State.PROCESSING,
    )
    detail.production_order = order
    detail.save(update_fields=["production_order"])
    record_event(
        case,
        "idcards.invalidated",
        by=case.applicant,
        note=gettext("The ID card %(number)s was reported %(reason)s and is now invalid.")
        % {"number": card.number, "reason": card.get_invalidation_reason_display()},
    )
    record_event(
        case,
        "idcards.production_ordered",
        by=case.applicant,
        note=gettext(
            "The replacement card is being made. Its receipt number for the document status "
            "check is %(receipt)s."
        )
        % {"receipt": order.receipt_number},
    )
    return order


# --- the clerk's side ------------------------------------------------------------


class NotAllowed(Exception):
    """The step does not fit the state of the replacement; the message says why."""


def new_pin_and_puk() -> dict[str, str]:
    """A fresh activation PIN (6 digits) and PUK (8 digits)."""
    return {
        "activation_pin": f"{secrets.randbelow(10**6):06d}",
        "puk": f"{secrets.randbelow(10**8):08d}",
    }


def _locked(case: Case) -> Replacement:
    return (
        # Only the detail row is locked: PostgreSQL cannot lock the nullable side of the
        # outer join that the production order needs.
        Replacement.objects.select_for_update(of=("self",))
        .select_related("case", "production_order")
        .get(case=case)
    )


@transaction.atomic
def issue_card(case: Case, *, new_number: str, by) -> Document:
    """Issue the replacement card: a new card in the register with the lost card's
    validity and place of origin, the lost card invalid, the production order being
    issued, the case decided; the PIN letter goes to the document inbox after commit."""
    detail = _locked(case)
    if detail.case.status not in (Status.SUBMITTED, Status.IN_PROGRESS):
        raise NotAllowed(gettext("The case is no longer open."))
    if detail.new_document_id is not None:
        raise NotAllowed(gettext("The replacement card is already issued."))
    number = "".join(str(new_number).split()).upper()
    if not CARD_NUMBER.fullmatch(number):
        raise NotAllowed(gettext("An ID card number is 6 digits followed by 2 letters."))
    if Document.objects.filter(kind=DocumentKind.ID_CARD, number=number).exists():
        raise NotAllowed(gettext("This ID card number is already in the register."))
    lost = Document.objects.select_for_update().get(pk=detail.document_id)
    if lost.validity != Document.Validity.INVALIDATED:
        lost.validity = Document.Validity.INVALIDATED
        lost.invalidation_reason = detail.reason
        lost.invalidated_at = timezone.now()
        lost.save(update_fields=["validity", "invalidation_reason", "invalidated_at"])
    today = timezone.localdate()
    card = Document.objects.create(
        kind=DocumentKind.ID_CARD,
        number=number,
        holder=lost.holder,
        issued_on=today,
        expires_on=lost.expires_on,
        has_chip=True,
        fingerprints_stored=True,
        format=Document.Format.CARD,
        issuing_authority=str(case.type.issuing_authority().name),
        place_of_origin=lost.place_of_origin,
        replaces=lost,
    )
    order = detail.production_order
    if order is not None:
        order.state = ProductionOrder.State.ISSUING
        order.document = card
        order.updated_at = timezone.now()
        order.save(update_fields=["state", "document", "updated_at"])
    detail.new_document = card
    detail.issued_on = today
    detail.letter_sealed = seal(new_pin_and_puk(), purpose=LETTER_PURPOSE)
    detail.save(update_fields=["new_document", "issued_on", "letter_sealed"])
    if case.status == Status.SUBMITTED:
        transition(case, Status.IN_PROGRESS, by=by)
    record_event(
        case,
        "idcards.card_issued",
        by=by,
        note=gettext("The replacement ID card %(number)s was issued.") % {"number": number},
    )
    transition(
        case,
        Status.DECIDED_APPROVED,
        by=by,
        note=gettext(
            "The replacement ID card %(number)s was issued. It is valid until %(until)s, like "
            "the lost card, and is posted to %(address)s. The activation PIN and the PUK are in "
            "your document inbox in the portal."
        )
        % {
            "number": number,
            "until": lost.expires_on.strftime("%Y. %m. %d.") if lost.expires_on else "–",
            "address": detail.delivery_address,
        },
    )
    from idcards.tasks import issue_pin_letter

    transaction.on_commit(lambda: issue_pin_letter.delay(case.pk))
    return card


@transaction.atomic
def record_posting(case: Case, *, by) -> ProductionOrder:
    """The card was posted: the production order is in transit, and the citizen gets the
    notice on the contact data given for it."""
    detail = _locked(case)
    order = detail.production_order
    if detail.new_document_id is None or order is None:
        raise NotAllowed(gettext("Issue the card first."))
    if order.state != ProductionOrder.State.ISSUING:
        raise NotAllowed(gettext("The card was already posted."))
    order.state = ProductionOrder.State.IN_TRANSIT
    order.updated_at = timezone.now()
    order.save(update_fields=["state", "updated_at"])
    record_event(
        case,
        "idcards.card_posted",
        by=by,
        note=gettext("The replacement ID card was posted to %(address)s.")
        % {"address": detail.delivery_address},
    )
    _send_ready_notice(detail)
    return order


def _send_ready_notice(detail: Replacement) -> None:
    from notifications.actions import queue_email, queue_sms

    case = detail.case
    language = case.applicant.preferred_language if case.applicant else "hu"
    context = {"reference": case.reference, "receipt": detail.production_order.receipt_number}
    if detail.notify_email:
        queue_email(
            detail.notify_email,
            "idcard_posted",
            context,
            language=language,
            case=case,
            dedupe_key=f"idcard-posted-{detail.pk}",
        )
    if detail.notify_mobile:
        queue_sms(
            detail.notify_mobile,
            "idcard_posted",
            context,
            language=language,
            case=case,
            dedupe_key=f"idcard-posted-sms-{detail.pk}",
        )


@transaction.atomic
def record_delivery(case: Case, *, by) -> ProductionOrder:
    """The post delivered the card: the order is handed over and the case closes."""
    detail = _locked(case)
    order = detail.production_order
    if order is None or order.state != ProductionOrder.State.IN_TRANSIT:
        raise NotAllowed(gettext("Record the posting first."))
    order.state = ProductionOrder.State.HANDED_OVER
    order.updated_at = timezone.now()
    order.save(update_fields=["state", "updated_at"])
    record_event(case, "idcards.card_delivered", by=by)
    transition(case, Status.CLOSED, by=by)
    return order
