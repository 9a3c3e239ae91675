from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriminalRecordsConfig(AppConfig):
    name = "criminal_records"
    verbose_name = _("Criminal records")
