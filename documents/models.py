"""The register of security documents and of documents being produced."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("identity card")
    TEMPORARY_ID_CARD = "temporary_id_card", _("temporary identity card")
    PASSPORT = "passport", _("private passport")
    SECOND_PASSPORT = "second_passport", _("second private passport")
    SERVICE_PASSPORT = "service_passport", _("service passport")
    SEAMAN_PASSPORT = "seaman_passport", _("seaman's service passport")
    DRIVING_LICENCE = "driving_licence", _("driving licence")
    PARKING_CARD = "parking_card", _("parking card for people with disabilities")


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


PASSPORT_KINDS = (
    DocumentKind.PASSPORT,
    DocumentKind.SECOND_PASSPORT,
    DocumentKind.SERVICE_PASSPORT,
    DocumentKind.SEAMAN_PASSPORT,
)


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
        WITHDRAWN = "withdrawn", _("withdrawn")

    class InvalidationReason(models.TextChoices):
        LOST = "lost", _("lost")
        STOLEN = "stolen", _("stolen")
        DESTROYED = "destroyed", _("destroyed")

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    number = models.CharField(_("document number"), max_length=20)
    holder = models.ForeignKey(
        "population.Person",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issued_on = models.DateField(_("issued on"))
    # None: indefinite validity (e.g. the chipless ID card of people over 65).
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    validity = models.CharField(
        _("validity"),
        max_length=20,
        choices=Validity.choices,
        default=Validity.VALID,
        db_index=True,
    )
    invalidation_reason = models.CharField(
        _("reason of invalidation"), max_length=20, choices=InvalidationReason.choices, blank=True
    )
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    has_chip = models.BooleanField(_("has a chip"), default=False)
    fingerprints_stored = models.BooleanField(_("fingerprints stored"), default=False)
    issuing_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    place_of_origin = models.CharField(_("place of origin"), max_length=200, blank=True)
    # When the document was applied for: the passport duty tables go by the
    # holder's age then, and only passports applied for after 2013-01-01 can be
    # replaced online. None: not recorded (documents issued before the field).
    applied_on = models.DateField(_("applied for on"), null=True, blank=True)
    # The validity period it was issued with, in years (passports: 1, 2, 5 or 10);
    # it names the line of the duty tables. None: not recorded.
    validity_years = models.PositiveSmallIntegerField(_("validity in years"), null=True, blank=True)
    temporary = models.BooleanField(_("temporary document"), default=False)
    # Why no fingerprints were taken at the application, if none were; with none
    # taken and no reason, `fingerprints_stored` says whether storage was consented to.
    fingerprint_exemption = models.CharField(
        _("no fingerprints taken because"),
        max_length=30,
        choices=FingerprintExemption.choices,
        blank=True,
    )
    # The document this one replaced (a replaced passport keeps the lost one's expiry).
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    # The holder's data as printed in the document, compared with the register
    # (or, for a holder not in it, with what the holder enters) before a
    # replacement. Blank: not recorded.
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
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

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
        return self.validity == self.Validity.INVALIDATED and bool(self.invalidation_reason)


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

    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True)
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
    validity_years = models.PositiveSmallIntegerField(_("validity in years"), null=True, blank=True)
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
