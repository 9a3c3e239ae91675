"""Payment receipts: a PDF once the money is booked against the case."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import registry
from cases.documents import NOT_A_DECISION_REMEDY, DocumentSpec
from cases.models import IssuedDocument
from cases.pdf import issue_document
from payments.models import Payment
from payments.workflow import PaymentState

# One receipt per booked payment, so not a `CaseType.documents` entry: each
# case type's payments get it alike, issued when the money is booked.
RECEIPT = DocumentSpec(
    title=gettext_lazy("Payment receipt"),
    template="pdf/payment_receipt.html",
    legal_basis=gettext_lazy(
        "Act C of 2000 on accounting (receipts); the fee or duty rule of the request named "
        "below, under Act CL of 2016 on the general administrative procedure (Ákr.)"
    ),
    remedy=NOT_A_DECISION_REMEDY,
    issue_on=None,
)


_RECEIPT_PREFIX = "payment-receipt-"


def receipt_kind(payment: Payment) -> str:
    return f"{_RECEIPT_PREFIX}{payment.order_ref}"


def receipt_title(kind: str) -> str | None:
    """A receipt's name in the active language (its stored title keeps the
    language it was issued in); None for a kind that is not a receipt."""
    if not kind.startswith(_RECEIPT_PREFIX):
        return None
    return _("Payment receipt %(ref)s") % {"ref": kind.removeprefix(_RECEIPT_PREFIX)}


def issue_receipt(payment: Payment) -> IssuedDocument | None:
    """Render the receipt of a booked payment, once; None where none is issued online."""
    case = payment.case
    if payment.state not in PaymentState.paid() or not case.type.online_receipt:
        return None
    return issue_document(
        case,
        receipt_kind(payment),
        RECEIPT,
        title=_("Payment receipt %(ref)s") % {"ref": payment.order_ref},
        context={"payment": payment},
    )


def missing_receipts(paid_before: datetime) -> QuerySet[Payment]:
    """Booked payments of the last two days, paid before `paid_before`, whose receipt
    was never stored: what a worker killed while rendering it (or a task lost with the
    broker) left behind."""
    kinds = [kind.slug for kind in registry.all_types() if kind.online_receipt]
    stored = IssuedDocument.objects.filter(
        case=OuterRef("case"), kind=Concat(Value(_RECEIPT_PREFIX), OuterRef("order_ref"))
    )
    return Payment.objects.filter(
        state__in=PaymentState.paid(),
        paid_at__lt=paid_before,
        paid_at__gte=paid_before - timedelta(days=2),
        case__case_type__in=kinds,
    ).exclude(Exists(stored))
