"""Redelivery: with acks_late a message whose worker died is handed out again, and a bank
repeats an IPN it thinks was lost. Running the payment tasks twice, or applying the same
IPN twice, has its effect once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseEvent, IssuedDocument
from cases.workflow import Status
from notifications.models import Notification
from payments.models import Payment, PaymentEvent
from payments.tasks import issue_missing_receipts, issue_payment_receipt, payment_succeeded
from payments.workflow import PaymentState
from tests.payments.conftest import ipn_body, post_ipn

pytestmark = pytest.mark.django_db


def _effects(case) -> dict[str, int]:
    return {
        "case_events": CaseEvent.objects.filter(case=case).count(),
        "payment_events": PaymentEvent.objects.filter(payment__case=case).count(),
        "mails": Notification.objects.filter(case=case).count(),
        "documents": IssuedDocument.objects.filter(case=case).count(),
    }


def test_the_same_ipn_twice_submits_the_case_once(
    client, make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(PaymentState.STARTED)
    body = ipn_body(payment)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_ipn(client, body).status_code == 200
    payment.refresh_from_db()
    payment.case.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert payment.case.status == Status.SUBMITTED
    after_first = _effects(payment.case)
    assert CaseEvent.objects.filter(case=payment.case, to_status=Status.SUBMITTED).count() == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert post_ipn(client, body).status_code == 200
    assert callbacks == []  # nothing scheduled again
    assert _effects(payment.case) == after_first


def test_payment_succeeded_redelivered_submits_once(
    make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(PaymentState.SUCCEEDED)
    with django_capture_on_commit_callbacks(execute=True):
        assert payment_succeeded.delay(payment.pk).get() == "submitted"
    after_first = _effects(payment.case)
    with django_capture_on_commit_callbacks(execute=True):
        assert payment_succeeded.delay(payment.pk).get() == "not-awaiting"
    assert _effects(payment.case) == after_first
    assert CaseEvent.objects.filter(case=payment.case, to_status=Status.SUBMITTED).count() == 1


def test_the_receipt_redelivered_is_rendered_once(make_payment):
    payment = make_payment(PaymentState.SUCCEEDED)
    first = issue_payment_receipt.delay(payment.pk).get()
    assert first is not None
    assert issue_payment_receipt.delay(payment.pk).get() == first
    assert IssuedDocument.objects.filter(case=payment.case).count() == 1


def test_a_receipt_whose_task_was_lost_is_handed_out_again(make_payment, settings):
    payment = make_payment(PaymentState.SUCCEEDED)
    # Its task died with a worker (or a broker) before the receipt was stored.
    assert issue_missing_receipts.delay().get() == 0  # too fresh: its own task may yet run
    Payment.objects.filter(pk=payment.pk).update(
        paid_at=timezone.now() - settings.PORTAL_REDELIVER_AFTER - timedelta(seconds=1)
    )
    assert issue_missing_receipts.delay().get() == 1
    assert IssuedDocument.objects.filter(case=payment.case).count() == 1
    assert issue_missing_receipts.delay().get() == 0
