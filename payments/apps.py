from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # Registered here, once, rather than as a side effect of importing a module:
        # which providers exist does not depend on which module happened to be loaded.
        from payments import providers
        from payments.bank_transfer import BankTransferProvider
        from payments.providers.simplepay import SimplePayProvider

        providers.register(SimplePayProvider())
        providers.register(BankTransferProvider())
        # A receipt is no case type's document: its name in the reader's language
        # comes from here (cases.documents.title_in_active_language).
        from cases.documents import register_title_rule
        from payments.receipts import receipt_title

        register_title_rule(receipt_title)
