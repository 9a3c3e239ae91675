from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The services of the personal data and address register (own data, disclosure
    bans, change notices, notification address, landlord declaration)."""

    name = "register"
    verbose_name = _("Population register services")
