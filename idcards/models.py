"""The detail rows of the ID card services and the log of expiry reminders sent."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import Document

# What a citizen reports; "replaced" is the register's own reason for a card a new one
# replaced.
REPORTED_REASONS = (
    Document.InvalidationReason.LOST,
    Document.InvalidationReason.STOLEN,
    Document.InvalidationReason.DESTROYED,
)
REASON_CHOICES = [(reason.value, reason.label) for reason in REPORTED_REASONS]


class Invalidation(models.Model):
    """The detail of an `idcards.invalidation` case: which card was reported, and why."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="idcards_invalidation"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("ID card"), on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField(_("ID card number"), max_length=20)
    reason = models.CharField(_("reason"), max_length=20, choices=REASON_CHOICES)

    class Meta:
        verbose_name = _("ID card invalidation")
        verbose_name_plural = _("ID card invalidations")

    def __str__(self) -> str:
        return self.document_number


class Replacement(models.Model):
    """The detail of an `idcards.replacement` case: the lost card, the delivery, and
    what the clerk issued."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="idcards_replacement"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("lost ID card"), on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField(_("ID card number"), max_length=20)
    reason = models.CharField(_("reason"), max_length=20, choices=REASON_CHOICES)
    police_report_number = models.CharField(_("police report number"), max_length=40, blank=True)
    delivery_postal_code = models.CharField(_("postal code"), max_length=10)
    delivery_settlement = models.CharField(_("settlement"), max_length=100)
    delivery_street_address = models.CharField(_("street address"), max_length=200)
    # Whether the card goes to the address in the register (then the facts are clear).
    delivery_to_registered_address = models.BooleanField(default=False)
    notify_mobile = models.CharField(_("mobile number for the notice"), max_length=20, blank=True)
    notify_email = models.EmailField(_("e-mail address for the notice"), blank=True)
    production_order = models.OneToOneField(
        "documents.ProductionOrder",
        verbose_name=_("production order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_document = models.OneToOneField(
        Document,
        verbose_name=_("new ID card"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # The activation PIN and PUK between the issue and the letter that carries them
    # (sealed: `portal.tokens`); emptied once the letter is rendered.
    letter_sealed = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("ID card replacement")
        verbose_name_plural = _("ID card replacements")

    def __str__(self) -> str:
        return self.document_number

    @property
    def delivery_address(self) -> str:
        return (
            f"{self.delivery_postal_code} {self.delivery_settlement}, "
            f"{self.delivery_street_address}"
        )


class ExpiryReminder(models.Model):
    """One expiry reminder e-mail sent: the log that makes the job idempotent.

    A row is written in the same transaction as the e-mail is queued; the unique
    constraint lets only one run (or one of two workers) send each reminder.
    """

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    stage = models.CharField(_("stage"), max_length=20)
    expires_on = models.DateField(_("expires on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "stage", "expires_on"], name="expiry_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.stage} {self.expires_on}"
