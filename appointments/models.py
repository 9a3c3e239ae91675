"""Offices where clerks work and citizens appear in person."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
