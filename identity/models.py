"""The portal's users: citizens (who log in through the identity provider) and clerks."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A citizen or a clerk.

    Citizens are linked to their record in the population register; clerks are
    staff members attached to an office and log in to the admin with TOTP.
    """

    person = models.OneToOneField(
        "population.Person",
        verbose_name=_("person in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )
    office = models.ForeignKey(
        "appointments.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clerks",
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        default="hu",
        choices=[("hu", "Magyar"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_clerk(self) -> bool:
        return self.is_staff and self.is_active
