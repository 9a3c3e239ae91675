"""The clerk's side of the passport services: review, the production order in the
documents register, the issue of the new passport, and the end of an acceleration.

Each is a verb-first function `(case, *, by, …)` that re-reads the rows under a lock
and moves the case through `cases.workflow.transition`. The lost passport itself is
invalidated when the request is filed (the request is also the report of the loss:
`replacement.report_loss`, `second_passport.report_loss`).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cases.actions import record_event
from cases.models import Case
from cases.workflow import Status, transition
from documents.models import PASSPORT_KINDS, Document, DocumentKind, ProductionOrder
from passports.models import Acceleration, Delivery, Replacement, SecondPassport

# A second passport is issued for at most two years.
SECOND_PASSPORT_YEARS = 2


class NotAllowed(Exception):
    """The step does not fit the state of the request; the message says why."""


def _detail(case: Case):
    for model in (Replacement, SecondPassport):
        found = model.objects.select_for_update().filter(case=case).first()
        if found is not None:
            return found
    raise NotAllowed(gettext("This is not a request for a new passport."))


def _open(case: Case) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in (Status.SUBMITTED, Status.IN_PROGRESS):
        raise NotAllowed(gettext("The case is no longer open."))
    return case


def holder_of(detail):
    """The person the new passport is made for."""
    if isinstance(detail, Replacement):
        return detail.lost_document.holder
    return getattr(detail.case.applicant, "person", None)


@transaction.atomic
def accept_attachment(case: Case, *, by) -> SecondPassport:
    """A second passport's employer's certificate or declaration was checked and accepted."""
    case = _open(case)
    detail = SecondPassport.objects.select_for_update().get(case=case)
    if detail.attachment_checked_at is not None:
        raise NotAllowed(gettext("The attachment is already accepted."))
    detail.attachment_checked_at = timezone.now()
    detail.attachment_checked_by = by
    detail.save(update_fields=["attachment_checked_at", "attachment_checked_by"])
    record_event(case, "passport.attachment_accepted", by=by)
    if case.status == Status.SUBMITTED:
        transition(case, Status.IN_PROGRESS, by=by)
    return detail


@transaction.atomic
def refuse(case: Case, *, reason: str, by) -> None:
    """Refuse the request; `reason` is the official's words to the citizen."""
    case = _open(case)
    detail = _detail(case)
    if detail.production_order_id is not None:
        raise NotAllowed(gettext("The passport is already in production."))
    transition(case, Status.DECIDED_REFUSED, by=by, note=reason)


@transaction.atomic
def order_production(case: Case, *, by) -> ProductionOrder:
    """The request is in order: the passport goes into the documents register as a
    production order (so that the document status service follows it)."""
    case = _open(case)
    detail = _detail(case)
    if detail.production_order_id is not None:
        raise NotAllowed(gettext("The production is already ordered."))
    if isinstance(detail, SecondPassport) and detail.attachment_checked_at is None:
        raise NotAllowed(gettext("Check and accept the attachment first."))
    holder = holder_of(detail)
    if holder is None:
        raise NotAllowed(gettext("The applicant is not in the register."))
    if isinstance(detail, Replacement):
        kind, years = detail.lost_document.kind, detail.lost_document.validity_years
    else:
        kind, years = DocumentKind.SECOND_PASSPORT, SECOND_PASSPORT_YEARS
    order = ProductionOrder.objects.create(
        receipt_number=ProductionOrder.new_receipt_number(kind),
        kind=kind,
        applicant=holder,
        applied_on=case.received_on or timezone.localdate(),
        procedure=detail.speed,
        validity_years=years,
        collection_office=detail.office,
    )
    detail.production_order = order
    detail.save(update_fields=["production_order"])
    if case.status == Status.SUBMITTED:
        transition(case, Status.IN_PROGRESS, by=by)
    record_event(
        case,
        "passport.production_ordered",
        by=by,
        note=gettext("Receipt number of the production: %(number)s.")
        % {"number": order.receipt_number},
    )
    return order


def new_expiry(detail, today: date) -> date | None:
    if isinstance(detail, Replacement):
        # The replacement keeps the lost passport's expiry.
        return detail.lost_document.expires_on
    try:
        return today.replace(year=today.year + SECOND_PASSPORT_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + SECOND_PASSPORT_YEARS, day=28)


@transaction.atomic
def issue_passport(case: Case, *, number: str, by) -> Document:
    """The new passport is made: it goes into the documents register, the production
    order says where it is, and the request is granted."""
    case = _open(case)
    detail = _detail(case)
    order = detail.production_order
    if order is None:
        raise NotAllowed(gettext("Order the production first."))
    number = "".join(number.split()).upper()
    if not (6 <= len(number) <= 12 and number.isalnum()):
        raise NotAllowed(gettext("A passport number has 6 to 12 letters and digits."))
    if Document.objects.filter(kind__in=PASSPORT_KINDS, number=number).exists():
        raise NotAllowed(gettext("This passport number is already in use."))
    holder = order.applicant
    today = timezone.localdate()
    replaced = detail.lost_document
    document = Document.objects.create(
        kind=order.kind,
        number=number,
        holder=holder,
        issued_on=today,
        expires_on=new_expiry(detail, today),
        applied_on=order.applied_on,
        validity_years=order.validity_years,
        fingerprints_stored=replaced.fingerprints_stored
        if replaced
        else holder.fingerprints_stored,
        fingerprint_exemption=replaced.fingerprint_exemption if replaced else "",
        replaces=replaced,
        printed_family_name=holder.family_name,
        printed_given_names=holder.given_names,
        printed_birth_date=holder.birth_date,
        printed_birth_place=holder.birth_place,
        issuing_authority=gettext("general passport authority"),
    )
    order = ProductionOrder.objects.select_for_update().get(pk=order.pk)
    order.document = document
    in_person = detail.delivery in (
        Delivery.DISTRICT_OFFICE,
        Delivery.CENTRAL_OFFICE,
        Delivery.PASSPORT_AUTHORITY,
    )
    order.state = (
        ProductionOrder.State.COLLECTABLE if in_person else ProductionOrder.State.IN_TRANSIT
    )
    order.collectable_from = today if in_person else None
    order.updated_at = timezone.now()
    order.save(update_fields=["document", "state", "collectable_from", "updated_at"])
    detail.new_document = document
    detail.save(update_fields=["new_document"])
    how = {
        Delivery.DISTRICT_OFFICE: gettext("Collect it at the district office you chose."),
        Delivery.CENTRAL_OFFICE: gettext(
            "Collect it at the Central Document Office (1133 Budapest, Visegrádi u. 110.)."
        ),
        Delivery.PASSPORT_AUTHORITY: gettext("Collect it at the general passport authority."),
        Delivery.POST: gettext("It is sent by registered post."),
        Delivery.CONSULATE: gettext(
            "It is sent to the consulate you chose; collect it there and pay the consular fee."
        ),
        Delivery.CONSULATE_POST: gettext(
            "It is sent through the consulate you chose to your address abroad; the consular "
            "fee is paid there."
        ),
    }[detail.delivery]
    transition(
        case,
        Status.DECIDED_APPROVED,
        by=by,
        note=gettext("The new passport no. %(number)s was issued, valid until %(date)s. %(how)s")
        % {
            "number": number,
            "date": document.expires_on.strftime("%Y. %m. %d.") if document.expires_on else "–",
            "how": how,
        },
    )
    return document


@transaction.atomic
def complete_acceleration(case: Case, *, by) -> Acceleration:
    """The accelerated passport was made: the acceleration request is granted."""
    case = _open(case)
    detail = Acceleration.objects.select_for_update().get(case=case)
    if detail.applied_at is None:
        raise NotAllowed(gettext("The acceleration was not recorded in the register."))
    order = detail.production_order
    if not order.in_production:
        raise NotAllowed(gettext("The passport has not gone into production yet."))
    transition(
        case,
        Status.DECIDED_APPROVED,
        by=by,
        note=gettext(
            "Your passport application %(number)s was handled in the %(procedure)s procedure."
        )
        % {"number": order.receipt_number, "procedure": order.get_procedure_display()},
    )
    return detail
