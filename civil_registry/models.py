"""The electronic civil registry (elektronikus anyakönyv) of births and marriages,
and the detail of an extract request.

The electronic registry started on 1 July 2014. Events before that day were kept in
paper registers, settlement by settlement, and are entered into the electronic one
only as the law sets out: when an extract of the event was requested since then by
other than electronic means, when the person married since then, or when their birth
data changed since then (the Webes Ügysegéd service description). A row here with
no `entered_on` is an event known only from a paper register.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ELECTRONIC_REGISTRY_START = date(2014, 7, 1)


class CivilEventQuerySet(models.QuerySet):
    def of_person(self, person) -> CivilEventQuerySet:
        """The births and marriages in which `person` is the subject or a spouse."""
        return self.filter(Q(person=person) | Q(spouse=person))


class CivilEvent(models.Model):
    class Kind(models.TextChoices):
        BIRTH = "birth", _("birth")
        MARRIAGE = "marriage", _("marriage")

    class EntryGround(models.TextChoices):
        RECORDED = "recorded", _("recorded electronically when it happened")
        EXTRACT_REQUESTED = (
            "extract_requested",
            _("an extract was requested by other than electronic means since 1 July 2014"),
        )
        MARRIED = "married", _("the person married since 1 July 2014")
        DATA_CHANGED = "data_changed", _("the birth data changed since 1 July 2014")

    kind = models.CharField(_("kind of event"), max_length=10, choices=Kind.choices)
    registry_number = models.CharField(_("registry number"), max_length=30, unique=True)
    person = models.ForeignKey(
        "population.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="civil_events",
        help_text=_("The person born, or one of the spouses."),
    )
    spouse = models.ForeignKey(
        "population.Person",
        verbose_name=_("spouse"),
        on_delete=models.PROTECT,
        related_name="civil_events_as_spouse",
        null=True,
        blank=True,
    )
    spouse_name = models.CharField(
        _("spouse's name"),
        max_length=200,
        blank=True,
        help_text=_("For a spouse who is not in the population register."),
    )
    occurred_on = models.DateField(_("date of the event"))
    place = models.CharField(_("place of the event"), max_length=100)
    entered_on = models.DateField(
        _("entered into the electronic registry on"),
        null=True,
        blank=True,
        help_text=_("Empty: the event is kept only in a paper register."),
    )
    entry_ground = models.CharField(
        _("ground of the electronic entry"), max_length=20, choices=EntryGround.choices, blank=True
    )

    objects = CivilEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("civil registry event")
        verbose_name_plural = _("civil registry events")
        ordering = ["person", "kind", "occurred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.registry_number}"

    @property
    def is_electronic(self) -> bool:
        return self.entered_on is not None

    def clean(self) -> None:
        recent = self.occurred_on and self.occurred_on >= ELECTRONIC_REGISTRY_START
        if recent and self.entered_on is None:
            raise ValidationError(
                {"entered_on": _("Events since 1 July 2014 are in the electronic registry.")}
            )
        if self.entered_on and not self.entry_ground:
            raise ValidationError({"entry_ground": _("Say why the event is in the registry.")})
        if self.kind == self.Kind.MARRIAGE and not (self.spouse_id or self.spouse_name):
            raise ValidationError({"spouse_name": _("A marriage has two spouses.")})

    def spouse_of(self, person) -> str:
        """The other spouse's name, seen from `person`."""
        if self.spouse_id and self.spouse_id != person.pk:
            return self.spouse.full_name
        if self.spouse_id == person.pk:
            return self.person.full_name
        return self.spouse_name


class Purpose(models.TextChoices):
    OFFICIAL_PROCEDURE = "official_procedure", _("for an official procedure in Hungary")
    USE_ABROAD = "use_abroad", _("for use abroad")
    MARRIAGE = "marriage", _("to marry or to register a partnership")
    CITIZENSHIP = "citizenship", _("for a citizenship procedure")
    OTHER = "other", _("other reason")


class ExtractRequest(models.Model):
    """The detail of a `civil_registry.extract` case."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="civil_registry_extract"
    )
    event = models.ForeignKey(
        CivilEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="extracts"
    )
    purpose = models.CharField(_("reason (legal basis)"), max_length=30, choices=Purpose.choices)
    purpose_detail = models.CharField(_("the procedure or use"), max_length=300)
    postal_code = models.CharField(_("postal code"), max_length=10)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("civil registry extract request")
        verbose_name_plural = _("civil registry extract requests")

    def __str__(self) -> str:
        return self.case.reference

    @property
    def other_spouse(self) -> str:
        """In a marriage extract: the applicant's spouse."""
        return self.event.spouse_of(self.case.applicant.person)

    @property
    def postal_address(self) -> str:
        return f"{self.postal_code} {self.settlement}, {self.street_address}"
