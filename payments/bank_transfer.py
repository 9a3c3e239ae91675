"""Payment by bank transfer: the beneficiary, the reference code, the declaration.

The citizen transfers the fee to the beneficiary account with the payment's
reference code in the transfer's comment, then declares on the portal that
the bank accepted the order. The declaration submits the case (the original
service: "the transfer is declared, then the case can be submitted"); the
payment stays `started` until the money shows on an imported statement
(`payments.statements`), which is the only thing that books it.

Reference codes are 12 digits: the payment's id (8 digits), two digits derived
from its order reference, and two check digits of ISO 7064 MOD 97-10 (the
IBAN scheme). A valid code leaves remainder 1 when divided by 97. Any single
mistyped digit changes the number by d·10^k with 1 ≤ |d| ≤ 9, which 97 (a
prime) never divides, so it is always caught; so is any swap of two
neighbouring digits. The two order-reference digits make a code printed for
a payment of a reset demo database fail to match a new payment with the
same id.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payments.providers.base import (
    ApplyReport,
    PaymentProvider,
    ProviderError,
    RefundOutcome,
    Report,
    ReturnInfo,
    StartOutcome,
)

log = logging.getLogger(__name__)

CODE_LENGTH = 12
_ID_DIGITS = 8
_CODE_RUN = re.compile(r"\d(?:[\s\-]*\d)*")


class TransferNotDeclarable(Exception):
    """The declaration cannot be taken now; `message` is for the citizen."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# --- reference codes -----------------------------------------------------------


def mod97_check_digits(body: str) -> str:
    """The two ISO 7064 MOD 97-10 check digits that complete `body`."""
    if not body.isdigit():
        raise ValueError(f"expected digits, not {body!r}")
    return f"{98 - int(body) * 100 % 97:02d}"


def is_valid_reference_code(value: str) -> bool:
    code = compact(value)
    return len(code) == CODE_LENGTH and code.isdigit() and int(code) % 97 == 1


def compact(value: str) -> str:
    """The code without the spaces and hyphens people and banks put in."""
    return re.sub(r"[\s\-]+", "", value or "")


def display(code: str) -> str:
    """Groups of four digits, the way it is easiest to copy: 0000 0042 1785."""
    code = compact(code)
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def reference_code_for(payment) -> str:
    if payment.pk is None or payment.pk >= 10**_ID_DIGITS:
        raise ValueError(f"no reference code for payment id {payment.pk!r}")
    salt = int(hashlib.sha256(payment.order_ref.encode()).hexdigest(), 16) % 100
    body = f"{payment.pk:0{_ID_DIGITS}d}{salt:02d}"
    return body + mod97_check_digits(body)


def find_reference_codes(text: str) -> list[str]:
    """Every valid reference code in a remittance text, in order.

    Digits may be grouped by spaces or hyphens (as shown to the citizen, or as
    the bank wrapped the line); a run of more digits is searched for a valid
    code anywhere inside, since people add their own numbers next to it.
    """
    found: list[str] = []
    for match in _CODE_RUN.finditer(text or ""):
        digits = compact(match.group())
        for start in range(0, len(digits) - CODE_LENGTH + 1):
            candidate = digits[start : start + CODE_LENGTH]
            if is_valid_reference_code(candidate) and candidate not in found:
                found.append(candidate)
    return found


# --- the provider ----------------------------------------------------------------


def beneficiary() -> tuple[str, str]:
    return settings.PAYMENTS_BENEFICIARY_NAME, settings.PAYMENTS_BENEFICIARY_ACCOUNT


class BankTransferProvider(PaymentProvider):
    """Transfers have no provider to ask: statements are their only report."""

    slug = "bank_transfer"
    label = gettext_lazy("Bank transfer")
    # Shown as the time to make the transfer; nothing expires automatically.
    start_window = timedelta(days=30)

    def start(self, payment, *, customer_email: str, language: str) -> StartOutcome:
        from payments.models import BankTransfer

        name, account = beneficiary()
        BankTransfer.objects.get_or_create(
            payment=payment,
            defaults={
                "reference_code": reference_code_for(payment),
                "beneficiary_name": name,
                "beneficiary_account": account,
            },
        )
        return StartOutcome(redirect_url="")

    def handle_return(self, request: HttpRequest) -> ReturnInfo:
        raise ValueError("bank transfers have no browser return")

    def handle_webhook(self, request: HttpRequest, apply: ApplyReport) -> HttpResponse:
        return HttpResponseNotFound()

    def query(self, payments: Sequence) -> list[Report]:
        # The bank is not asked: an imported statement books the money.
        return []

    def refund(self, refund) -> RefundOutcome:
        raise ProviderError(
            "a transfer is refunded by a transfer from the treasury, outside the portal",
            retryable=False,
        )


# --- the declaration -------------------------------------------------------------


def declare_transfer(payment, *, by):
    """Record that the citizen's bank accepted the transfer order, and submit the case.

    The payment is not touched beyond an event: only the statement proves the
    money. Declaring twice is harmless. Raises `TransferNotDeclarable`.
    """
    from cases.actions import submit_case
    from cases.models import Case
    from cases.workflow import Status
    from payments.models import BankTransfer, Payment
    from payments.workflow import DuplicateEvent, PaymentState, apply_state

    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        transfer = BankTransfer.objects.select_for_update().filter(payment=locked).first()
        if transfer is None or locked.provider != Payment.Provider.BANK_TRANSFER:
            raise TransferNotDeclarable(_("This payment is not a bank transfer."))
        if transfer.declared_at is not None:
            return transfer
        if locked.state not in PaymentState.in_flight() | PaymentState.paid():
            raise TransferNotDeclarable(_("This transfer was cancelled; start a new payment."))
        case = Case.objects.select_for_update().get(pk=locked.case_id)
        now = timezone.now()
        transfer.declared_at, transfer.declared_by = now, by
        transfer.save(update_fields=["declared_at", "declared_by"])
        with contextlib.suppress(DuplicateEvent):
            apply_state(
                locked,
                None,
                event_id="transfer:declared",
                kind="bank_transfer.declared",
                note=_("The citizen declared that the bank accepted the transfer order."),
                by=by,
            )
        if case.status == Status.AWAITING_PAYMENT:
            submit_case(
                case,
                by=by,
                note=_("Transfer declared: %(code)s") % {"code": display(transfer.reference_code)},
            )
    log.info("transfer of payment %s declared (case %s)", locked.order_ref, case.reference)
    return transfer


def withdraw_transfer(payment, *, by):
    """The citizen will not send this transfer after all (to pay by card instead).

    Only a transfer not yet declared can be withdrawn: a declared one may already
    be on its way. The payment is cancelled through the state graph, so money that
    arrives for it anyway is still booked (cancelled -> succeeded), or, if the case
    has been paid another way since, listed for a clerk (`payments.statements`).
    Raises `TransferNotDeclarable`.
    """
    from payments.models import BankTransfer, Payment
    from payments.workflow import DuplicateEvent, PaymentState, apply_state

    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        transfer = BankTransfer.objects.filter(payment=locked).first()
        if transfer is None or locked.provider != Payment.Provider.BANK_TRANSFER:
            raise TransferNotDeclarable(_("This payment is not a bank transfer."))
        if transfer.declared_at is not None:
            raise TransferNotDeclarable(
                _(
                    "You have declared this transfer, so it cannot be withdrawn: the money "
                    "may already be on its way."
                )
            )
        if locked.state not in PaymentState.in_flight():
            return transfer
        with contextlib.suppress(DuplicateEvent):
            apply_state(
                locked,
                PaymentState.CANCELLED,
                event_id="transfer:withdrawn",
                kind="bank_transfer.withdrawn",
                note=_("The citizen chose another way to pay; the transfer was not declared."),
                by=by,
            )
    log.info("transfer of payment %s withdrawn before declaration", locked.order_ref)
    return transfer
