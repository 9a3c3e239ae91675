from __future__ import annotations

from django.db import models
from django.utils import timezone


class CapturedMessage(models.Model):
    """An e-mail or SMS the portal sent while running in the sandbox."""

    channel = models.CharField(max_length=10, default="email")
    sender = models.CharField(max_length=254, blank=True)
    recipients = models.CharField(max_length=1000)
    subject = models.CharField(max_length=250, blank=True)
    text = models.TextField()
    html = models.TextField(blank=True)
    captured_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-captured_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipients}: {self.subject}"


# --- SimplePay emulator (sandbox/simplepay/) -------------------------------


class SimplePayTransaction(models.Model):
    """A payment (or a refund of one) at the emulated SimplePay.

    Statuses are the bank's wire values. They are written only by
    `sandbox.simplepay.state.move`, with a conditional UPDATE.
    """

    class Kind(models.TextChoices):
        PAYMENT = "payment", "payment"
        REFUND = "refund", "refund"

    class Status(models.TextChoices):
        INIT = "INIT"
        TIMEOUT = "TIMEOUT"
        CANCELLED = "CANCELLED"
        NOTAUTHORIZED = "NOTAUTHORIZED"
        INPAYMENT = "INPAYMENT"
        INFRAUD = "INFRAUD"
        AUTHORIZED = "AUTHORIZED"
        FRAUD = "FRAUD"
        REVERSED = "REVERSED"
        REFUND = "REFUND"
        FINISHED = "FINISHED"

    # The bank's number; set right after the insert from the primary key.
    transaction_id = models.BigIntegerField(unique=True, null=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PAYMENT)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="refunds"
    )
    merchant = models.CharField(max_length=100)
    order_ref = models.CharField(max_length=250)
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=10, default="CARD")
    language = models.CharField(max_length=2, default="HU")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.INIT)
    # The payable amount (reserved amount for two-step; the refunded amount for a refund).
    total = models.DecimalField(max_digits=14, decimal_places=2)
    # What `finish` captured of a two-step reservation.
    approved_total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    two_step = models.BooleanField(default=False)
    customer_email = models.CharField(max_length=254, blank=True)
    timeout_at = models.DateTimeField(null=True, blank=True)
    # Back URLs per event: {"SUCCESS": …, "FAIL": …, "CANCEL": …, "TIMEOUT": …}.
    back_urls = models.JSONField(default=dict)
    # The `start` request as received, for `query` with `detailed`.
    request = models.JSONField(default=dict)
    token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The test card's number (only test cards are stored, never other numbers).
    card = models.CharField(max_length=19, blank=True)
    result_code = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    authorized_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "order_ref"],
                condition=models.Q(kind="payment"),
                name="simplepay_unique_order_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id} {self.order_ref} {self.status}"


class SimplePayEvent(models.Model):
    """What happened at the emulator: API calls with their bodies, page
    actions and status moves, for the sandbox page."""

    transaction = models.ForeignKey(
        SimplePayTransaction, null=True, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=40)
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.kind


class SimplePayIpnDelivery(models.Model):
    """One IPN to be delivered (the same body on every attempt)."""

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        DELIVERED = "delivered", "delivered"
        GAVE_UP = "gave_up", "gave up"
        WITHHELD = "withheld", "withheld"

    transaction = models.ForeignKey(
        SimplePayTransaction, on_delete=models.CASCADE, related_name="ipn_deliveries"
    )
    ipn_status = models.CharField(max_length=15)
    # The exact JSON that is posted and signed.
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    manual = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.ipn_status} {self.state}"


class SimplePayIpnAttempt(models.Model):
    delivery = models.ForeignKey(
        SimplePayIpnDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    url = models.CharField(max_length=500)
    http_status = models.IntegerField(null=True, blank=True)
    accepted = models.BooleanField(default=False)
    # Why the reply was not accepted, in plain words.
    reason = models.CharField(max_length=300, blank=True)
    reply = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self) -> str:
        return f"#{self.number} {'ok' if self.accepted else self.reason}"


# --- Official electronic gateway stand-in (sandbox/gateway.py) -----------------------


class GatewayMessage(models.Model):
    """A message posted to a body's official gateway (hivatali kapu) in the sandbox."""

    message_id = models.CharField(max_length=100, unique=True)
    recipient = models.CharField(max_length=100)
    subject = models.CharField(max_length=250, blank=True)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
