"""The criminal records register and the details of its services.

The register (`Conviction`, `PublicAffairsBan`, `OccupationBan`, and the issued
`Certificate`s) is written only by the services and the demo data; clerks read it
in the admin. A certificate states facts about a person at the moment of issue:
what was asked (`CertificateContent`) and whom it is posted to.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# "A bizonyítvány a kiállításától számított kilencven napig érvényes" (the Webes
# Ügysegéd service description), unless revoked.
VALIDITY_DAYS = 90


class Conviction(models.Model):
    """A final conviction; rehabilitation (mentesítés) ends its effect on the record."""

    person = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="convictions"
    )
    court = models.CharField(_("court"), max_length=200)
    judgment_number = models.CharField(_("judgment number"), max_length=60)
    offence = models.CharField(_("offence"), max_length=300)
    sentence = models.CharField(_("sentence"), max_length=300)
    final_on = models.DateField(_("final on"))
    rehabilitated_on = models.DateField(_("rehabilitated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("conviction")
        verbose_name_plural = _("convictions")
        ordering = ["person", "final_on"]

    def __str__(self) -> str:
        return f"{self.judgment_number} ({self.final_on:%Y. %m. %d.})"

    def in_effect_on(self, day: date) -> bool:
        return self.final_on <= day and (
            self.rehabilitated_on is None or self.rehabilitated_on > day
        )


class Ban(models.Model):
    person = models.ForeignKey("population.Person", on_delete=models.PROTECT, related_name="+")
    imposed_by = models.CharField(_("imposed by (court, judgment)"), max_length=300)
    starts_on = models.DateField(_("in effect from"))
    # None: for life (végleges hatályú eltiltás).
    ends_on = models.DateField(_("in effect until"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["person", "starts_on"]

    def in_effect_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class PublicAffairsBan(Ban):
    """Ban from public affairs (közügyektől eltiltás)."""

    person = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="public_affairs_bans"
    )

    class Meta(Ban.Meta):
        verbose_name = _("ban from public affairs")
        verbose_name_plural = _("bans from public affairs")

    def __str__(self) -> str:
        return gettext("ban from public affairs from %(date)s") % {
            "date": f"{self.starts_on:%Y. %m. %d.}"
        }


class OccupationBan(Ban):
    """Ban from an occupation (foglalkozástól eltiltás): which one, until when."""

    person = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="occupation_bans"
    )
    occupation = models.CharField(_("occupation"), max_length=200)

    class Meta(Ban.Meta):
        verbose_name = _("occupation ban")
        verbose_name_plural = _("occupation bans")

    def __str__(self) -> str:
        return self.occupation


class Statement(models.TextChoices):
    """What the certificate says about an occupation, if anything."""

    NONE = "", _("nothing about an occupation")
    NOT_BANNED = "not_banned", _("that I am not banned from an occupation")
    BANNED = "banned", _("that I am banned from an occupation")


class Addressee(models.TextChoices):
    SELF = "self", _("myself, at my own domestic address")
    PERSON = "person", _("another person, at their domestic address")
    ORGANISATION = "organisation", _("an organisation (authority, institution, employer)")


class CertificateContent(models.Model):
    """The facts a certificate states (asked by the citizen, certified by the register)."""

    law_name = models.CharField(_("meets the conditions of the law"), max_length=300, blank=True)
    clean_record = models.BooleanField(_("clean record"), default=False)
    no_public_affairs_ban = models.BooleanField(_("not banned from public affairs"), default=False)
    occupation_statement = models.CharField(
        _("occupation"), max_length=20, choices=Statement.choices, blank=True
    )
    occupation = models.CharField(_("name of the occupation"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def content_key(self) -> tuple:
        return content_key(
            {
                "law_name": self.law_name,
                "clean_record": self.clean_record,
                "no_public_affairs_ban": self.no_public_affairs_ban,
                "occupation_statement": self.occupation_statement,
                "occupation": self.occupation,
            }
        )

    def statements(self) -> list[str]:
        """The facts as sentences in the active language ("The applicant …")."""
        return statements_of(self)


def _folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def content_key(answers) -> tuple:
    """Two requests have the same content when they ask the same facts."""
    statement = answers.get("occupation_statement") or ""
    return (
        _folded(answers.get("law_name", "")),
        bool(answers.get("clean_record")),
        bool(answers.get("no_public_affairs_ban")),
        statement,
        _folded(answers.get("occupation", "")) if statement else "",
    )


def statements_of(content) -> list[str]:
    lines = []
    if content.law_name:
        lines.append(
            gettext("meets the conditions set by %(law)s") % {"law": content.law_name.strip()}
        )
    if content.clean_record:
        lines.append(gettext("has a clean criminal record"))
    if content.no_public_affairs_ban:
        lines.append(gettext("is not banned from public affairs"))
    if content.occupation_statement == Statement.NOT_BANNED:
        lines.append(
            gettext("is not banned from the occupation %(occupation)s")
            % {"occupation": content.occupation.strip()}
        )
    elif content.occupation_statement == Statement.BANNED:
        lines.append(
            gettext("is banned from the occupation %(occupation)s")
            % {"occupation": content.occupation.strip()}
        )
    return lines


class Delivery(models.Model):
    """Whom the paper certificate is posted to: a domestic address."""

    addressee = models.CharField(_("addressee"), max_length=20, choices=Addressee.choices)
    addressee_name = models.CharField(_("name of the addressee"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=4)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)

    class Meta:
        abstract = True

    @property
    def address(self) -> str:
        return f"{self.postal_code} {self.settlement}, {self.street_address}"


class CertificateRequest(CertificateContent, Delivery):
    """The detail of a `criminal_record.certificate` case."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="criminal_records_certificate"
    )
    # The applicant's register record: the certificate states its data, and the
    # yearly count of requests is kept per person (one may have several accounts).
    person = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="criminal_record_requests"
    )
    notify_email = models.EmailField(_("e-mail when posted"), blank=True)
    # How many certificate requests the applicant submitted earlier in the same
    # calendar year: the fee (criminal_records.fees.certificate_fee) follows from it.
    requests_earlier_this_year = models.PositiveIntegerField(
        _("certificate requests earlier this year"), default=0
    )
    deficiency_text = models.TextField(_("what the deficiency notice asks"), blank=True)
    deficiency_deadline = models.DateField(_("deficiency notice deadline"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason of the refusal"), blank=True)
    posted_at = models.DateTimeField(_("handed to the post"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")

    def __str__(self) -> str:
        return self.case.reference


class Certificate(CertificateContent, Delivery):
    """An issued certificate (hatósági erkölcsi bizonyítvány), as the register keeps it."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    person = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="criminal_record_certificates"
    )
    request = models.OneToOneField(
        CertificateRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # The official entitled to sign (kiadmányozó), named on the certificate.
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason of the revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued certificate")
        verbose_name_plural = _("issued certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number

    @property
    def issued_on(self) -> date:
        return timezone.localdate(self.issued_at)

    def is_valid(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and self.issued_on <= today <= self.valid_until

    @staticmethod
    def validity_end(issued_on: date) -> date:
        """The last day of validity: ninety days counted from the day of issue."""
        return issued_on + timedelta(days=VALIDITY_DAYS)


class CertificateCounter(models.Model):
    """The last certificate number handed out in a year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DataInfoRequest(models.Model):
    """The detail of a `criminal_record.data_info` case: where the answer is posted."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="criminal_records_data_info"
    )
    postal_code = models.CharField(_("postal code"), max_length=10)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    country = models.CharField(_("country"), max_length=100, default="Magyarország")
    posted_at = models.DateTimeField(_("answer posted"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for information on own data")
        verbose_name_plural = _("requests for information on own data")

    def __str__(self) -> str:
        return self.case.reference

    @property
    def address(self) -> str:
        return f"{self.postal_code} {self.settlement}, {self.street_address}, {self.country}"


class ShareLink(models.Model):
    """A link the holder of a certificate gives a named recipient: 72 hours, a set
    number of openings, withdrawable; dead once the certificate is not valid. Only
    the SHA-256 of its token is stored."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="shares")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    recipient = models.CharField(_("recipient"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    max_openings = models.PositiveSmallIntegerField(_("number of openings allowed"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.certificate.number} → {self.recipient}"

    @staticmethod
    def hash_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class ShareOpening(models.Model):
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="openings")
    at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("opening of a share link")
        verbose_name_plural = _("openings of share links")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.link_id} {self.at:%Y-%m-%d %H:%M}"
