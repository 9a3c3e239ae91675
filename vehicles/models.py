"""The vehicle register, and the detail rows of the five vehicle services.

The register rows (`Vehicle`, `Ownership`, `OdometerReading`, `WithdrawalPeriod`)
are what the services read and change; the detail rows (one per case) keep
what the citizen asked for and what was done, so that a clerk can review it
and, where the law says so, undo it.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from population.identifiers import normalise_plate


class Fuel(models.TextChoices):
    PETROL = "petrol", _("petrol")
    DIESEL = "diesel", _("diesel")
    LPG = "lpg", _("petrol/LPG")
    HYBRID = "hybrid", _("petrol/electric hybrid")
    ELECTRIC = "electric", _("electric")


class VehicleQuerySet(models.QuerySet):
    def by_plate(self, plate: str) -> Vehicle | None:
        return self.filter(plate=normalise_plate(plate)).first()


class Vehicle(models.Model):
    plate = models.CharField(_("registration plate"), max_length=12, unique=True)
    vin = models.CharField(_("vehicle identification number (VIN)"), max_length=17, unique=True)
    make = models.CharField(_("make"), max_length=60)
    model_name = models.CharField(_("type"), max_length=60)
    colour = models.CharField(_("primary colour"), max_length=40)
    colour_code = models.CharField(_("colour code"), max_length=10)
    keeper = models.ForeignKey(
        "population.Person",
        verbose_name=_("keeper"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kept_vehicles",
    )
    # Elidegenítési és terhelési tilalom: the owner cannot transfer the vehicle.
    sales_ban = models.BooleanField(_("sales-ban clause"), default=False)
    registration_certificate_number = models.CharField(
        _("registration certificate number"), max_length=12
    )
    title_number = models.CharField(_("title (törzskönyv) number"), max_length=12)
    wanted = models.BooleanField(_("wanted (domestic records)"), default=False)
    # The technical data of the data-match list (fourteen items with the certificate).
    year_of_manufacture = models.PositiveSmallIntegerField(_("year of manufacture"), null=True)
    first_registered_on = models.DateField(_("first registration"), null=True, blank=True)
    first_registered_hu_on = models.DateField(
        _("first registration in Hungary"), null=True, blank=True
    )
    technical_valid_until = models.DateField(_("technical validity"), null=True, blank=True)
    own_mass_kg = models.PositiveIntegerField(_("own mass (kg)"), null=True, blank=True)
    total_mass_kg = models.PositiveIntegerField(_("total mass (kg)"), null=True, blank=True)
    persons_carried = models.PositiveSmallIntegerField(_("persons carried"), null=True, blank=True)
    engine_capacity_cm3 = models.PositiveIntegerField(
        _("engine capacity (cm³)"), null=True, blank=True
    )
    fuel = models.CharField(_("fuel"), max_length=20, choices=Fuel.choices, blank=True)
    power_kw = models.PositiveIntegerField(_("power (kW)"), null=True, blank=True)
    seats_with_driver = models.PositiveSmallIntegerField(
        _("seats with the driver"), null=True, blank=True
    )
    standing_places = models.PositiveSmallIntegerField(_("standing places"), null=True, blank=True)
    marketing_restriction = models.CharField(_("marketing restriction"), max_length=100, blank=True)

    objects = VehicleQuerySet.as_manager()

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["plate"]

    def __str__(self) -> str:
        return f"{self.plate} ({self.make} {self.model_name})"

    def save(self, *args, **kwargs) -> None:
        self.plate = normalise_plate(self.plate)
        super().save(*args, **kwargs)

    def current_owners(self) -> models.QuerySet[Ownership]:
        return self.ownerships.filter(until__isnull=True).select_related("person")

    def current_withdrawal(self, today: date | None = None) -> WithdrawalPeriod | None:
        today = today or timezone.localdate()
        return (
            self.withdrawals.filter(starts_on__lte=today, ends_on__gte=today, ended_early_on=None)
            .order_by("-starts_on")
            .first()
        )

    def in_traffic(self, today: date | None = None) -> bool:
        return self.current_withdrawal(today) is None


class Ownership(models.Model):
    """An owner's share of a vehicle, from a date until a date (open: current)."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="ownerships")
    person = models.ForeignKey(
        "population.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An owner who is not in the population register (an organisation, a foreigner).
    owner_name = models.CharField(_("owner (not in the register)"), max_length=200, blank=True)
    share_numerator = models.PositiveSmallIntegerField(_("share numerator"), default=1)
    share_denominator = models.PositiveSmallIntegerField(_("share denominator"), default=1)
    since = models.DateField(_("owner since"))
    until = models.DateField(_("owner until"), null=True, blank=True)
    # The ownership change (case) that created or ended this row, for a revert.
    created_by_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        ordering = ["vehicle", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(owner_name=""),
                name="ownership_has_an_owner",
            ),
            models.CheckConstraint(
                condition=Q(share_numerator__lte=models.F("share_denominator")),
                name="ownership_share_at_most_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle.plate}: {self.owner_display} {self.share}"

    @property
    def owner_display(self) -> str:
        return self.person.full_name if self.person_id else self.owner_name

    @property
    def share(self) -> Fraction:
        return Fraction(self.share_numerator, self.share_denominator)


class OdometerReading(models.Model):
    class Source(models.TextChoices):
        OWNERSHIP_CHANGE = "ownership_change", _("ownership change")
        INSPECTION = "inspection", _("technical inspection")
        REGISTRATION = "registration", _("registration")

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="odometer")
    read_on = models.DateField(_("date"))
    kilometres = models.PositiveIntegerField(_("reading (km)"))
    source = models.CharField(_("recorded at"), max_length=20, choices=Source.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("odometer reading")
        verbose_name_plural = _("odometer readings")
        ordering = ["vehicle", "read_on", "pk"]

    def __str__(self) -> str:
        return f"{self.vehicle.plate}: {self.kilometres} km ({self.read_on})"


class WithdrawalPeriod(models.Model):
    """A temporary withdrawal from traffic (at most six months per decision)."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="withdrawals")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    # The owner who withdrew it: only they may reinstate it.
    withdrawn_by = models.ForeignKey(
        "population.Person", on_delete=models.PROTECT, related_name="+"
    )
    ended_early_on = models.DateField(_("reinstated on"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("withdrawal from traffic")
        verbose_name_plural = _("withdrawals from traffic")
        ordering = ["vehicle", "-starts_on"]
        # The nightly reminders read the periods ending within days.
        indexes = [models.Index(fields=["ends_on"], name="withdrawal_period_end")]

    def __str__(self) -> str:
        return f"{self.vehicle.plate}: {self.starts_on} – {self.ends_on}"


# --- the services' detail rows (one per case) ------------------------------------


class Delivery(models.TextChoices):
    COLLECT = "collect", _("I collect it at the transport authority")
    POST = "post", _("by post")


class OwnershipChange(models.Model):
    """`vehicles.ownership_change`: the seller reports; the register changes at once."""

    class BuyerKind(models.TextChoices):
        PERSON = "person", _("a natural person")
        ORGANISATION = "organisation", _("an organisation")

    class Transfer(models.TextChoices):
        PAID = "paid", _("for payment (sale)")
        FREE = "free", _("free of charge (gift)")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="vehicles_ownership_change"
    )
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey("population.Person", on_delete=models.PROTECT, related_name="+")
    buyer_kind = models.CharField(_("new owner"), max_length=20, choices=BuyerKind.choices)
    # A natural person: the 4T data, ID document number and address.
    buyer_name = models.CharField(_("name"), max_length=200, blank=True)
    buyer_birth_name = models.CharField(_("birth name"), max_length=200, blank=True)
    buyer_mother_name = models.CharField(_("mother's birth name"), max_length=200, blank=True)
    buyer_birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    buyer_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    buyer_document_number = models.CharField(_("ID document number"), max_length=20, blank=True)
    # An organisation: name, representative, seat, registry number.
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    organisation_representative = models.CharField(_("representative"), max_length=200, blank=True)
    organisation_registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    buyer_postal_code = models.CharField(_("postal code"), max_length=10)
    buyer_settlement = models.CharField(_("settlement"), max_length=100)
    buyer_street_address = models.CharField(_("street address"), max_length=200)
    buyer_person = models.ForeignKey(
        "population.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer = models.CharField(
        _("nature of the transfer"), max_length=10, choices=Transfer.choices
    )
    contract_effective_on = models.DateField(_("contract takes effect on"))
    possession_on = models.DateField(_("buyer took possession on"))
    odometer_km = models.PositiveIntegerField(_("odometer reading at handover (km)"))
    late = models.BooleanField(_("reported after the 8-day deadline"), default=False)
    # What the register said before the change, so that a clerk can restore it.
    previous_keeper = models.ForeignKey(
        "population.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    reverted_at = models.DateTimeField(_("registration deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("ownership change")
        verbose_name_plural = _("ownership changes")

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.vehicle.plate}"

    @property
    def buyer_display(self) -> str:
        if self.buyer_kind == self.BuyerKind.ORGANISATION:
            return self.organisation_name
        return self.buyer_name


class Withdrawal(models.Model):
    """`vehicles.temporary_withdrawal` (also its extension)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="vehicles_withdrawal"
    )
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    # An extension continues an earlier period without a gap.
    extends = models.ForeignKey(
        WithdrawalPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.OneToOneField(
        WithdrawalPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )
    remind_before_end = models.BooleanField(_("remind me before the period ends"), default=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    wants_receipt = models.BooleanField(_("I want a payment receipt"), default=False)

    class Meta:
        verbose_name = _("withdrawal request")
        verbose_name_plural = _("withdrawal requests")

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.vehicle.plate}"


class Reinstatement(models.Model):
    """`vehicles.reinstatement`: back into traffic before the period ends."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="vehicles_reinstatement"
    )
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(WithdrawalPeriod, on_delete=models.PROTECT, related_name="+")
    wants_receipt = models.BooleanField(_("I want a payment receipt"), default=False)

    class Meta:
        verbose_name = _("reinstatement request")
        verbose_name_plural = _("reinstatement requests")

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.vehicle.plate}"


class DataLookup(models.Model):
    """`vehicles.data_lookup`: the plates asked about, the match questions, and
    the answers as they stood when the fee was paid (kept for the decision)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="vehicles_data_lookup"
    )
    # [{"plate": "ABC-123", "checks": {"own_mass_kg": "1200", ...}}, ...]
    queries = models.JSONField(_("queries"), default=list)
    # Filled when the case is submitted (after payment): what the register said.
    answers = models.JSONField(_("answers"), default=list, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("vehicle data lookup")
        verbose_name_plural = _("vehicle data lookups")

    def __str__(self) -> str:
        return self.case.reference

    @property
    def vehicle_count(self) -> int:
        return len(self.queries)


class TitleReplacement(models.Model):
    """`vehicles.title_replacement`: a lost, stolen or destroyed title document."""

    class Reason(models.TextChoices):
        LOST = "lost", _("lost")
        STOLEN = "stolen", _("stolen")
        DESTROYED = "destroyed", _("destroyed")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="vehicles_title_replacement"
    )
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="+")
    old_title_number = models.CharField(_("title number"), max_length=12)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    reported_before = models.BooleanField(_("the loss was reported before"), default=False)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    delivery_postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    delivery_settlement = models.CharField(_("settlement"), max_length=100, blank=True)
    delivery_street_address = models.CharField(_("street address"), max_length=200, blank=True)
    # Clerk side: publication in the official gazette, objections, issue.
    published_on = models.DateField(
        _("published in the official gazette on"), null=True, blank=True
    )
    objection_deadline = models.DateField(_("objections until"), null=True, blank=True)
    objection_received = models.BooleanField(_("a right to the vehicle was proved"), default=False)
    issued_on = models.DateField(_("new title issued on"), null=True, blank=True)
    new_title_number = models.CharField(_("new title number"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("title replacement")
        verbose_name_plural = _("title replacements")

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.vehicle.plate}"
