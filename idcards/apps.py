from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdcardsConfig(AppConfig):
    """The ID card services: reporting a lost, stolen or destroyed card, the combined
    report and replacement, and the expiry reminders of ID cards and passports."""

    name = "idcards"
    verbose_name = _("ID cards")

    def ready(self) -> None:
        from idcards.views import reminders_section
        from identity.profile import Section, register_section

        # The refusal of the expiry reminders, on the citizen's profile page.
        register_section(
            Section(
                key="document-reminders",
                template="idcards/profile_reminders.html",
                context=reminders_section,
                order=20,
            )
        )
