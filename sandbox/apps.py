from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxConfig(AppConfig):
    """Stand-ins for systems the state runs elsewhere. Installed only when
    PORTAL_SANDBOX is on, which production settings refuse."""

    name = "sandbox"
    verbose_name = _("Sandbox")
