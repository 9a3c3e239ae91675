"""Behaviour that only PostgreSQL can prove: row locks under real concurrency."""

from __future__ import annotations

import threading

import pytest

from cases.actions import create_case
from cases.models import Case
from cases.workflow import Status, TransitionNotAllowed, transition
from tests.concurrency import in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgres"),
]


def test_concurrent_case_creation_never_repeats_a_reference(citizen, sample_case_type):
    results, errors = in_threads(
        16, lambda: [create_case("testing.sample", applicant=citizen).reference for _ in range(5)]
    )
    assert errors == []
    references = [ref for batch in results for ref in batch]
    assert len(references) == 80
    assert len(set(references)) == 80
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in references)
    assert numbers == list(range(1, 81))  # sequential, no gaps, no repeats


def test_two_clerks_deciding_at_once_cannot_both_win(citizen, clerk, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    transition(case, Status.SUBMITTED, by=citizen)
    targets = iter([Status.DECIDED_APPROVED, Status.DECIDED_REFUSED] * 4)
    lock = threading.Lock()

    def decide():
        with lock:
            target = next(targets)
        try:
            transition(Case.objects.get(pk=case.pk), target, by=clerk)
            return target
        except TransitionNotAllowed:
            return None

    results, errors = in_threads(8, decide)
    assert errors == []
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    case.refresh_from_db()
    assert case.status == winners[0]
    assert (
        case.events.filter(to_status__in=[Status.DECIDED_APPROVED, Status.DECIDED_REFUSED]).count()
        == 1
    )
