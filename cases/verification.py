"""Verification codes of issued documents, and the public URL that checks them.

A code is 15 random Crockford base32 characters (75 bits: not guessable by
trying, even at millions of tries a second) plus one check character, printed
in four groups of four: `7KQ2-M9XD-4HTA-0ZRC`. Crockford's alphabet leaves out
I, L, O and U, so a code read aloud or typed from paper is not mistaken;
`normalize` reads the look-alikes (i, l → 1, o → 0) and ignores case, spaces
and hyphens. The check character (Luhn mod 32) catches every single mistyped
character, and every swap of two neighbours but 0 and Z, before a lookup is made.

The public page at `verification_url` belongs to the anonymous checks; the
path is fixed here so that the URL printed on every PDF stays valid.
"""

from __future__ import annotations

import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 15
LENGTH = RANDOM_LENGTH + 1
# The path printed on every PDF; the public check page must be served here,
# under the URL name `documents:verify` (see docs/adr/0013-issued-documents.md).
VERIFY_PATH = "/verify/{code}/"
VERIFY_URL_NAME = "documents:verify"

_LOOK_ALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def _check_character(body: str) -> str:
    # Luhn mod N (N = 32): doubling every second character from the right, as
    # for card numbers, so that a swap of two neighbours changes the sum.
    total = 0
    for position, char in enumerate(reversed(body)):
        value = ALPHABET.index(char)
        if position % 2 == 0:
            value *= 2
            value = value // 32 + value % 32
        total += value
    return ALPHABET[(32 - total % 32) % 32]


def new_code() -> str:
    """A fresh code, without hyphens (as stored)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _check_character(body)


def normalize(typed: str) -> str | None:
    """The stored form of a code as a person typed it, or None when it cannot be one."""
    code = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    if _check_character(code[:-1]) != code[-1]:
        return None
    return code


def grouped(code: str) -> str:
    """The printed form: four groups of four, joined by hyphens."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(code: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + VERIFY_PATH.format(code=grouped(code))
