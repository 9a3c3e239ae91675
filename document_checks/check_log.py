"""The log of anonymous checks: written by the checks, read by the holder."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from document_checks.models import AnonymousCheck

# How many times a holder's page lists one by one; the count covers all.
SHOWN_TIMES = 20


def record(kind: str, **subject) -> None:
    """One anonymous check of `subject` (document=, production_order= or issued_document=,
    an instance or its id), in one statement (`_insert_sql`).

    Called only in an anonymous check's own request, which writes nothing else: on
    PostgreSQL the transaction this row is written in commits without waiting for the
    disk (`synchronous_commit = off` set for that transaction only, ADR 0032), whether
    it is the request's (ATOMIC_REQUESTS) or the statement's own (a view that is not
    atomic). A crash can lose the last fraction of a second of this log, never anything
    a citizen filed; waiting for the flush was most of a validity check's time.
    """
    ((field_name, value),) = subject.items()
    checked_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(field_name), [kind, checked_at, getattr(value, "pk", value)])


@cache
def _insert_sql(field_name: str) -> str:
    """The INSERT of one check of `field_name`. The ORM's `create` built the statement
    and a model instance on every check, more than the insert itself took (ADR 0032).
    On PostgreSQL `set_config(…, true)` in the same statement makes its transaction's
    commit asynchronous: one round trip instead of a SET LOCAL and an INSERT."""
    meta = AnonymousCheck._meta
    q = connection.ops.quote_name
    columns = ", ".join(
        q(meta.get_field(name).column) for name in ("kind", "checked_at", field_name)
    )
    if connection.vendor == "postgresql":
        return (
            "WITH asynchronous AS (SELECT set_config('synchronous_commit', 'off', true)) "
            f"INSERT INTO {q(meta.db_table)} ({columns}) SELECT %s, %s, %s FROM asynchronous"
        )
    return f"INSERT INTO {q(meta.db_table)} ({columns}) VALUES (%s, %s, %s)"


@dataclass
class Checked:
    count: int = 0
    last: datetime | None = None
    times: list[datetime] = field(default_factory=list)


def summary(field_name: str, ids: list[int]) -> dict[int, Checked]:
    """Per id of `field_name` (document, production_order, issued_document): how many
    anonymous checks, the last one, and the latest SHOWN_TIMES times."""
    found: dict[int, Checked] = defaultdict(Checked)
    if not ids:
        return found
    rows = (
        AnonymousCheck.objects.filter(**{f"{field_name}__in": ids})
        .values(field_name)
        .annotate(count=Count("id"), last=Max("checked_at"))
    )
    for row in rows:
        found[row[field_name]] = Checked(row["count"], row["last"])
    for key in found:
        found[key].times = list(
            AnonymousCheck.objects.filter(**{field_name: key})
            .order_by("-checked_at")
            .values_list("checked_at", flat=True)[:SHOWN_TIMES]
        )
    return found
