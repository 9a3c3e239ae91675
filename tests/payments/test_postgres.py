"""Concurrent IPNs under real row locks: only PostgreSQL can prove this."""

from __future__ import annotations

import threading

import pytest
from django.test import Client

from cases.models import CaseEvent
from cases.workflow import Status
from payments.models import PaymentEvent
from payments.simplepay_client import signature_ok
from payments.workflow import PaymentState
from tests.concurrency import in_threads
from tests.payments.conftest import SECRET, ipn_body, post_ipn

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgres"),
]


def test_fifty_identical_ipns_at_once_make_one_transition(make_payment):
    payment = make_payment(PaymentState.STARTED)
    body = ipn_body(payment)

    def deliver():
        response = post_ipn(Client(), body)
        return response.status_code, signature_ok(SECRET, response.content, response["Signature"])

    results, errors = in_threads(50, deliver)

    assert errors == []
    # Every delivery is confirmed as SimplePay expects; only one moved the payment.
    assert results == [(200, True)] * 50
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert PaymentEvent.objects.filter(payment=payment).count() == 1
    assert CaseEvent.objects.filter(case=payment.case, kind="payment.received").count() == 1
    payment.case.refresh_from_db()
    assert payment.case.status == Status.SUBMITTED
    assert payment.case.events.filter(kind="case.submitted").count() == 1


def test_a_late_failure_racing_a_success_never_wins(make_payment):
    payment = make_payment(PaymentState.STARTED)
    bodies = [ipn_body(payment, status="FINISHED"), ipn_body(payment, status="CANCELLED")] * 10
    lock = threading.Lock()
    order = iter(bodies)

    def deliver():
        with lock:
            body = next(order)
        return post_ipn(Client(), body).status_code

    results, errors = in_threads(20, deliver)
    assert errors == []
    assert results == [200] * 20  # the late CANCELLED ones are confirmed, not applied
    payment.refresh_from_db()
    # Whatever came first, a success is never overwritten; a success after a
    # cancellation is accepted, so the money taken is always recorded.
    assert payment.state == PaymentState.SUCCEEDED
    assert (
        PaymentEvent.objects.filter(payment=payment, to_state=PaymentState.SUCCEEDED).count() == 1
    )
