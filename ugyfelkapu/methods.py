"""The login methods of the identity provider and their SAML authentication contexts.

The two Ügyfélkapu+ URNs are the ones KAÜ uses (its published SAML interface description);
the URNs of phone identification and the chip ID card were not found publicly, so
these two are our own until the KAÜ interface description names them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

AUTHN_METHODS = ("totp", "email", "phone", "card")

METHOD_URNS: dict[str, str] = {
    "totp": "urn:eksz.gov.hu:1.0:azonositas:kau:2:uk:totp",
    "email": "urn:eksz.gov.hu:1.0:azonositas:kau:2:uk:email",
    "phone": "urn:ugysegeg:azonositas:telefonos",
    "card": "urn:ugysegeg:azonositas:eszemelyi",
}

METHOD_LABELS: dict[str, Promise] = {
    "totp": _("Ügyfélkapu+ with an authenticator app"),
    "email": _("Ügyfélkapu+ with a code sent by e-mail"),
    "phone": _("Phone identification"),
    "card": _("Chip ID card (eSzemélyi)"),
}

METHOD_DESCRIPTIONS: dict[str, Promise] = {
    "totp": _(
        "Username and password, then the 6-digit code your authenticator app shows "
        "(Google Authenticator, Microsoft Authenticator or similar)."
    ),
    "email": _("Username and password, then a 6-digit code we send to your e-mail address."),
    "phone": _(
        "Your phone number and secret phone code, then a code we send to your phone in a "
        "text message. Phone identification is registered at a government office."
    ),
    "card": _("Your chip ID card in a card reader and its PIN."),
}


def method_for_urn(urn: str) -> str | None:
    """The login method an authentication context class asks for, or None if unknown."""
    for method, known in METHOD_URNS.items():
        if known == urn:
            return method
    return None
