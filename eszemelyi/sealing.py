"""Encryption at rest and keyed hashes for the little personal data card operations carry.

Both keys are derived from the Django secret key (HKDF with a purpose label), so a
deployment needs no extra secret. Sealed parameters live at most as long as a card
operation (minutes); rotating the secret key only makes open operations fail, and
starts new pseudonyms and number hashes from then on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class Unsealable(Exception):
    """The sealed value was tampered with or sealed under another key."""


@lru_cache(maxsize=8)
def _derive(secret: str, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        secret.encode()
    )


def _key(purpose: str) -> bytes:
    return _derive(settings.SECRET_KEY, f"ugysegeg.eszemelyi.{purpose}")


def seal(value: object) -> str:
    """Encrypt and authenticate a JSON-serialisable value."""
    fernet = Fernet(base64.urlsafe_b64encode(_key("seal")))
    return fernet.encrypt(json.dumps(value, separators=(",", ":")).encode()).decode()


def unseal(token: str) -> object:
    fernet = Fernet(base64.urlsafe_b64encode(_key("seal")))
    try:
        return json.loads(fernet.decrypt(token.encode()))
    except (InvalidToken, ValueError) as exc:
        raise Unsealable from exc


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed SHA-256: phone numbers have too few digits for a plain hash to hide them."""
    return hmac.new(_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def pseudonym(user_id: object) -> str:
    return keyed_hash("pseudonym", str(user_id))
