"""Reconciliation with SimplePay and the effect of a success."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from cases import fees, registry
from cases.actions import create_case
from cases.registry import CaseType
from cases.workflow import Status, transition
from payments import actions
from payments.models import Payment
from payments.tasks import payment_succeeded, reconcile_payments
from payments.workflow import LONG_CADENCE, SHORT_CADENCE, PaymentState

pytestmark = pytest.mark.django_db


def _due(make_payment, simplepay, status="INIT", age=timedelta(minutes=6), **fields):
    now = timezone.now()
    payment = make_payment(
        PaymentState.STARTED,
        created_at=now - age,
        next_check_at=now - timedelta(seconds=1),
        **fields,
    )
    txn = simplepay.add(payment.order_ref, payment.amount, status)
    Payment.objects.filter(pk=payment.pk).update(provider_transaction_id=str(txn.transaction_id))
    payment.refresh_from_db()
    return payment


def test_beat_runs_the_reconciliation():
    entry = settings.CELERY_BEAT_SCHEDULE["reconcile-payments"]
    assert entry["task"] == "payments.tasks.reconcile_payments"
    assert entry["schedule"] <= 300


def test_a_stuck_payment_found_finished_is_applied_and_the_case_submitted(
    make_payment, simplepay, django_capture_on_commit_callbacks
):
    payment = _due(make_payment, simplepay, status="FINISHED")
    with django_capture_on_commit_callbacks(execute=True):
        result = reconcile_payments()
    assert result["checked"] == 1 and result["changed"] == 1
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert payment.next_check_at is None
    payment.case.refresh_from_db()
    assert payment.case.status == Status.SUBMITTED
    # A second run asks nothing: the payment is final.
    reconcile_payments()
    assert len(simplepay.calls("query")) == 1


@pytest.mark.parametrize(
    "status,state",
    [
        ("NOTAUTHORIZED", PaymentState.FAILED),
        ("FRAUD", PaymentState.FAILED),
        ("CANCELLED", PaymentState.CANCELLED),
        ("TIMEOUT", PaymentState.TIMED_OUT),
        ("INPAYMENT", PaymentState.IN_PAYMENT),
        ("INFRAUD", PaymentState.IN_PAYMENT),
        ("AUTHORIZED", PaymentState.AUTHORIZED),
    ],
)
def test_query_statuses_map_onto_the_graph(make_payment, simplepay, status, state):
    payment = _due(make_payment, simplepay, status=status)
    reconcile_payments()
    payment.refresh_from_db()
    assert payment.state == state
    payment.case.refresh_from_db()
    assert payment.case.status == Status.AWAITING_PAYMENT


def test_payments_not_yet_due_are_not_asked_about(make_payment, simplepay):
    payment = make_payment(PaymentState.STARTED)  # next check in 5 minutes
    simplepay.add(payment.order_ref, payment.amount, "FINISHED")
    assert reconcile_payments()["checked"] == 0
    assert simplepay.calls("query") == []
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED


@pytest.mark.parametrize(
    "age,cadence",
    [(timedelta(minutes=6), SHORT_CADENCE), (timedelta(hours=2, minutes=50), SHORT_CADENCE)]
    + [(timedelta(hours=3, minutes=1), LONG_CADENCE), (timedelta(days=5), LONG_CADENCE)],
    ids=["6 min", "2 h 50", "3 h 01", "5 days"],
)
def test_still_in_flight_is_asked_again_on_the_schedule(make_payment, simplepay, age, cadence):
    payment = _due(make_payment, simplepay, status="INIT", age=age)
    before = timezone.now()
    reconcile_payments()
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED
    assert before + cadence <= payment.next_check_at <= timezone.now() + cadence
    # The same INIT answer again is not a new event.
    Payment.objects.filter(pk=payment.pk).update(next_check_at=timezone.now())
    reconcile_payments()
    assert payment.events.filter(kind="simplepay.query").count() == 1


def test_after_thirty_days_the_job_stops_asking(make_payment, simplepay):
    payment = _due(make_payment, simplepay, status="INIT", age=timedelta(days=31))
    reconcile_payments()
    payment.refresh_from_db()
    assert payment.next_check_at is None


def test_provider_down_keeps_the_schedule(make_payment, simplepay):
    payment = _due(make_payment, simplepay)
    simplepay.script("http", status=503)
    result = reconcile_payments()
    assert result["unreachable"] == 1
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED
    assert payment.next_check_at > timezone.now()


UNUSABLE = "simplepay.query.unusable"
# The job writes its notes in the default language (Hungarian), as the timeline.
OUT_OF_RANGE = {
    "total of 10^24": (
        {"total": 10**24},
        UNUSABLE,
        "A SimplePay válaszát nem alkalmaztuk: total is not an amount",
    ),
    "transactionId of 30 digits": (
        {"transactionId": 10**29},
        UNUSABLE,
        "A SimplePay válaszát nem alkalmaztuk: transactionId is not an id",
    ),
    "status of 300 characters": (
        {"status": "F" * 300},
        UNUSABLE,
        "A SimplePay válaszát nem alkalmaztuk: status is not a status word",
    ),
    "another amount": (
        {"total": 3100.0},
        "simplepay.query.amount_differs",
        "A SimplePay szerint a(z) 501000001 tranzakció összege 3100.0 HUF, a díj viszont "
        "3000; nem alkalmaztuk",
    ),
}


@pytest.mark.parametrize("fields,kind,note", OUT_OF_RANGE.values(), ids=OUT_OF_RANGE.keys())
def test_a_query_answer_out_of_range_is_not_applied_and_flagged_once(
    make_payment, simplepay, fields, kind, note
):
    payment = _due(make_payment, simplepay, status="FINISHED")
    for _ in range(2):
        simplepay.script("patch", call="query", fields=fields)
        Payment.objects.filter(pk=payment.pk).update(next_check_at=timezone.now())
        assert reconcile_payments()["changed"] == 0
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED
    assert payment.provider_transaction_id == "501000001"
    assert payment.next_check_at is not None  # still asked about; a clerk decides
    flagged = payment.events.get()
    assert (flagged.kind, flagged.to_state, flagged.note) == (kind, "", note)


def test_a_start_that_never_reached_simplepay_fails_after_its_deadline(make_payment, simplepay):
    now = timezone.now()
    payment = make_payment(
        PaymentState.CREATED,
        transaction_id="",
        start_deadline=now - timedelta(hours=1),
        next_check_at=now - timedelta(seconds=1),
    )
    reconcile_payments()
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert payment.events.get().kind == "simplepay.query.not_found"


def test_many_due_payments_are_asked_in_batches_of_fifty(citizen, paid_type, simplepay):
    now = timezone.now()
    for _ in range(60):
        case = create_case("testing.paid", applicant=citizen)
        transition(case, Status.AWAITING_PAYMENT, by=citizen)
        payment = Payment.objects.create(
            case=case,
            provider="simplepay",
            amount=3000,
            order_ref=f"{case.reference}-BATCH",
            state=PaymentState.STARTED,
            created_at=now - timedelta(minutes=10),
            next_check_at=now - timedelta(minutes=1),
        )
        simplepay.add(payment.order_ref, 3000, "FINISHED")
    result = reconcile_payments()
    assert result["checked"] == 60 and result["changed"] == 60
    assert [len(c.data["orderRefs"]) for c in simplepay.calls("query")] == [50, 10]


def test_a_claimed_payment_is_not_asked_about_twice(make_payment, simplepay):
    payment = _due(make_payment, simplepay)
    # Another run claimed it a moment ago (its lease moved next_check_at on).
    Payment.objects.filter(pk=payment.pk).update(
        next_check_at=timezone.now() + timedelta(minutes=9)
    )
    assert reconcile_payments()["checked"] == 0


def test_the_sweep_submits_a_paid_case_whose_effect_never_ran(make_payment):
    payment = make_payment(PaymentState.SUCCEEDED, paid_at=timezone.now() - timedelta(minutes=5))
    assert reconcile_payments()["swept"] == 1
    payment.case.refresh_from_db()
    assert payment.case.status == Status.SUBMITTED
    assert reconcile_payments()["swept"] == 0


def test_the_effect_is_idempotent(make_payment):
    payment = make_payment(PaymentState.SUCCEEDED)
    assert payment_succeeded(payment.pk) == "submitted"
    assert payment_succeeded(payment.pk) == "not-awaiting"
    payment.case.refresh_from_db()
    assert payment.case.events.filter(kind="case.submitted").count() == 1


@pytest.fixture
def fragile_type(citizen):
    def refuse(case):
        raise RuntimeError("register is locked")

    kind = CaseType(
        slug="testing.fragile",
        label="Fragile",
        fee=fees.Flat(1000, "Fee"),
        on_submit=refuse,
    )
    registry.register(kind)
    yield kind
    registry.unregister("testing.fragile")


def test_a_failed_submission_leaves_the_case_waiting_with_a_note(
    fragile_type, citizen, make_payment
):
    case = create_case("testing.fragile", applicant=citizen)
    transition(case, Status.AWAITING_PAYMENT, by=citizen)
    payment = make_payment(PaymentState.SUCCEEDED, case=case, paid_at=timezone.now())
    assert actions.on_payment_succeeded(payment) == "failed"
    case.refresh_from_db()
    assert case.status == Status.AWAITING_PAYMENT
    event = case.events.get(kind="payment.submission_failed")
    assert not event.public and "register is locked" in event.note
    # The sweep does not retry it in a loop; a clerk takes it up.
    Payment.objects.filter(pk=payment.pk).update(paid_at=timezone.now() - timedelta(hours=1))
    assert reconcile_payments()["swept"] == 0
