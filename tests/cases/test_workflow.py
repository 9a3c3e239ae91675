from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from cases import deadlines
from cases.actions import create_case, submit_case
from cases.models import Case, CaseEvent
from cases.workflow import (
    CITIZEN_STATUS_TEXT,
    TRANSITIONS,
    Status,
    TransitionNotAllowed,
    citizen_status_text,
    transition,
)

ALL_MOVES = [(a, b) for a in Status for b in Status]


def _case_in(status: Status, citizen) -> Case:
    case = create_case("testing.sample", applicant=citizen)
    # Arrange the starting state directly: only the move under test goes
    # through the workflow.
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "target"), ALL_MOVES)
def test_every_move_is_allowed_exactly_when_the_table_says(
    start, target, citizen, sample_case_type
):
    case = _case_in(start, citizen)
    before = CaseEvent.objects.filter(case=case).count()
    if target in TRANSITIONS[start]:
        event = transition(case, target, by=citizen, note="n")
        case.refresh_from_db()
        assert case.status == target
        assert (event.from_status, event.to_status, event.kind) == (start, target, f"case.{target}")
        assert CaseEvent.objects.filter(case=case).count() == before + 1
    else:
        with pytest.raises(TransitionNotAllowed):
            transition(case, target, by=citizen)
        case.refresh_from_db()
        assert case.status == start
        assert CaseEvent.objects.filter(case=case).count() == before


def test_final_statuses_have_no_way_out():
    for status in Status.final():
        assert TRANSITIONS[status] == frozenset()


def test_every_status_has_citizen_text_in_both_languages():
    from django.utils import translation

    assert set(CITIZEN_STATUS_TEXT) == set(Status)
    for status in Status:
        with translation.override("hu"):
            hungarian = citizen_status_text(status)
        with translation.override("en"):
            english = citizen_status_text(status)
        assert hungarian and english
        assert hungarian != english, status
        assert hungarian != status.value


@pytest.mark.django_db
def test_submission_sets_receipt_day_and_statutory_deadline(
    citizen, sample_case_type, django_capture_on_commit_callbacks
):
    case = create_case("testing.sample", applicant=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        submit_case(case, by=citizen)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.received_on is not None
    assert case.deadline == deadlines.due_date(case.received_on, 8)
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == [citizen.email]


@pytest.mark.django_db
def test_no_mail_leaves_before_the_transaction_commits(
    citizen, sample_case_type, django_capture_on_commit_callbacks
):
    case = create_case("testing.sample", applicant=citizen)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_case(case, by=citizen)
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_deficiency_notice_suspends_the_clock_and_resubmission_resumes_it(
    citizen, clerk, sample_case_type, time_machine_today
):
    case = create_case("testing.sample", applicant=citizen)
    time_machine_today(date(2025, 4, 14))
    submit_case(case, by=citizen)
    assert case.deadline == date(2025, 4, 22)

    time_machine_today(date(2025, 4, 16))
    transition(case, Status.DEFICIENCY_REQUESTED, by=clerk, note="Missing contract page")
    assert case.suspended_since == date(2025, 4, 16)
    assert not Case.objects.overdue(today=date(2025, 5, 30)).filter(pk=case.pk).exists()

    time_machine_today(date(2025, 4, 23))  # seven days later the citizen answers
    transition(case, Status.IN_PROGRESS, by=clerk)
    assert case.suspended_since is None
    assert case.suspended_days == 7
    assert case.deadline == deadlines.due_date(date(2025, 4, 14), 15)  # Tue 2025-04-29


@pytest.mark.django_db
def test_decision_and_closing_dates(citizen, clerk, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    transition(case, Status.DECIDED_APPROVED, by=clerk)
    assert case.decided_on is not None
    transition(case, Status.CLOSED, by=clerk)
    assert case.closed_at is not None


@pytest.mark.django_db
def test_immediate_types_apply_their_effect_and_close(citizen):
    from cases import registry
    from cases.registry import CaseType

    applied = []
    registry.register(
        CaseType(
            slug="testing.immediate",
            label="Immediate",
            immediate=True,
            on_submit=lambda case: applied.append(case.reference),
        )
    )
    try:
        case = create_case("testing.immediate", applicant=citizen)
        submit_case(case, by=citizen)
    finally:
        registry.unregister("testing.immediate")
    case.refresh_from_db()
    assert applied == [case.reference]
    assert case.status == Status.CLOSED
    assert list(case.events.values_list("kind", flat=True)) == [
        "case.created",
        "case.submitted",
        "case.closed",
    ]


@pytest.mark.django_db
def test_a_failing_effect_rolls_back_the_submission(citizen):
    from cases import registry
    from cases.registry import CaseType

    def broken(case):
        raise RuntimeError("register unavailable")

    registry.register(CaseType(slug="testing.broken", label="Broken", on_submit=broken))
    try:
        case = create_case("testing.broken", applicant=citizen)
        with pytest.raises(RuntimeError):
            submit_case(case, by=citizen)
    finally:
        registry.unregister("testing.broken")
    case.refresh_from_db()
    assert case.status == Status.DRAFT
    assert list(case.events.values_list("kind", flat=True)) == ["case.created"]
