from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "population"
    verbose_name = _("Personal data and address register")
