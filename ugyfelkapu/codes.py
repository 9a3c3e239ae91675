"""One-time codes of the identity provider: made, printed, issued, checked and used.

The states of a code (used, expired, too many attempts) on the public pages are shown
only once the code itself is right, so they never tell whether a username exists.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import F
from django.utils import timezone

from ugyfelkapu.models import Account, OneTimeCode

MAX_CODE_ATTEMPTS = 5

# No 0/O or 1/I: codes are read from paper and phone screens.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_code(value: str) -> str:
    """Drop the spaces and hyphens people type in codes, and upper-case them."""
    return _CODE_SEPARATORS.sub("", str(value)).upper()


def group_code(code: str) -> str:
    """ "ABCDEFGHJKLM" -> "ABCD-EFGH-JKLM", as codes are printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def letter_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))


def digit_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def issue_code(account: Account, purpose: str, secret: str, validity: timedelta) -> OneTimeCode:
    now = timezone.now()
    # Only the newest code counts: retire the ones issued before.
    account.codes.filter(purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    return OneTimeCode.objects.create(
        account=account,
        purpose=purpose,
        code_hash=make_password(secret),
        created_at=now,
        expires_at=now + validity,
    )


def check_code(
    account: Account, purpose: str, code: str, *, public: bool
) -> tuple[OneTimeCode | None, str | None]:
    """Find the newest code of `purpose` and tell whether `code` may be used.

    A wrong code costs an attempt; after `MAX_CODE_ATTEMPTS` the code is dead. On a
    `public` page (no password given before) the state of the code is told only when
    the code is right; after the password it is told at once, so the citizen asks for
    a new code instead of typing on.
    """
    record = (
        account.codes.select_for_update()
        .filter(purpose=purpose)
        .order_by("-created_at", "-pk")
        .first()
    )
    if record is None:
        check_password(code, "")  # the same hashing work as a real check
        return None, "wrong_code"
    if not public and record.attempts >= MAX_CODE_ATTEMPTS:
        return record, "too_many_attempts"
    if not check_password(normalise_code(code), record.code_hash):
        OneTimeCode.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
        return record, "wrong_code"
    if record.used_at is not None:
        return record, "used_code"
    if record.attempts >= MAX_CODE_ATTEMPTS:
        return record, "too_many_attempts"
    if record.expires_at <= timezone.now():
        return record, "expired_code"
    return record, None


def use_code(record: OneTimeCode) -> bool:
    """Mark the code used; False if a parallel request used it first."""
    return bool(
        OneTimeCode.objects.filter(pk=record.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
    )
