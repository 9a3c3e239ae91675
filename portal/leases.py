"""Leases that die with the process holding them: PostgreSQL session advisory locks.

A worker rendering a PDF or talking to the SMTP server holds the lease of that piece
of work. When the worker is SIGKILLed (OOM killer, a node lost), its database
connection closes and PostgreSQL releases the lease at once, so the redelivery jobs
can tell "still being done by a live worker" (leave it: a long PDF is never rendered
twice) from "its worker is gone" (hand it out again now, not after a timeout).

Session locks, not transaction locks: the work outlives any one transaction, and a
transaction held open for two minutes of rendering would pin the rows it touched.
On any other database (SQLite in the embedded mode, one worker) there is nobody to
share with: `hold` always gets the lease.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection


def _key(name: str) -> int:
    # PostgreSQL's advisory locks take one signed 64-bit key.
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def supported() -> bool:
    """Whether leases die with their holder here (PostgreSQL), so that a free one
    means its worker is gone."""
    return connection.vendor == "postgresql"


@contextmanager
def hold(name: str) -> Iterator[bool]:
    """Hold the lease `name` for the block if nobody else holds it: yields True when
    this process has it, False when another process does (the block should then leave
    the work to that one)."""
    if not supported():
        yield True
        return
    key = _key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        mine = bool(cursor.fetchone()[0])
    try:
        yield mine
    finally:
        if mine:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                # The connection went away (a PostgreSQL restart): so did the lock.
                pass
