from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdcardsConfig(AppConfig):
    """The ID card services: reporting a lost, stolen or destroyed card, the combined
    report and replacement, and the expiry reminders of ID cards and passports."""

    name = "idcards"
    verbose_name = _("ID cards")
