"""The passport services' detail models, the delivery they share, and the register
of travel restrictions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TravelRestriction(models.Model):
    """A court's or authority's ban on travelling abroad (the travel law's list in the
    Webes Ügysegéd description of passport acceleration). A person under one that is
    in force gets no passport: the passport authority refuses the application."""

    class Kind(models.TextChoices):
        PRE_TRIAL_ARREST = "pre_trial_arrest", _("pre-trial detention")
        EXTRADITION_ARREST = "extradition_arrest", _("extradition arrest")
        TEMPORARY_EXTRADITION_ARREST = (
            "temporary_extradition_arrest",
            _("temporary extradition arrest"),
        )
        SURRENDER_ARREST = "surrender_arrest", _("surrender arrest")
        TEMPORARY_SURRENDER_ARREST = "temporary_surrender_arrest", _("temporary surrender arrest")
        TEMPORARY_ENFORCEMENT_ARREST = (
            "temporary_enforcement_arrest",
            _("temporary enforcement arrest"),
        )
        TEMPORARY_FORCED_TREATMENT = (
            "temporary_forced_treatment",
            _("temporary forced medical treatment"),
        )
        RESIDENCE_BAN = "residence_ban", _("ban on leaving the place of residence")
        HOUSE_ARREST = "house_arrest", _("house arrest")
        PRISON_SENTENCE = "prison_sentence", _("prison sentence to be served")
        FORCED_TREATMENT = "forced_treatment", _("forced medical treatment ordered by a court")
        REFORMATORY = "reformatory", _("reformatory education ordered by a court")
        EU_BAN = (
            "eu_ban",
            _(
                "ban on leaving Hungary under EU criminal cooperation, with the travel document "
                "to be handed over"
            ),
        )

    person = models.ForeignKey(
        "population.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="travel_restrictions",
    )
    kind = models.CharField(_("restriction"), max_length=40, choices=Kind.choices)
    # From the order (or the judgement becoming final) ...
    starts_on = models.DateField(_("in force from"))
    # ... to its last day; None: until lifted.
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    ordered_by = models.CharField(_("ordered by"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("travel restriction")
        verbose_name_plural = _("travel restrictions")
        indexes = [models.Index(fields=["person", "starts_on"])]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @classmethod
    def in_force(cls, person, day: date):
        return cls.objects.filter(person=person, starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day)
        )


class Speed(models.TextChoices):
    STANDARD = "standard", _("standard procedure")
    EXPRESS = "express", _("express: issued within 7 days")
    URGENT = "urgent", _("urgent: issued within 3 days")


class Delivery(models.TextChoices):
    DISTRICT_OFFICE = "district_office", _("collect in person at a district office")
    CENTRAL_OFFICE = (
        "central_office",
        _("collect in person at the Central Document Office (1133 Budapest, Visegrádi u. 110.)"),
    )
    PASSPORT_AUTHORITY = (
        "passport_authority",
        _("collect in person at the general passport authority"),
    )
    POST = "post", _("by registered post to an address in Hungary")
    CONSULATE = "consulate", _("collect at a Hungarian consulate abroad")
    CONSULATE_POST = "consulate_post", _("by post abroad, through a Hungarian consulate")

    @classmethod
    def abroad(cls) -> frozenset[str]:
        return frozenset({cls.CONSULATE, cls.CONSULATE_POST})


class LossReason(models.TextChoices):
    LOST = "lost", _("lost")
    STOLEN = "stolen", _("stolen")
    DESTROYED = "destroyed", _("destroyed")


class DeliveryDetail(models.Model):
    """What every passport request says about how fast and where the passport goes."""

    speed = models.CharField(_("procedure"), max_length=20, choices=Speed.choices)
    delivery = models.CharField(_("delivery"), max_length=30, choices=Delivery.choices)
    office = models.ForeignKey(
        "appointments.Office",
        verbose_name=_("district office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    settlement = models.CharField(_("settlement"), max_length=100, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    consulate = models.CharField(_("consulate"), max_length=40, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    foreign_address = models.TextField(_("postal address abroad"), blank=True)
    # The consulate's fee, paid abroad in euros, not to the portal; None: delivered in Hungary.
    consular_fee_eur = models.PositiveSmallIntegerField(
        _("consular fee (EUR)"), null=True, blank=True
    )
    notify_sms = models.BooleanField(_("SMS when posted"), default=False)
    notify_email = models.BooleanField(_("e-mail when posted"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.case)


class Replacement(DeliveryDetail):
    """The detail of a `passports.replacement` case."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="passports_replacement"
    )
    lost_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("passport replaced"),
        on_delete=models.PROTECT,
        related_name="passport_replacements",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=LossReason.choices)
    reported_before = models.BooleanField(_("loss reported before"), default=False)
    duty_kind = models.CharField(_("duty table line"), max_length=20)
    age_at_application = models.PositiveSmallIntegerField(
        _("age when the lost one was applied for")
    )
    production_order = models.OneToOneField(
        "documents.ProductionOrder",
        verbose_name=_("production order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="passport_replacement",
    )
    new_document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("new passport"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_as_replacement",
    )

    class Meta:
        verbose_name = _("passport replacement")
        verbose_name_plural = _("passport replacements")


class SecondPassport(DeliveryDetail):
    """The detail of a `passports.second_passport` case."""

    class Reason(models.TextChoices):
        WORK = (
            "work",
            _("my work involves regular travel abroad (not entitled to an official passport)"),
        )
        EQUITABLE = (
            "equitable",
            _(
                "an entry in my passport could stop my entry into the destination country or "
                "cause me other legal disadvantage"
            ),
        )

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="passports_second_passport"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    # The private passport it goes with, or the private passport procedure under way.
    base_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("base passport"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_passport_requests",
    )
    base_order = models.ForeignKey(
        "documents.ProductionOrder",
        verbose_name=_("base passport procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_passport_requests",
    )
    lost_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("second passport replaced"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_passport_replacements",
    )
    lost_reason = models.CharField(
        _("what happened to it"), max_length=20, choices=LossReason.choices, blank=True
    )
    age = models.PositiveSmallIntegerField(_("age at the request"))
    # The clerk's check of the employer's certificate or the declaration.
    attachment_checked_at = models.DateTimeField(_("attachment checked at"), null=True, blank=True)
    attachment_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attachment checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    production_order = models.OneToOneField(
        "documents.ProductionOrder",
        verbose_name=_("production order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_passport",
    )
    new_document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("new passport"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_as_second_passport",
    )

    class Meta:
        verbose_name = _("second passport request")
        verbose_name_plural = _("second passport requests")

    @property
    def equitable(self) -> bool:
        return self.reason == self.Reason.EQUITABLE


class Acceleration(DeliveryDetail):
    """The detail of a `passports.acceleration` case."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="passports_acceleration"
    )
    production_order = models.ForeignKey(
        "documents.ProductionOrder",
        verbose_name=_("passport application"),
        on_delete=models.PROTECT,
        related_name="accelerations",
    )
    duty_kind = models.CharField(_("duty table line"), max_length=20)
    applied_at = models.DateTimeField(_("accelerated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("passport acceleration")
        verbose_name_plural = _("passport accelerations")
