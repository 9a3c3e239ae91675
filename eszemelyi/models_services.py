"""Detail models of the card services' cases, and the e-signature certificates issued."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
