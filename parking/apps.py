from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParkingConfig(AppConfig):
    name = "parking"
    verbose_name = _("Parking cards for people with disabilities")
