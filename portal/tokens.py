"""Opaque tokens for links sent by e-mail.

A link's address lands in access logs, browser histories, mail filters' logs and
Referer headers, so what a link carries must tell nothing to whoever reads it.
`seal` encrypts a small JSON value with Fernet (AES-128-CBC and HMAC-SHA256; only
the time it was made stays readable) under a key derived from SECRET_KEY for one
purpose only: a token made for one kind of link is refused by every other, and
nobody without the key can read it, make one or change it. Older keys in
SECRET_KEY_FALLBACKS still open tokens, so a key rotation does not break links
already sent.

Single use and "still applies" are the caller's checks (a token names the state
it expects, for example the address it replaces).
"""

from __future__ import annotations

import base64
import json
import time
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac


class TokenInvalid(Exception):
    """Not a token of this purpose: damaged, forged, or made for another kind of link."""


class TokenExpired(Exception):
    """A genuine token, older than it may be."""


def _fernet(purpose: str) -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(
                        f"portal.tokens.{purpose}", "fernet", secret=key, algorithm="sha256"
                    ).digest()
                )
            )
            for key in keys
        ]
    )


def seal(value: Any, *, purpose: str) -> str:
    """`value` (anything JSON can hold) as an opaque, URL-safe token."""
    data = json.dumps(value, separators=(",", ":")).encode()
    return _fernet(purpose).encrypt(data).decode().rstrip("=")


def unseal(token: str, *, purpose: str, max_age: timedelta) -> Any:
    """The value `seal` was given, if `token` is genuine, of this purpose and not too old."""
    fernet = _fernet(purpose)
    try:
        raw = token.encode("ascii") + b"=" * (-len(token) % 4)
        data = fernet.decrypt(raw)
        made_at = fernet.extract_timestamp(raw)
    except (InvalidToken, UnicodeEncodeError, ValueError):
        raise TokenInvalid from None
    if time.time() - made_at > max_age.total_seconds():
        raise TokenExpired
    return json.loads(data)
