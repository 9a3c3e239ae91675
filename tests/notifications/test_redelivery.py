"""Redelivery: with acks_late a message whose worker died is handed out again. Delivering
a notification, or queueing a case's status e-mail, twice has its effect once."""

from __future__ import annotations

import pytest
from django.core import mail

from cases.actions import create_case, submit_case
from cases.models import CaseEvent
from cases.tasks import notify_status_change
from notifications.actions import queue_email
from notifications.models import Notification
from notifications.tasks import deliver_notification, requeue_stalled_notifications
from tests.notifications.test_delivery import CONTEXT

pytestmark = pytest.mark.django_db


def test_a_notification_delivered_twice_is_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notification = queue_email("a@example.hu", "case_status", CONTEXT)
    assert deliver_notification.delay(notification.pk).get() == "sent"
    assert deliver_notification.delay(notification.pk).get() == "skipped"
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1
    # The sweeper does not hand a sent message out again either.
    assert requeue_stalled_notifications.delay().get() == 0
    assert len(mail.outbox) == 1


def test_a_status_email_redelivered_is_queued_once(
    citizen, sample_case_type, django_capture_on_commit_callbacks
):
    case = create_case(sample_case_type.slug, applicant=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        submit_case(case, by=citizen)  # runs the status e-mail's task once
    event = CaseEvent.objects.get(case=case, to_status="submitted")
    assert Notification.objects.filter(case=case).count() == 1
    assert len(mail.outbox) == 1
    # The same message handed out again, twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_status_change.delay(event.pk).get() == "duplicate"
        assert notify_status_change.delay(event.pk).get() == "duplicate"
    assert Notification.objects.filter(case=case).count() == 1
    assert len(mail.outbox) == 1
