"""Human reference numbers and receipt codes of cases."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

# No 0/O, 1/I/L: codes are read aloud on the phone and typed from paper.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10  # 31**10 ≈ 2**49.5 possibilities
REFERENCE_PREFIX = "UGY"


def next_reference(year: int) -> str:
    """Return the next reference number of `year`, e.g. "UGY-2026-000042".

    Must run inside the transaction that creates the case: the UPDATE takes a
    row lock on the year's counter, so concurrent callers queue behind each
    other until the first commits, and no number is handed out twice.
    """
    from cases.models import ReferenceCounter

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside a transaction")
    if not ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1):
        try:
            with transaction.atomic():  # a savepoint: a lost race only undoes this insert
                ReferenceCounter.objects.create(year=year, last=1)
        except IntegrityError:
            # Another transaction created the year's row first; count on it.
            ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.get(year=year).last
    return f"{REFERENCE_PREFIX}-{year}-{number:06d}"


def new_receipt_code() -> str:
    """A random receipt code, e.g. "K7M2Q-XW9PA", from a cryptographic source."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"
