"""The register of parking cards for people with disabilities (Government Decree
218/2003 (XII. 11.)) and the detail of the two online services.

The Webes Ügysegéd service descriptions ("Parkolási igazolvány pótlása / cseréje"):
a card is invalid if its holder died, its validity expired, it is unfit to establish
the holder and the entitlement, it was forged, its revocation was registered, or its
loss, theft or destruction was registered. Those are the states below besides
"valid", with "exchanged" for a card a new one replaced.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SEVERELY_IMPAIRED_MOBILITY = (
        "severely_impaired_mobility",
        _("severely impaired in getting about"),
    )
    VISUALLY_IMPAIRED = "visually_impaired", _("visually impaired")
    INTELLECTUALLY_DISABLED = "intellectually_disabled", _("intellectually disabled")
    AUTISTIC = "autistic", _("autistic")
    MUSCULOSKELETAL = "musculoskeletal", _("musculoskeletal disability")
    BLIND_OR_PARTIALLY_SIGHTED = "blind_or_partially_sighted", _("blind or partially sighted")


class Basis(models.TextChoices):
    EXPERT_OPINION = "expert_opinion", _("medical expert opinion")
    AUTHORITY_POSITION = "authority_position", _("position of a specialist authority")
    # Decree 102/2011 (VI. 29.) 14. § (4): cannot be used after 2012-12-31.
    SEVEN_POINT = "seven_point", _("“7-point” medical opinion (not usable after 2012-12-31)")


class LossReason(models.TextChoices):
    LOST = "lost", _("lost")
    STOLEN = "stolen", _("stolen")
    DESTROYED = "destroyed", _("destroyed")


class ParkingCard(models.Model):
    class State(models.TextChoices):
        VALID = "valid", _("valid")
        HOLDER_DIED = "holder_died", _("invalid: the holder died")
        EXPIRED = "expired", _("invalid: its validity expired")
        UNREADABLE = "unreadable", _("invalid: unfit to establish the holder and entitlement")
        FORGED = "forged", _("invalid: forged")
        REVOKED = "revoked", _("invalid: revocation registered")
        LOSS_REGISTERED = "loss_registered", _("invalid: loss, theft or destruction registered")
        EXCHANGED = "exchanged", _("invalid: exchanged for a new card")

    number = models.CharField(_("card number"), max_length=12, unique=True)
    holder = models.ForeignKey(
        "population.Person",
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="parking_cards",
        null=True,
        blank=True,
        help_text=_("Empty for a card issued to an organisation."),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The organisation a card not issued to a private person was issued to."),
    )
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    basis = models.CharField(_("basis of entitlement"), max_length=30, choices=Basis.choices)
    permanent = models.BooleanField(_("permanent condition"), default=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.VALID, db_index=True
    )
    state_since = models.DateField(_("state since"), null=True, blank=True)
    # The loss as reported at a district office.
    loss_reason = models.CharField(
        _("reported as"), max_length=10, choices=LossReason.choices, blank=True
    )
    loss_learned_on = models.DateField(_("holder learned of the loss on"), null=True, blank=True)
    loss_reported_on = models.DateField(_("loss reported on"), null=True, blank=True)
    loss_reported_at = models.CharField(_("loss reported at"), max_length=200, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("parking card")
        verbose_name_plural = _("parking cards")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number

    @property
    def issued_to_private_person(self) -> bool:
        return self.holder_id is not None and not self.organisation

    def is_valid_on(self, day: date) -> bool:
        return self.state == self.State.VALID and self.valid_until >= day

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on(timezone.localdate())


def next_card_number() -> str:
    """The next free card number of the register: "PK" and seven digits."""
    numbers = ParkingCard.objects.filter(number__regex=r"^PK[0-9]{7}$").values_list(
        "number", flat=True
    )
    highest = max((int(n[2:]) for n in numbers), default=0)
    return f"PK{highest + 1:07d}"


class Delivery(models.Model):
    """The postal address a new card is posted to (both services)."""

    postal_code = models.CharField(_("postal code"), max_length=10)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    new_card = models.OneToOneField(
        ParkingCard,
        verbose_name=_("new card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    posted_on = models.DateField(_("posted on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def postal_address(self) -> str:
        return f"{self.postal_code} {self.settlement}, {self.street_address}"


class CardReplacement(Delivery):
    """The detail of a `parking.replacement` case."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="parking_replacement"
    )
    card = models.ForeignKey(
        ParkingCard, verbose_name=_("card"), on_delete=models.PROTECT, related_name="replacements"
    )

    class Meta:
        verbose_name = _("parking card replacement")
        verbose_name_plural = _("parking card replacements")

    def __str__(self) -> str:
        return self.case.reference


class CardExchange(Delivery):
    """The detail of a `parking.exchange` case."""

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", _("exchange on the attached opinion or position")
        EXTENSION = "extension", _("extension by 5 years without a new opinion")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="parking_exchange"
    )
    card = models.ForeignKey(
        ParkingCard, verbose_name=_("card"), on_delete=models.PROTECT, related_name="exchanges"
    )
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    basis = models.CharField(_("basis of entitlement"), max_length=30, choices=Basis.choices)

    class Meta:
        verbose_name = _("parking card exchange")
        verbose_name_plural = _("parking card exchanges")

    def __str__(self) -> str:
        return self.case.reference
