"""The OAuth clients the portal knows. The migration `0001_okmanyapp_client` adds the
mobile app in every database; `ensure_okmanyapp` puts it back where a database was
emptied (the test suite's flushes)."""

from __future__ import annotations

OKMANYAPP = {
    "client_id": "okmanyapp",
    "name": "OkmányApp",
    "client_type": "public",
    "authorization_grant_type": "authorization-code",
    "client_secret": "",
    # The app's own scheme and the loopback address of any port (RFC 8252).
    "redirect_uris": "hu.ugyseged.okmanyapp:/oauth/callback http://127.0.0.1/callback",
    "skip_authorization": False,
    "algorithm": "",
}


def ensure_okmanyapp():
    from oauth2_provider.models import get_application_model

    values = dict(OKMANYAPP)
    application, _ = get_application_model().objects.get_or_create(
        client_id=values.pop("client_id"), defaults=values
    )
    return application
