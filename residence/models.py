"""The details of the two residence-abroad services.

Both write the foreign address into the personal data and address register
(`population.Address`, kind "foreign") when the clerk registers the report.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ForeignAddress(models.Model):
    """The foreign address as reported: country, settlement, address, postal code and,
    where the country has them, the province."""

    country = models.CharField(_("country"), max_length=2)
    province = models.CharField(_("province"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12)
    settlement = models.CharField(_("settlement"), max_length=100)
    street_address = models.CharField(_("street address"), max_length=200)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def address_line(self) -> str:
        from django_countries import countries

        parts = [f"{self.postal_code} {self.settlement}", self.street_address]
        if self.province:
            parts.append(self.province)
        parts.append(str(countries.name(self.country)))
        return ", ".join(parts)


class Settlement(ForeignAddress):
    """The detail of a `residence.settle_abroad` case."""

    class CardDelivery(models.TextChoices):
        OFFICE = "office", _("collect it at a district office")
        POST = "post", _("by post to my foreign address")
        CONSULATE = "consulate", _("collect it at a consulate")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="residence_settlement"
    )
    legal_title = models.CharField(_("legal title of registration"), max_length=20)
    card_delivery = models.CharField(
        _("new address card"), max_length=10, choices=CardDelivery.choices, blank=True
    )
    consulate = models.CharField(_("consulate"), max_length=200, blank=True)
    id_card_to_hand_in = models.BooleanField(_("ID card to be handed in"), default=False)

    class Meta:
        verbose_name = _("report of settling abroad")
        verbose_name_plural = _("reports of settling abroad")

    def __str__(self) -> str:
        return self.case.reference


class ForeignAddressChange(ForeignAddress):
    """The detail of a `residence.foreign_address_change` case (filed without login)."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="residence_foreign_address_change"
    )
    person = models.ForeignKey(
        "population.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="foreign_address_changes",
    )
    citizenship_document = models.CharField(
        _("number of the citizenship certificate or document"), max_length=30
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=5, default="hu")
    first_report = models.BooleanField(_("first foreign address"), default=False)

    class Meta:
        verbose_name = _("foreign address change")
        verbose_name_plural = _("foreign address changes")

    def __str__(self) -> str:
        return self.case.reference
