from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UgyfelkapuConfig(AppConfig):
    """The Ügyfélkapu+ identity provider: citizen accounts and a SAML 2.0 IdP.

    It is the embedded default the portal logs in with; in production the
    portal can point at another IdP (the real KAÜ) by configuration alone.
    """

    name = "ugyfelkapu"
    verbose_name = _("Ügyfélkapu+ identity provider")

    def ready(self) -> None:
        # This portal's service provider reads the file written here, as it would read
        # the real KAÜ's metadata.
        from ugyfelkapu.saml import publish_idp_metadata

        publish_idp_metadata()
