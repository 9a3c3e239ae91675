from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Mobile app API")

    def ready(self) -> None:
        from api import devices
        from identity.profile import Section, register_section

        register_section(
            Section(
                key="devices",
                template="api/profile_devices.html",
                context=devices.profile_context,
                order=50,
            )
        )
