from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessLogConfig(AppConfig):
    """Who looked at my data: every access by an official or a joined body to one
    citizen's register data or cases, shown to that citizen."""

    name = "access_log"
    verbose_name = _("Who looked at my data")

    def ready(self) -> None:
        from access_log.views import profile_section
        from identity.profile import Section, register_section

        # The latest looks at the citizen's data, on their profile page.
        register_section(
            Section(
                key="data-access",
                template="access_log/profile_section.html",
                context=profile_section,
                order=30,
            )
        )
