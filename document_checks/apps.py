from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentChecksConfig(AppConfig):
    name = "document_checks"
    verbose_name = _("Anonymous document checks")
