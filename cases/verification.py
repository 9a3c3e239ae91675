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

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.events import describe

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from cases.models import IssuedDocument

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 15
LENGTH = RANDOM_LENGTH + 1
# The path printed on every PDF; the public check page must be served here,
# under the URL name `documents:verify` (see docs/adr/0013-issued-documents.md).
VERIFY_PATH = "/verify/{code}/"
VERIFY_URL_NAME = "documents:verify"

describe(
    "document.revoked",
    _("Issued document revoked"),
    _("A document issued in this case was revoked; its verification page says so."),
)

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


def revoke(document: IssuedDocument, *, reason: str, by: AbstractBaseUser | None) -> bool:
    """Revoke an issued document: from now on its verification page (and so its QR
    code and every link to it) says it is revoked, with the date. The stored file is
    kept unchanged. Returns False, changing nothing, when it was revoked already (the
    first revocation's reason and date stay)."""
    from cases.actions import record_event
    from cases.models import IssuedDocument

    reason = reason.strip()
    if not reason:
        raise ValueError("a revocation needs a reason")
    with transaction.atomic():
        updated = IssuedDocument.objects.filter(pk=document.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revocation_reason=reason, revoked_by=by
        )
        document.refresh_from_db(fields=["revoked_at", "revocation_reason", "revoked_by"])
        if updated:
            record_event(document.case, "document.revoked", by=by, note=document.kind)
    return bool(updated)


@dataclass(frozen=True)
class Verdict:
    """The public page's answer about one issued document.

    authentic: the portal issued a document with this code; unchanged: the stored file
    still has the SHA-256 recorded at issue (a file that no longer matches is reported,
    never served); valid: not revoked, not past `valid_until`, and the register document
    it certifies (if any) is still valid."""

    document: IssuedDocument
    unchanged: bool
    revoked: bool
    expired: bool
    register_document_invalid: bool

    @property
    def valid(self) -> bool:
        return (
            self.unchanged
            and not self.revoked
            and not self.expired
            and not self.register_document_invalid
        )


def stored_digest(document: IssuedDocument) -> str | None:
    """SHA-256 of the stored file as it is now, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with document.file.open("rb") as stored:
            for chunk in iter(lambda: stored.read(1 << 16), b""):
                digest.update(chunk)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def verdict(document: IssuedDocument, today: date | None = None) -> Verdict:
    today = today or timezone.localdate()
    register = document.register_document
    return Verdict(
        document=document,
        unchanged=stored_digest(document) == document.sha256,
        revoked=document.revoked_at is not None,
        expired=document.valid_until is not None and document.valid_until < today,
        register_document_invalid=register is not None and not register.is_valid(today),
    )


def find(typed: str) -> IssuedDocument | None:
    """The issued document of a typed or scanned code, or None (malformed or unknown)."""
    from cases.models import IssuedDocument

    code = normalize(typed)
    if code is None:
        return None
    return (
        IssuedDocument.objects.select_related("case", "register_document")
        .filter(verification_code=code)
        .first()
    )
