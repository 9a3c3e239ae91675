"""The personal data and address register (személyiadat- és lakcímnyilvántartás)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from population.identifiers import (
    validate_personal_id,
    validate_postal_code,
    validate_taj,
    validate_tax_id,
)


class Person(models.Model):
    """A natural person in the register, with the natural identity data ("4T")."""

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class MaritalStatus(models.TextChoices):
        SINGLE = "single", _("single")
        MARRIED = "married", _("married")
        DIVORCED = "divorced", _("divorced")
        WIDOWED = "widowed", _("widowed")
        REGISTERED_PARTNER = "registered_partner", _("registered partner")

    class LegalTitle(models.TextChoices):
        CITIZEN = "citizen", _("Hungarian citizen")
        IMMIGRANT = "immigrant", _("immigrant")
        SETTLED = "settled", _("settled")
        REFUGEE = "refugee", _("refugee")
        PROTECTED = "protected", _("protected person")
        FREE_MOVEMENT = "free_movement", _("person with the right of free movement")

    personal_id = models.CharField(
        _("personal identifier"), max_length=11, unique=True, validators=[validate_personal_id]
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_names = models.CharField(_("given names"), max_length=100)
    birth_family_name = models.CharField(_("birth family name"), max_length=100)
    birth_given_names = models.CharField(_("birth given names"), max_length=100)
    mother_family_name = models.CharField(_("mother's birth family name"), max_length=100)
    mother_given_names = models.CharField(_("mother's birth given names"), max_length=100)
    birth_place = models.CharField(_("place of birth"), max_length=100)
    birth_country = models.CharField(_("country of birth"), max_length=2, default="HU")
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(_("citizenship"), max_length=2, default="HU")
    marital_status = models.CharField(
        _("marital status"),
        max_length=20,
        choices=MaritalStatus.choices,
        default=MaritalStatus.SINGLE,
    )
    legal_title = models.CharField(
        _("legal title of registration"),
        max_length=20,
        choices=LegalTitle.choices,
        default=LegalTitle.CITIZEN,
    )
    tax_id = models.CharField(
        _("tax identifier"), max_length=10, blank=True, validators=[validate_tax_id]
    )
    taj = models.CharField(
        _("social security number (TAJ)"), max_length=9, blank=True, validators=[validate_taj]
    )
    address_card_number = models.CharField(_("address card number"), max_length=8, blank=True)
    fingerprints_stored = models.BooleanField(_("fingerprints stored"), default=False)
    # Under guardianship that restricts or excludes legal capacity (a court's
    # decision recorded in the register): such a person is not fully capable and
    # cannot file the services that require full capacity (e.g. the passport ones).
    capacity_restricted = models.BooleanField(_("legal capacity restricted"), default=False)
    died_on = models.DateField(_("date of death"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["family_name", "given_names", "birth_date"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_names}"

    @property
    def birth_name(self) -> str:
        return f"{self.birth_family_name} {self.birth_given_names}"

    @property
    def mother_birth_name(self) -> str:
        return f"{self.mother_family_name} {self.mother_given_names}"

    def current_address(self, kind: str) -> Address | None:
        return self.addresses.filter(kind=kind, valid_to__isnull=True).first()


class Address(models.Model):
    """A residence, place of stay, foreign address or notification address."""

    class Kind(models.TextChoices):
        RESIDENCE = "residence", _("residence (lakóhely)")
        STAY = "stay", _("place of stay (tartózkodási hely)")
        FOREIGN = "foreign", _("foreign address")
        NOTIFICATION = "notification", _("notification address (értesítési cím)")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, default="HU")
    province = models.CharField(_("province"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["person", "kind", "-valid_from"]
        constraints = [
            # One current address of each kind per person.
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(valid_to__isnull=True),
                name="one_current_address_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.postal_code} {self.settlement}, {self.street_address}"

    def clean(self) -> None:
        if self.country == "HU":
            validate_postal_code(self.postal_code)


class CitizenshipCertificate(models.Model):
    """A document of the citizenship authority proving that its holder is a Hungarian
    citizen: the certificate of citizenship (állampolgársági bizonyítvány), or the
    naturalisation or renaturalisation certificate handed over at the oath. Citizens
    living abroad often hold one of these rather than a valid passport or ID card, and
    identify themselves with its number (the foreign address change)."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("certificate of citizenship")
        NATURALISATION = "naturalisation", _("naturalisation certificate")
        RENATURALISATION = "renaturalisation", _("renaturalisation certificate")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="citizenship_certificates"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Kept as `normalise_document_number` leaves it: upper case, no spaces or hyphens.
    number = models.CharField(_("number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued on"))
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)

    class Meta:
        verbose_name = _("citizenship certificate")
        verbose_name_plural = _("citizenship certificates")
        ordering = ["person", "-issued_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
