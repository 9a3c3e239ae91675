from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EszemelyiConfig(AppConfig):
    """Chip ID card (eSzemélyi) services: operations on the citizen's card through the
    card bridge on their computer, each one bound to a portal nonce and verified by the
    card's own signature before anything is recorded."""

    name = "eszemelyi"
    verbose_name = _("Chip ID card")
