from __future__ import annotations

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    name = "passports"
    verbose_name = _("Passports")

    def ready(self) -> None:
        # The passport expiry reminders are the ID card services' job; the six-month
        # e-mail links to the right request (`passports.reminders`).
        if apps.is_installed("idcards"):
            from idcards.tasks import register_context
            from passports.reminders import PASSPORT_KINDS, reminder_context

            register_context(PASSPORT_KINDS, reminder_context)
