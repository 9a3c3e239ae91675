"""The case list's page statement (cases.access.filed_case_page) against filed_cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases import access, registry
from cases.actions import create_case
from cases.models import Case
from cases.registry import CaseType
from cases.workflow import Status


@pytest.fixture
def case_type():
    kind = CaseType(slug="testing.access", label="Access", deadline_days=8)
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


@pytest.fixture
def every_status(case_type, citizen, other_citizen):
    """A case of the citizen in every status, received and not, and one of another."""
    start = timezone.now() - timedelta(days=100)
    for n, (status, received) in enumerate(
        (status, received) for status in Status for received in (True, False)
    ):
        case = create_case(case_type.slug, applicant=citizen)
        Case.objects.filter(pk=case.pk).update(
            status=status,
            received_on=date(2026, 1, 2) if received else None,
            created_at=start + timedelta(hours=n),
            closed_at=start if status in Status.final() else None,
        )
    create_case(case_type.slug, applicant=other_citizen)
    return citizen


def _references(queryset) -> list[str]:
    return list(queryset.order_by("-created_at", "-pk").values_list("reference", flat=True))


@pytest.mark.parametrize(
    ("only", "leave_out"),
    [
        (None, ()),
        (None, Status.final()),
        (Status.final(), ()),
        ({Status.SUBMITTED}, ()),
        ({Status.TERMINATED}, ()),
        ({Status.DRAFT}, ()),
        (set(), ()),
    ],
)
def test_the_page_holds_the_filed_cases_in_the_list_order(every_status, only, leave_out):
    expected = access.filed_cases(every_status)
    if only is not None:
        expected = expected.filter(status__in=list(only))
    if leave_out:
        expected = expected.exclude(status__in=list(leave_out))
    wanted = _references(expected)

    count, rows = access.filed_case_page(
        every_status, offset=0, limit=100, only=only, leave_out=leave_out
    )

    assert [row[0] for row in rows] == wanted
    assert count == len(wanted)


def test_a_page_has_the_row_values_and_aware_timestamps(every_status):
    count, rows = access.filed_case_page(every_status, offset=2, limit=3)

    assert count == len(_references(access.filed_cases(every_status)))
    assert len(rows) == 3
    newest = access.filed_cases(every_status).order_by("-created_at", "-pk")[2]
    assert rows[0] == tuple(getattr(newest, name) for name in access.CASE_LIST_COLUMNS)
    assert all(row[3].tzinfo is not None for row in rows)


def test_a_page_past_the_end_is_empty_and_still_counts(every_status):
    total = len(_references(access.filed_cases(every_status)))

    assert access.filed_case_page(every_status, offset=1000, limit=20) == (total, [])
    assert access.filed_case_page(every_status, offset=0, limit=20, only=set()) == (0, [])
