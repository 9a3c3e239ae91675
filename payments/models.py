"""Payments of case fees, the provider events that moved them, and refunds.

A `Payment` belongs to one case and one provider (`simplepay` today; bank
transfer later). Its `state` is written only by `payments.workflow.apply_state`;
every report a provider sent is kept as a `PaymentEvent`, unique per payment
and provider event id, which is what makes a replayed report harmless.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payments.workflow import PaymentState, citizen_state_text

# No vowels (codes never spell words) and no look-alikes (0/O, 1/I).
_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ23456789"


def new_order_ref(case_reference: str) -> str:
    """Our id of a payment: the case reference and a random suffix.

    The suffix keeps the id unique at the provider even when a demo database
    is reset and case numbers start again (SimplePay refuses a reused
    `orderRef` with 5013). It doubles as the reference code a bank transfer
    must carry in its comment.
    """
    suffix = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    return f"{case_reference}-{suffix}"


class PaymentQuerySet(models.QuerySet):
    def in_flight(self) -> PaymentQuerySet:
        return self.filter(state__in=PaymentState.in_flight())

    def due_for_check(self, now=None) -> PaymentQuerySet:
        now = now or timezone.now()
        return self.in_flight().filter(next_check_at__lte=now)


class Payment(models.Model):
    class Provider(models.TextChoices):
        SIMPLEPAY = "simplepay", _("Card (SimplePay)")
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(_("provider"), max_length=30, choices=Provider.choices)
    amount = models.PositiveIntegerField(_("amount"))  # whole units of `currency`
    currency = models.CharField(_("currency"), max_length=3, default="HUF")
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PaymentState.choices,
        default=PaymentState.CREATED,
        db_index=True,
    )
    order_ref = models.CharField(_("order reference"), max_length=40, unique=True, editable=False)
    # SimplePay ids are 9 digits today and documented to grow: kept as text.
    provider_transaction_id = models.CharField(
        _("provider transaction id"), max_length=40, blank=True
    )
    payment_url = models.URLField(_("payment page"), max_length=500, blank=True)
    # The deadline we gave the provider for starting the payment.
    start_deadline = models.DateTimeField(_("start deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When the reconciliation job asks the provider next; None once final.
    next_check_at = models.DateTimeField(_("next check"), null=True, blank=True, db_index=True)
    # The provider's last refusal, kept for clerks (error codes, not card data).
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        permissions = [("refund_payment", _("Can refund a payment"))]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_transaction_id"],
                condition=~Q(provider_transaction_id=""),
                name="payment_unique_provider_transaction",
            ),
            # One payment in flight per case: a double click cannot start two.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(state__in=["created", "started", "in_payment", "authorized"]),
                name="payment_one_in_flight_per_case",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.order_ref

    @property
    def citizen_state(self) -> str:
        return citizen_state_text(self.state)

    @property
    def in_flight(self) -> bool:
        return self.state in PaymentState.in_flight()

    @property
    def refunded_amount(self) -> int:
        return sum(r.amount for r in self.refunds.all() if r.state == Refund.State.SUCCEEDED)

    def refundable_amount(self) -> int:
        """What a new refund may still give back: pending refunds are counted
        as made, since their outcome is not known yet."""
        committed = sum(
            r.amount
            for r in self.refunds.all()
            if r.state in (Refund.State.SUCCEEDED, Refund.State.REQUESTED, Refund.State.PENDING)
        )
        return max(0, self.amount - committed)


class PaymentEvent(models.Model):
    """One report of a provider (or of our own action) about a payment."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    # e.g. "ipn:99844942:FINISHED:2019-09-09T12:46:18Z", "query:…", "refund:…"
    provider_event_id = models.CharField(_("provider event id"), max_length=200)
    kind = models.CharField(_("kind"), max_length=60)  # e.g. "simplepay.ipn"
    from_state = models.CharField(_("from state"), max_length=20, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, blank=True)  # blank: no change
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "provider_event_id"], name="payment_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.payment} {self.kind}"


class Refund(models.Model):
    """Money given back by a clerk, in full or in part, with a reason."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        # Sent, but the provider's answer was lost: settled by the next check.
        PENDING = "pending", _("Outcome unknown, being checked")
        SUCCEEDED = "succeeded", _("Refunded")
        FAILED = "failed", _("Refused")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(_("amount"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refunded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REQUESTED
    )
    provider_refund_id = models.CharField(_("provider refund id"), max_length=40, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]
        # Reconciliation settles the pending refunds every run: a handful among all.
        indexes = [
            models.Index(fields=["payment"], condition=Q(state="pending"), name="refund_pending")
        ]

    def __str__(self) -> str:
        return f"{self.payment} −{self.amount} {self.payment.currency}"


class BankTransfer(models.Model):
    """What a citizen was told for a payment by bank transfer, and what they said.

    The beneficiary is kept as shown, so a later change of the account in the
    settings does not change what the citizen was asked to do.
    """

    payment = models.OneToOneField(
        Payment, verbose_name=_("payment"), on_delete=models.CASCADE, related_name="bank_transfer"
    )
    # Digits only; shown in groups of four (see `payments.bank_transfer`).
    reference_code = models.CharField(_("reference code"), max_length=20, unique=True)
    beneficiary_name = models.CharField(_("beneficiary name"), max_length=200)
    beneficiary_account = models.CharField(_("beneficiary account"), max_length=30)
    # The citizen's word that the bank accepted the order: not proof of money.
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True, db_index=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("citizen reminded"), null=True, blank=True)
    alerted_at = models.DateTimeField(_("clerks alerted"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank transfer")
        verbose_name_plural = _("bank transfers")

    def __str__(self) -> str:
        return self.reference_code


class BankStatement(models.Model):
    """One imported statement file of the beneficiary account."""

    class Format(models.TextChoices):
        CAMT053 = "camt053", _("camt.053 (ISO 20022 XML)")
        CSV = "csv", _("CSV")

    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # The bank's statement id (camt.053 Stmt/Id); blank for CSV.
    statement_id = models.CharField(_("statement id"), max_length=100, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class StatementLine(models.Model):
    """A credit on the beneficiary account, matched to a payment or left to a clerk."""

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Matched automatically")
        MANUAL = "manual", _("Matched by a clerk")
        UNDERPAID = "underpaid", _("Less than the fee")
        OVERPAID = "overpaid", _("More than the fee")
        UNKNOWN = "unknown", _("No known reference code")
        ALREADY_PAID = "already_paid", _("The payment was already booked")

    statement = models.ForeignKey(
        BankStatement, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="lines"
    )
    # Unique across imports: the same credit in two files is booked once.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True, editable=False)
    booking_date = models.DateField(_("booking date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    payer_name = models.CharField(_("payer name"), max_length=200, blank=True)
    payer_account = models.CharField(_("payer account"), max_length=50, blank=True)
    remittance = models.TextField(_("remittance information"), blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    reference_code = models.CharField(_("reference code found"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    # The payment the line was booked to, or the one its reference code names.
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statement_lines",
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["-booking_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount} {self.currency}"

    @property
    def booked(self) -> bool:
        return self.outcome in (self.Outcome.MATCHED, self.Outcome.MANUAL)
