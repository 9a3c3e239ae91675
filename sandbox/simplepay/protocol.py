"""The emulator's side of the SimplePay v2 wire format.

Everything signed is signed over exact bytes: the raw body of a request, a
response or an IPN, and the decoded JSON of the back redirect's `r`. Nothing
here parses and re-serializes before checking a signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import string
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

# The bank answers in Hungarian local time (`+02:00` in summer).
BANK_TIME_ZONE = ZoneInfo("Europe/Budapest")
SALT_ALPHABET = string.ascii_letters + string.digits


def sign(key: str, message: bytes) -> str:
    """base64(HMAC-SHA384(key, message)): 64 characters. The key is trimmed as
    the bank's own SDK trims it."""
    digest = hmac.new(key.strip().encode("utf-8"), message, hashlib.sha384).digest()
    return base64.b64encode(digest).decode("ascii")


def verify(key: str, message: bytes, signature: str | None) -> bool:
    if not signature:
        return False
    return hmac.compare_digest(sign(key, message).encode("ascii"), signature.strip().encode())


def compact(payload: dict) -> bytes:
    """The bank's JSON: no whitespace, `/` left unescaped, UTF-8."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def new_salt() -> str:
    return "".join(secrets.choice(SALT_ALPHABET) for _ in range(32))


def amount(value: Decimal) -> float:
    """Amounts leave as JSON numbers with a fraction: 25 becomes 25.0."""
    return float(value)


def api_time(moment: datetime) -> str:
    """ISO 8601 with a colon in the offset, as in API responses."""
    return moment.astimezone(BANK_TIME_ZONE).replace(microsecond=0).isoformat()


def ipn_time(moment: datetime) -> str:
    """ISO 8601 without the colon in the offset (`+0200`), as in the bank's IPNs."""
    return moment.astimezone(BANK_TIME_ZONE).strftime("%Y-%m-%dT%H:%M:%S%z")


def back_parameters(key: str, payload: dict) -> tuple[str, str]:
    """`r` (standard padded base64 of the compact JSON) and `s` (the signature
    over that JSON before encoding) of the redirect back to the merchant."""
    message = compact(payload)
    return base64.b64encode(message).decode("ascii"), sign(key, message)
