"""The log of anonymous checks: written by the checks, read by the holder."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Count, Max

from document_checks.models import AnonymousCheck

# How many times a holder's page lists one by one; the count covers all.
SHOWN_TIMES = 20


def record(kind: str, **subject) -> None:
    """One anonymous check of `subject` (document=, production_order= or issued_document=).

    Called only in an anonymous check's own request, whose transaction writes nothing
    else: on PostgreSQL that transaction commits without waiting for the disk
    (`synchronous_commit = off`, ADR 0032). A crash can lose the last fraction of a
    second of this log, never anything a citizen filed; waiting for the flush was most
    of a validity check's time.
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    AnonymousCheck.objects.create(kind=kind, **subject)


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
