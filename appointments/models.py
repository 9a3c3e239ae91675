"""Offices where clerks work and citizens appear in person, and their appointments."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.services import SERVICE_CHOICES, SERVICES, DeskGroup


class Office(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT_WINDOW = "government_window", _("Government window (kormányablak)")
        DOCUMENT_OFFICE = "document_office", _("Document office (okmányiroda)")
        CENTRAL = "central", _("Central office")
        MOBILE = "mobile", _("Mobile office bus")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    postal_code = models.CharField(_("postal code"), max_length=4)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_bus(self) -> bool:
        return self.kind == self.Kind.MOBILE


class OfficeService(models.Model):
    """A matter the office (or the bus) handles."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="services")
    service = models.CharField(_("service"), max_length=30, choices=SERVICE_CHOICES)

    class Meta:
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        constraints = [
            models.UniqueConstraint(fields=["office", "service"], name="office_service_once")
        ]

    def __str__(self) -> str:
        return str(SERVICES[self.service].label)


class Desks(models.Model):
    """How many clients of a desk group the office serves at the same time."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="desks")
    group = models.CharField(_("desk group"), max_length=20, choices=DeskGroup.choices)
    count = models.PositiveSmallIntegerField(_("desks"))

    class Meta:
        verbose_name = _("desks")
        verbose_name_plural = _("desks")
        constraints = [
            models.UniqueConstraint(fields=["office", "group"], name="desks_once_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.count}"


class OpeningHours(models.Model):
    """One opening period of a weekday; a day with a lunch break has two."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="hours_close_after_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class BusStop(models.Model):
    """One visit of the mobile office bus, on the published timetable."""

    bus = models.ForeignKey(
        Office,
        on_delete=models.CASCADE,
        related_name="stops",
        limit_choices_to={"kind": Office.Kind.MOBILE},
    )
    postal_code = models.CharField(_("postal code"), max_length=4)
    settlement = models.CharField(_("settlement"), max_length=100)
    place = models.CharField(_("place"), max_length=200)
    day = models.DateField(_("date"), db_index=True)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("bus stop")
        verbose_name_plural = _("bus stops")
        ordering = ["day", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="stop_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        when = f"{self.day:%Y-%m-%d} {self.starts:%H:%M}–{self.ends:%H:%M}"
        return f"{self.settlement}, {self.place} ({when})"


class Closure(models.Model):
    """Days an office is closed, or, without an office, every office but the designated ones.

    The year-end administrative closure is one row without an office and with the list of
    government windows that stay open; a one-off closure names its office. Public holidays
    and weekends are not rows: they come from the working-day calendar (cases.deadlines).
    """

    class Kind(models.TextChoices):
        YEAR_END = "year_end", _("Year-end administrative closure")
        ONE_OFF = "one_off", _("One-off closure")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ONE_OFF)
    office = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("Leave empty for a closure of every office (the year-end closure)."),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # The office page is shown in Hungarian and English; the reason is written once,
    # in this language, and marked with it on a page in the other.
    reason_language = models.CharField(
        _("language of the reason"), max_length=8, choices=settings.LANGUAGES, default="hu"
    )
    open_offices = models.ManyToManyField(
        Office,
        blank=True,
        related_name="designated_for",
        verbose_name=_("designated offices that stay open"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="closure_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_day:%Y-%m-%d}–{self.last_day:%Y-%m-%d}"


def _link_key() -> str:
    return secrets.token_urlsafe(12)


class BookingQuerySet(models.QuerySet):
    def holding(self, now=None):
        """Bookings that hold their desk: confirmed ones, and pending ones still in their hold."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=Booking.OCCUPYING_FINAL)
            | Q(status=Booking.Status.PENDING, hold_until__gte=now)
        )

    def upcoming_for(self, user):
        return self.filter(
            user=user,
            status=Booking.Status.BOOKED,
            starts_at__gte=timezone.now(),
        ).select_related("office", "stop")


class Booking(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for e-mail confirmation")
        BOOKED = "booked", _("Booked")
        ARRIVED = "arrived", _("Arrived")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Not confirmed in time")

    class CancelledBy(models.TextChoices):
        CITIZEN = "citizen", _("by the client")
        CLOSURE = "closure", _("because the office is closed")
        CLERK = "clerk", _("by the office")

    # Rows in these states keep their desk for good; a pending row only until its hold ends.
    OCCUPYING_FINAL = (Status.BOOKED, Status.ARRIVED, Status.NO_SHOW)

    reference = models.CharField(_("reference"), max_length=12, unique=True)
    service = models.CharField(_("service"), max_length=30, choices=SERVICE_CHOICES)
    group = models.CharField(_("desk group"), max_length=20, choices=DeskGroup.choices)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="bookings")
    stop = models.ForeignKey(
        BusStop, null=True, blank=True, on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    desk = models.PositiveSmallIntegerField(_("desk"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="hu")
    # Until when an unconfirmed booking keeps its desk.
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    # Named by the e-mailed links; a new key makes the old links worthless.
    link_key = models.CharField(max_length=24, default=_link_key, editable=False)
    # iCalendar SEQUENCE: raised on every move and on the cancellation.
    sequence = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.CharField(
        _("cancelled"), max_length=20, choices=CancelledBy.choices, blank=True
    )
    closure = models.ForeignKey(
        Closure, null=True, blank=True, on_delete=models.SET_NULL, related_name="cancelled"
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "desk"]
        indexes = [models.Index(fields=["office", "group", "starts_at"])]
        constraints = [
            # The guarantee that no slot is given twice: one live row per desk and time.
            # Pending rows past their hold are turned into expired ones before a desk is
            # taken again (appointments.booking).
            models.UniqueConstraint(
                fields=["office", "group", "starts_at", "desk"],
                condition=~Q(status__in=["cancelled", "expired"]),
                name="one_booking_per_desk_and_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def service_label(self):
        return SERVICES[self.service].label

    @property
    def place(self) -> str:
        if self.stop_id:
            stop = self.stop
            return f"{self.office.name}: {stop.postal_code} {stop.settlement}, {stop.place}"
        office = self.office
        return f"{office.name}, {office.postal_code} {office.settlement}, {office.street_address}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.BOOKED and self.starts_at > timezone.now()
