"""The payment state graph: every pair of states, allowed or refused."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from cases.workflow import Status
from payments.models import Payment, PaymentEvent
from payments.workflow import (
    TRANSITIONS,
    DuplicateEvent,
    PaymentState,
    StateChangeRefused,
    apply_state,
    citizen_state_text,
)

P = PaymentState

# The graph, written out a second time on purpose: a change to the table must
# be a change to this test too.
EXPECTED = {
    (P.CREATED, P.STARTED),
    (P.CREATED, P.FAILED),
    *((P.STARTED, to) for to in (P.IN_PAYMENT, P.AUTHORIZED, P.SUCCEEDED)),
    *((P.STARTED, to) for to in (P.FAILED, P.CANCELLED, P.TIMED_OUT)),
    *((P.IN_PAYMENT, to) for to in (P.AUTHORIZED, P.SUCCEEDED, P.FAILED, P.CANCELLED)),
    *((P.AUTHORIZED, to) for to in (P.SUCCEEDED, P.FAILED, P.CANCELLED)),
    (P.SUCCEEDED, P.PARTIALLY_REFUNDED),
    (P.SUCCEEDED, P.REFUNDED),
    (P.PARTIALLY_REFUNDED, P.REFUNDED),
    (P.FAILED, P.SUCCEEDED),
    (P.CANCELLED, P.SUCCEEDED),
    (P.TIMED_OUT, P.SUCCEEDED),
}
PAIRS = [(a, b) for a, b in itertools.product(P, P) if a != b]


def test_every_state_has_a_row_and_a_citizen_text():
    assert set(TRANSITIONS) == set(P)
    for state in P:
        assert citizen_state_text(state)


def test_the_table_is_the_expected_graph():
    table = {(a, b) for a, moves in TRANSITIONS.items() for b in moves}
    assert table == EXPECTED


@pytest.mark.django_db
@pytest.mark.parametrize("current,to", PAIRS, ids=lambda s: str(s))
def test_every_pair_is_allowed_or_refused(make_payment, current, to):
    payment = make_payment(current)
    if (current, to) in EXPECTED:
        applied = apply_state(payment, to, event_id="e1", kind="test")
        assert applied.changed
        payment.refresh_from_db()
        assert payment.state == to
        assert (applied.event.from_state, applied.event.to_state) == (current, to)
    else:
        with pytest.raises(StateChangeRefused):
            apply_state(payment, to, event_id="e1", kind="test")
        payment.refresh_from_db()
        assert payment.state == current
        assert not PaymentEvent.objects.filter(payment=payment).exists()


@pytest.mark.django_db
def test_money_taken_is_never_overwritten_by_a_late_failure(make_payment):
    payment = make_payment(P.STARTED)
    apply_state(payment, P.SUCCEEDED, event_id="ok", kind="test")
    for late in (P.FAILED, P.CANCELLED, P.TIMED_OUT, P.AUTHORIZED, P.IN_PAYMENT, P.STARTED):
        with pytest.raises(StateChangeRefused):
            apply_state(payment, late, event_id=f"late-{late}", kind="test")
    payment.refresh_from_db()
    assert payment.state == P.SUCCEEDED


@pytest.mark.django_db
def test_an_event_id_is_applied_once(make_payment):
    payment = make_payment(P.STARTED)
    apply_state(payment, P.AUTHORIZED, event_id="same", kind="test")
    with pytest.raises(DuplicateEvent):
        apply_state(payment, P.SUCCEEDED, event_id="same", kind="test")
    payment.refresh_from_db()
    assert payment.state == P.AUTHORIZED
    assert payment.events.count() == 1


@pytest.mark.django_db
def test_reaching_the_current_state_records_without_a_change(make_payment):
    payment = make_payment(P.SUCCEEDED)
    applied = apply_state(payment, P.SUCCEEDED, event_id="again", kind="test")
    assert not applied.changed
    assert applied.event.to_state == ""
    applied = apply_state(payment, None, event_id="notice", kind="test")
    assert not applied.changed


@pytest.mark.django_db
def test_in_flight_and_final_states_set_the_check_schedule(make_payment):
    payment = make_payment(P.CREATED, transaction_id="", next_check_at=None)
    apply_state(payment, P.STARTED, event_id="s", kind="test", transaction_id="501000777")
    payment.refresh_from_db()
    assert payment.next_check_at is not None
    assert payment.provider_transaction_id == "501000777"
    apply_state(payment, P.TIMED_OUT, event_id="t", kind="test")
    payment.refresh_from_db()
    assert payment.next_check_at is None
    assert payment.finished_at is not None
    assert payment.paid_at is None


@pytest.mark.django_db
def test_success_schedules_the_case_submission_on_commit(
    make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(P.STARTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply_state(payment, P.SUCCEEDED, event_id="ok", kind="test")
    assert len(callbacks) == 1
    payment.case.refresh_from_db()
    assert payment.case.status == Status.AWAITING_PAYMENT  # not before the commit
    for callback in callbacks:
        callback()
    payment.case.refresh_from_db()
    assert payment.case.status == Status.SUBMITTED


@pytest.mark.django_db
def test_failure_leaves_the_case_waiting_for_payment(
    make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(P.STARTED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        apply_state(payment, P.FAILED, event_id="no", kind="test")
    assert callbacks == []
    payment.case.refresh_from_db()
    assert payment.case.status == Status.AWAITING_PAYMENT
    assert payment.case.events.filter(kind="payment.failed").exists()


def test_state_is_written_only_by_the_workflow():
    root = Path(__file__).resolve().parents[2] / "payments"
    write = re.compile(r"\.state\s*=[^=]")
    offenders = [
        f"{path.name}:{number}"
        for path in root.rglob("*.py")
        if path.name != "workflow.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if write.search(line)
    ]
    assert offenders == []


def test_no_payment_field_is_called_status():
    assert "status" not in {f.name for f in Payment._meta.get_fields()}
