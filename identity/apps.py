from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = _("Identity")

    def ready(self) -> None:
        # The built-in identity provider learns about this service provider from the
        # file written here, as it learns about any other.
        from identity.saml import publish_sp_metadata

        publish_sp_metadata()
