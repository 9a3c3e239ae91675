from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilRegistryConfig(AppConfig):
    name = "civil_registry"
    verbose_name = _("Civil registry")
