from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessLogConfig(AppConfig):
    """Who looked at my data: every access by an official or a joined body to one
    citizen's register data or cases, shown to that citizen."""

    name = "access_log"
    verbose_name = _("Who looked at my data")
