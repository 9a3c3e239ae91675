"""The cards bound to accounts, card operations and their audit trail.

A card operation is what the portal asked the citizen's card to do: it carries a
single-use nonce the card signs together with the portal's origin and the operation,
and nothing is recorded as done until that signature checks out (`operations.py`).
The service requests themselves (emergency numbers, NEK, e-signature) are cases; their
detail models, and the e-signature certificates issued, close this module.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CardBindingQuerySet(models.QuerySet):
    def active(self) -> CardBindingQuerySet:
        return self.filter(ended_at__isnull=True)


class CardBinding(models.Model):
    """The card that belongs to a portal user, proved by a verified card signature."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_bindings"
    )
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("ID card"), on_delete=models.PROTECT, related_name="+"
    )
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    bound_at = models.DateTimeField(_("bound at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = CardBindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("card binding")
        verbose_name_plural = _("card bindings")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(ended_at__isnull=True), name="one_active_card_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.document}"


class OperationKind(models.TextChoices):
    """The bridge's operation kinds (`docs/card-bridge.md`, section 4) the portal issues."""

    EMERGENCY_SET = "emergency_set", _("Write an emergency number")
    EMERGENCY_DELETE = "emergency_delete", _("Delete an emergency number")
    EMERGENCY_READ = "emergency_read", _("Read the emergency numbers")
    NEK = "nek", _("Install or update the NEK applet")
    ESIGN_GENERATE_KEY = "esign_generate_key", _("Generate the e-signature key pair")
    ESIGN_WRITE_CERTIFICATE = "esign_write_certificate", _("Write the e-signature certificate")
    ESIGN_PERSONALISE = "esign_personalise", _("Set the e-signature activation PIN")
    ACTIVATE_PIN = "activate_pin", _("Replace the activation PIN")
    CHANGE_PIN = "change_pin", _("Change the PIN")
    UNBLOCK_PIN = "unblock_pin", _("Unblock the PIN with the PUK")
    ESIGN_ACTIVATE = "esign_activate", _("Activate the e-signature PIN")
    ESIGN_CHANGE_PIN = "esign_change_pin", _("Change the e-signature PIN")

    @classmethod
    def relayed(cls) -> frozenset[OperationKind]:
        """Kinds whose APDUs the portal's issuer side writes and the bridge only relays."""
        return frozenset({cls.NEK, cls.ESIGN_PERSONALISE})


class OperationState(models.TextChoices):
    ISSUED = "issued", _("issued")
    IN_PROGRESS = "in_progress", _("in progress")
    GP_STEP = "gp_step", _("secure channel open")
    COMPLETED = "completed", _("completed")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("expired")
    CANCELLED = "cancelled", _("cancelled")

    @classmethod
    def open(cls) -> frozenset[OperationState]:
        return frozenset({cls.ISSUED, cls.IN_PROGRESS, cls.GP_STEP})


class CardOperationQuerySet(models.QuerySet):
    def open(self) -> CardOperationQuerySet:
        return self.filter(state__in=OperationState.open())


class CardOperation(models.Model):
    """One thing the card is asked to do, bound to a nonce, a session and an origin.

    `params` hold only what the card needs, encrypted while the operation is open and
    wiped when it ends; `params_digest` (what the card signs) stays for the record.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_operations"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OperationKind.choices)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="card_operations",
    )
    params_sealed = models.TextField(_("parameters (encrypted)"), blank=True)
    params_digest = models.CharField(_("parameters digest"), max_length=64)
    # What the citizen is shown (and the card signs nothing of): numbers masked.
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    nonce_hash = models.CharField(max_length=64, unique=True)
    session_hash = models.CharField(max_length=64)
    origin = models.CharField(_("origin"), max_length=200)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=OperationState.choices,
        default=OperationState.ISSUED,
        db_index=True,
    )
    step = models.PositiveSmallIntegerField(_("secure channel step"), default=0)
    # The issuer side's secure-channel session (challenges, APDUs sent and answers
    # relayed), encrypted like the parameters and wiped with them.
    gp_sealed = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result_code = models.CharField(_("result"), max_length=40, blank=True)
    bridge_version = models.CharField(_("bridge version"), max_length=40, blank=True)
    binding = models.ForeignKey(
        CardBinding, null=True, blank=True, on_delete=models.SET_NULL, related_name="operations"
    )

    objects = CardOperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("card operation")
        verbose_name_plural = _("card operations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id}"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at


GENESIS = "0" * 64


class CardAuditEvent(models.Model):
    """An append-only, hash-chained record of what happened with a card.

    Never a PIN, PUK or CAN; phone numbers only masked. Each row's hash covers its
    content and the previous row's hash; `prev_hash` is unique, so two writers racing
    for the same predecessor cannot fork the chain (the loser retries).
    """

    at = models.DateTimeField(_("at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=60)  # e.g. "operation.completed"
    operation = models.ForeignKey(
        CardOperation, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    operation_ref = models.CharField(_("operation"), max_length=36, blank=True)
    # Pseudonymous: a keyed hash of the user id, so the trail names nobody by itself.
    user_ref = models.CharField(_("user (pseudonym)"), max_length=64, blank=True)
    code = models.CharField(_("result or status word"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    bridge_version = models.CharField(_("bridge version"), max_length=40, blank=True)
    prev_hash = models.CharField(max_length=64, unique=True, editable=False)
    event_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("card audit event")
        verbose_name_plural = _("card audit events")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("card audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("card audit events are append-only")

    def content(self) -> dict:
        return {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "operation": self.operation_ref,
            "user": self.user_ref,
            "code": self.code,
            "note": self.note,
            "ip": self.ip or "",
            "user_agent": self.user_agent,
            "bridge_version": self.bridge_version,
        }

    def compute_hash(self) -> str:
        body = json.dumps(self.content(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(f"{self.prev_hash}|{body}".encode()).hexdigest()


# --- the detail models of the card services' cases ------------------------------------


class EmergencyNumbersRequest(models.Model):
    """Recording, changing or deleting one of the two emergency numbers on the chip.

    The numbers belong to third persons: the portal keeps them only masked and as a
    keyed hash; the clear number travels once, encrypted, in the card operation.
    """

    class Action(models.TextChoices):
        SET = "set", _("Record or change")
        DELETE = "delete", _("Delete")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="eszemelyi_emergency_numbers"
    )
    slot = models.PositiveSmallIntegerField(_("place on the chip"), choices=[(1, "1"), (2, "2")])
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    number_masked = models.CharField(_("phone number"), max_length=30, blank=True)
    number_hash = models.CharField(max_length=64, blank=True)
    # Recording or changing a number needs its holder's consent, declared here.
    consent_declared = models.BooleanField(_("consent of the number's holder declared"))
    written_at = models.DateTimeField(_("written to the chip"), null=True, blank=True)

    class Meta:
        verbose_name = _("emergency numbers request")
        verbose_name_plural = _("emergency numbers requests")

    def __str__(self) -> str:
        return str(self.case)


class NekRequest(models.Model):
    """Installing (or updating) the NEK public-transport applet on the chip."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="eszemelyi_nek"
    )
    document_number = models.CharField(_("ID card number"), max_length=20)
    version_before = models.CharField(_("version before"), max_length=20, blank=True)
    version_after = models.CharField(_("version installed"), max_length=20, blank=True)
    installed_at = models.DateTimeField(_("installed"), null=True, blank=True)

    class Meta:
        verbose_name = _("NEK applet request")
        verbose_name_plural = _("NEK applet requests")

    def __str__(self) -> str:
        return str(self.case)


class EsignRequest(models.Model):
    """A request (or renewal) of the e-signature and time-stamp service.

    A distance contract: the data can be corrected until the citizen accepts it
    (`contract_accepted_at`), and the accepted text is kept by its SHA-256.
    """

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="eszemelyi_esign"
    )
    document_number = models.CharField(_("ID card number"), max_length=20)
    email = models.EmailField(_("e-mail address"))
    email_in_certificate = models.BooleanField(_("put the e-mail address in the certificate"))
    publish_in_directory = models.BooleanField(_("publish the certificate in the directory"))
    renewal = models.BooleanField(_("renewal"), default=False)
    first_issue = models.BooleanField(_("first certificate for this card"), default=True)
    contract_accepted_at = models.DateTimeField(_("contract accepted"), null=True, blank=True)
    contract_sha256 = models.CharField(_("contract SHA-256"), max_length=64, blank=True)
    # The PIN envelope's secrets live here, encrypted, only until the envelope PDF is
    # rendered; the revocation password is then kept only as a hash.
    envelope_sealed = models.TextField(blank=True)
    revocation_password_hash = models.CharField(max_length=128, blank=True)
    certificate = models.OneToOneField(
        "eszemelyi.EsignCertificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )

    class Meta:
        verbose_name = _("e-signature request")
        verbose_name_plural = _("e-signature requests")

    def __str__(self) -> str:
        return str(self.case)


class EsignCertificate(models.Model):
    """An e-signature certificate issued by the portal's CA for a key made on the card."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="esign_certificates"
    )
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("ID card"), on_delete=models.PROTECT, related_name="+"
    )
    serial_number = models.CharField(_("serial number"), max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    key_fingerprint = models.CharField(_("key fingerprint"), max_length=64)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    der = models.BinaryField(_("certificate (DER)"))
    published = models.BooleanField(_("published in the directory"), default=False)
    written_to_card_at = models.DateTimeField(_("written to the card"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("e-signature certificate")
        verbose_name_plural = _("e-signature certificates")
        ordering = ["-not_after"]

    def __str__(self) -> str:
        return self.serial_number
