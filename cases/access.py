"""What a citizen may read of the spine: the one place the web pages and the API ask.

A filed case is the citizen's own case that left the draft stage (a draft discarded
before submission was never a request); an issued document is downloadable by its
case's applicant when it is marked public; the document inbox holds what was
delivered to them (cases/inbox.py). Someone else's object and an unknown one look
the same to every caller: not found.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Q, QuerySet

from cases.models import Case, IssuedDocument
from cases.workflow import Status

# The columns of one row of the citizen's case list (filed_case_page), in this order.
CASE_LIST_COLUMNS = (
    "reference",
    "case_type",
    "status",
    "created_at",
    "received_on",
    "deadline",
    "decided_on",
    "closed_at",
)


def filed_cases(user) -> QuerySet[Case]:
    return (
        Case.objects.for_applicant(user)
        .exclude(status=Status.DRAFT)
        .exclude(status=Status.TERMINATED, received_on__isnull=True)
    )


def filed_case_page(
    user,
    *,
    offset: int,
    limit: int,
    only: Iterable[str] | None = None,
    leave_out: Iterable[str] = (),
) -> tuple[int, list[tuple]]:
    """One page of `filed_cases(user)`, newest first, and the number of all of them.

    The API's case list runs on every app start and pull-to-refresh; built through the
    ORM, the query cost more than the rest of the request together (ADR 0029).
    This is the same rule as `filed_cases` in one fixed statement, with the count as a
    window over the matching rows (computed before LIMIT), so a page is one round trip;
    a test holds the two equal for every status. `only` keeps the given statuses,
    `leave_out` drops the given ones. Rows hold CASE_LIST_COLUMNS.
    """
    # Status members are str subclasses; the database drivers are handed plain strings.
    only = None if only is None else tuple(sorted(str(status) for status in only))
    leave_out = tuple(sorted(str(status) for status in leave_out))
    sql, params = _page_sql(only, leave_out)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, *params, limit, offset])
        rows = cursor.fetchall()
    if not rows:
        count = filed_cases(user).filter(_status_filter(only, leave_out)).count() if offset else 0
        return count, []
    return rows[0][-1], [
        (*row[:3], aware(row[3]), *row[4:7], aware(row[7]) if row[7] else None) for row in rows
    ]


def aware(value: datetime) -> datetime:
    """A timestamp read by a plain cursor: SQLite gives its UTC ones without a zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _status_filter(only: Iterable[str] | None, leave_out: Iterable[str]) -> Q:
    condition = Q()
    if only is not None:
        condition &= Q(status__in=list(only))
    if leave_out:
        condition &= ~Q(status__in=list(leave_out))
    return condition


def _page_sql(only: tuple[str, ...] | None, leave_out: tuple[str, ...]) -> tuple[str, list]:
    meta = Case._meta
    q = connection.ops.quote_name

    def col(name: str) -> str:
        return q(meta.get_field(name).column)

    where = [
        f"{col('applicant')} = %s",
        f"{col('status')} <> %s",
        f"NOT ({col('status')} = %s AND {col('received_on')} IS NULL)",
    ]
    params: list = [Status.DRAFT.value, Status.TERMINATED.value]
    if only is not None:
        where.append(f"{col('status')} IN ({', '.join(['%s'] * len(only))})" if only else "1 = 0")
        params.extend(only)
    if leave_out:
        where.append(f"{col('status')} NOT IN ({', '.join(['%s'] * len(leave_out))})")
        params.extend(leave_out)
    columns = ", ".join(col(name) for name in CASE_LIST_COLUMNS)
    sql = (
        f"SELECT {columns}, COUNT(*) OVER () FROM {q(meta.db_table)} "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY {col('created_at')} DESC, {col('id')} DESC LIMIT %s OFFSET %s"
    )
    return sql, params


def draft_cases(user) -> QuerySet[Case]:
    return Case.objects.for_applicant(user).filter(status=Status.DRAFT)


def issued_documents(user) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(case__applicant=user, public=True)
