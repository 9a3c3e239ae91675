"""The register of security documents and of documents being produced.

ID cards (card or book format, with a chip or without, permanent or temporary),
passports of every kind of the passport section, driving licences and parking
cards; each with its number, holder, issue date, validity and state. Production
orders are the documents being made, found by the receipt number (bizonylatszám)
printed on the application form.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("identity card")
    TEMPORARY_ID_CARD = "temporary_id_card", _("temporary identity card")
    PASSPORT = "passport", _("private passport")
    SECOND_PASSPORT = "second_passport", _("second private passport")
    SERVICE_PASSPORT = "service_passport", _("service passport")
    SEAMAN_PASSPORT = "seaman_passport", _("seaman's service passport")
    TEMPORARY_PASSPORT = "temporary_passport", _("temporary passport")
    DRIVING_LICENCE = "driving_licence", _("driving licence")
    PARKING_CARD = "parking_card", _("parking card for people with disabilities")


class Category(models.TextChoices):
    """What an anonymous visitor names: the kinds within are one document type to them."""

    ID_CARD = "id_card", _("identity card")
    PASSPORT = "passport", _("passport")
    DRIVING_LICENCE = "driving_licence", _("driving licence")


CATEGORY_KINDS: dict[str, tuple[str, ...]] = {
    Category.ID_CARD: (DocumentKind.ID_CARD, DocumentKind.TEMPORARY_ID_CARD),
    Category.PASSPORT: (
        DocumentKind.PASSPORT,
        DocumentKind.SECOND_PASSPORT,
        DocumentKind.SERVICE_PASSPORT,
        DocumentKind.SEAMAN_PASSPORT,
        DocumentKind.TEMPORARY_PASSPORT,
    ),
    Category.DRIVING_LICENCE: (DocumentKind.DRIVING_LICENCE,),
}

# The shapes of the numbers, compacted (upper case, no spaces or hyphens):
# card-format ID cards 123456AB, the booklets issued before 2000 AB123456,
# passports two letters and 6 or 7 digits, driving licences two letters and 6 digits.
NUMBER_PATTERNS: dict[str, re.Pattern] = {
    Category.ID_CARD: re.compile(r"[0-9]{6}[A-Z]{2}|[A-Z]{2}[0-9]{6}"),
    Category.PASSPORT: re.compile(r"[A-Z]{2}[0-9]{6,7}"),
    Category.DRIVING_LICENCE: re.compile(r"[A-Z]{2}[0-9]{6}"),
}


class FingerprintExemption(models.TextChoices):
    """Why no fingerprints were taken at an application (the passport law's reasons)."""

    TEMPORARILY_UNABLE = (
        "temporarily_unable",
        _("the applicant was temporarily unable to give them"),
    )
    PERMANENTLY_UNABLE = (
        "permanently_unable",
        _("the applicant was permanently unable to give them"),
    )
    HEALTH = (
        "health",
        _("the applicant could not appear in person for health reasons certified by their doctor"),
    )


# The passports the passport services replace, accelerate or build on (the temporary
# passport is not among them: it cannot be replaced online).
PASSPORT_KINDS = (
    DocumentKind.PASSPORT,
    DocumentKind.SECOND_PASSPORT,
    DocumentKind.SERVICE_PASSPORT,
    DocumentKind.SEAMAN_PASSPORT,
)
LOSS_REASONS = ("lost", "stolen", "destroyed")


class DocumentQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> DocumentQuerySet:
        return self.filter(validity=Document.Validity.VALID).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day)
        )


class Document(models.Model):
    class Validity(models.TextChoices):
        VALID = "valid", _("valid")
        INVALIDATED = "invalidated", _("invalidated")
        EXPIRED = "expired", _("expired")
        # Withdrawn by the authority (e.g. the holder lost the entitlement).
        REVOKED = "revoked", _("revoked")

    class InvalidationReason(models.TextChoices):
        LOST = "lost", _("lost")
        STOLEN = "stolen", _("stolen")
        DESTROYED = "destroyed", _("destroyed")
        # A new document replaced it (exchange, replacement, change of data).
        REPLACED = "replaced", _("replaced by a new document")

    class Format(models.TextChoices):
        CARD = "card", _("card")
        BOOK = "book", _("booklet")

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("document number"), max_length=20)
    holder = models.ForeignKey(
        "population.Person",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # Booklets: ID cards issued before 2000-01-01 and the passports of old; cards otherwise.
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.CARD
    )
    issued_on = models.DateField(_("issued on"))
    # None: indefinite validity (e.g. the chipless ID card of people over 65).
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # The validity period it was issued for, where the kind has several (passports: 1, 5
    # or 10 years; ID cards of people over 70: 10). None where the dates say enough.
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), null=True, blank=True)
    validity = models.CharField(
        _("validity"),
        max_length=20,
        choices=Validity.choices,
        default=Validity.VALID,
    )
    invalidation_reason = models.CharField(
        _("reason of invalidation"), max_length=20, choices=InvalidationReason.choices, blank=True
    )
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason of revocation"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    has_chip = models.BooleanField(_("has a chip"), default=False)
    fingerprints_stored = models.BooleanField(_("fingerprints stored"), default=False)
    issuing_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    place_of_origin = models.CharField(_("place of origin"), max_length=200, blank=True)
    # When the document was applied for: the passport duty tables go by the
    # holder's age then, and only passports applied for after 2013-01-01 can be
    # replaced online. None: not recorded.
    applied_on = models.DateField(_("applied for on"), null=True, blank=True)
    # Why no fingerprints were taken at the application, if none were; with none
    # taken and no reason, `fingerprints_stored` says whether storage was consented to.
    fingerprint_exemption = models.CharField(
        _("no fingerprints taken because"),
        max_length=30,
        choices=FingerprintExemption.choices,
        blank=True,
    )
    # The document this one replaced (a replacement passport keeps the lost one's expiry;
    # a replacement ID card its validity and place of origin).
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    # The holder's data as printed in the document, compared with the register (or,
    # for a holder not in it, with what the holder enters) before a replacement.
    printed_family_name = models.CharField(
        _("family name in the document"), max_length=100, blank=True
    )
    printed_given_names = models.CharField(
        _("given names in the document"), max_length=100, blank=True
    )
    printed_birth_date = models.DateField(_("date of birth in the document"), null=True, blank=True)
    printed_birth_place = models.CharField(
        _("place of birth in the document"), max_length=100, blank=True
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="document_number_per_kind")
        ]
        indexes = [
            models.Index(fields=["number"]),
            # The nightly jobs read only valid documents by expiry: the expiry job those
            # past it, the reminders a few days' expiries of one kind. Valid documents
            # by date only, so the index skips the expired and invalidated ones. (No
            # index on the validity alone: nine in ten documents are valid, and every
            # other query asks for a holder's or a number's documents.)
            models.Index(
                fields=["expires_on", "kind"],
                condition=Q(validity="valid"),
                name="document_valid_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def category(self) -> str | None:
        return next((c for c, kinds in CATEGORY_KINDS.items() if self.kind in kinds), None)

    @property
    def is_temporary(self) -> bool:
        return self.kind in (DocumentKind.TEMPORARY_ID_CARD, DocumentKind.TEMPORARY_PASSPORT)

    def effective_validity(self, today: date | None = None) -> str:
        """The validity on `today`, counting an expiry the nightly job has not marked yet."""
        today = today or timezone.localdate()
        if self.validity == self.Validity.VALID and self.expires_on and self.expires_on < today:
            return self.Validity.EXPIRED
        return self.validity

    def is_valid(self, today: date | None = None) -> bool:
        return self.effective_validity(today) == self.Validity.VALID

    @property
    def loss_reported(self) -> bool:
        """Invalidated because it was reported lost, stolen or destroyed."""
        return (
            self.validity == self.Validity.INVALIDATED and self.invalidation_reason in LOSS_REASONS
        )

    def invalidate(self, reason: str, *, at: datetime | None = None) -> bool:
        """Mark the document invalid in the register at once (lost, stolen, destroyed,
        replaced). Returns False, changing nothing, when it was no longer valid: the
        first report's reason and time stay."""
        if reason not in self.InvalidationReason.values:
            raise ValueError(f"unknown invalidation reason {reason!r}")
        at = at or timezone.now()
        updated = Document.objects.filter(pk=self.pk, validity=self.Validity.VALID).update(
            validity=self.Validity.INVALIDATED, invalidation_reason=reason, invalidated_at=at
        )
        self.refresh_from_db(fields=["validity", "invalidation_reason", "invalidated_at"])
        return bool(updated)

    def revoke(self, reason: str, *, at: datetime | None = None) -> bool:
        """The authority withdraws the document. False when it was revoked already."""
        if not reason.strip():
            raise ValueError("a revocation needs a reason")
        at = at or timezone.now()
        updated = (
            Document.objects.filter(pk=self.pk)
            .exclude(validity=self.Validity.REVOKED)
            .update(validity=self.Validity.REVOKED, revocation_reason=reason, revoked_at=at)
        )
        self.refresh_from_db(fields=["validity", "revocation_reason", "revoked_at"])
        return bool(updated)


RECEIPT_PREFIXES: dict[str, str] = {
    DocumentKind.ID_CARD: "SZ",
    DocumentKind.TEMPORARY_ID_CARD: "SZ",
    DocumentKind.PASSPORT: "UT",
    DocumentKind.SECOND_PASSPORT: "UT",
    DocumentKind.SERVICE_PASSPORT: "UT",
    DocumentKind.SEAMAN_PASSPORT: "UT",
    DocumentKind.TEMPORARY_PASSPORT: "UT",
    DocumentKind.DRIVING_LICENCE: "VE",
    DocumentKind.PARKING_CARD: "PK",
}
# UT-2026-0004711: the document family, the year of the application, a serial.
RECEIPT_NUMBER = re.compile(r"(SZ|UT|VE|PK)-[0-9]{4}-[0-9]{7}")


def normalise_receipt_number(value: str) -> str:
    """'ut 2026 0004711', 'UT20260004711' -> 'UT-2026-0004711'; otherwise upper-cased as typed."""
    compact = re.sub(r"[\s\-/]+", "", str(value)).upper()
    if re.fullmatch(r"[A-Z]{2}[0-9]{11}", compact):
        return f"{compact[:2]}-{compact[2:6]}-{compact[6:]}"
    return compact


def validate_receipt_number(value: str) -> None:
    if not RECEIPT_NUMBER.fullmatch(normalise_receipt_number(value)):
        raise ValidationError(
            _(
                "A receipt number has two letters, the year and seven digits, "
                "e.g. SZ-2026-0001234 (as printed on the application form)."
            ),
            code="receipt_number_format",
        )


class ProductionOrder(models.Model):
    """A document being made, looked up by the receipt number (bizonylatszám)
    printed on the application form."""

    class State(models.TextChoices):
        PROCESSING = "processing", _("being processed")
        ISSUING = "issuing", _("being issued")
        IN_TRANSIT = "in_transit", _("in transit")
        COLLECTABLE = "collectable", _("ready for collection")
        HANDED_OVER = "handed_over", _("handed over")

    class Procedure(models.TextChoices):
        STANDARD = "standard", _("standard")
        EXPRESS = "express", _("express (within 7 days)")
        URGENT = "urgent", _("urgent (within 3 days)")

    receipt_number = models.CharField(
        _("receipt number"), max_length=30, unique=True, validators=[validate_receipt_number]
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    applicant = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="production_orders"
    )
    applied_on = models.DateField(_("applied on"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROCESSING
    )
    # Standard, or accelerated (express: within 7 days; urgent: within 3 days).
    procedure = models.CharField(
        _("procedure"), max_length=20, choices=Procedure.choices, default=Procedure.STANDARD
    )
    # The validity period applied for, in years (passports); None: not recorded.
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), null=True, blank=True)
    collectable_from = models.DateField(_("collectable from"), null=True, blank=True)
    collection_office = models.ForeignKey(
        "appointments.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="production_order"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("production order")
        verbose_name_plural = _("production orders")

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def in_production(self) -> bool:
        """Whether the document has gone into production: only an order still being
        processed can be changed (e.g. accelerated)."""
        return self.state != self.State.PROCESSING

    @staticmethod
    def new_receipt_number(kind: str, year: int | None = None) -> str:
        """A receipt number not yet used, for a new order of `kind` (random serial: the
        number says nothing of how many documents were ordered before)."""
        prefix = RECEIPT_PREFIXES[kind]
        year = year or timezone.localdate().year
        while True:
            number = f"{prefix}-{year:04d}-{secrets.randbelow(10_000_000):07d}"
            if not ProductionOrder.objects.filter(receipt_number=number).exists():
                return number
