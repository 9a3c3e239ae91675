"""Payment receipts: a PDF once the money is booked against the case."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.models import IssuedDocument
from cases.pdf import issue_document
from payments.models import Payment
from payments.workflow import PaymentState


def receipt_kind(payment: Payment) -> str:
    return f"payment-receipt-{payment.order_ref}"


def issue_receipt(payment: Payment) -> IssuedDocument | None:
    """Render the receipt of a booked payment, once; None where none is issued online."""
    case = payment.case
    if payment.state not in PaymentState.paid() or not case.type.online_receipt:
        return None
    return issue_document(
        case,
        receipt_kind(payment),
        title=_("Payment receipt %(ref)s") % {"ref": payment.order_ref},
        template="pdf/payment_receipt.html",
        context={"payment": payment},
    )
