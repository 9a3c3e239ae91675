"""Work whose task never reached a worker (a broker outage, a lost message) is done
all the same: the status e-mail is in the outbox with the commit, and the documents
are handed out again by `issue_missing_documents`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.actions import create_case, submit_case
from cases.models import CaseEvent, IssuedDocument
from cases.tasks import issue_missing_documents
from notifications.models import Notification
from notifications.tasks import requeue_stalled_notifications
from tests.conftest import DOCUMENTED_TYPE

pytestmark = pytest.mark.django_db


def _submitted_without_a_broker(applicant, capture):
    case = create_case(DOCUMENTED_TYPE, applicant=applicant)
    # The on-commit callbacks (the tasks' publishing) never run: what a dead broker does.
    with capture(execute=False):
        submit_case(case, by=applicant)
    return case


def test_the_status_email_is_committed_with_the_move_and_redelivered(
    citizen, documented_type, django_capture_on_commit_callbacks, mailoutbox
):
    case = _submitted_without_a_broker(citizen, django_capture_on_commit_callbacks)
    email = Notification.objects.get(case=case, template="case_status")
    assert email.state == Notification.State.QUEUED
    assert requeue_stalled_notifications() == 0  # too fresh: its task may be on its way
    Notification.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timedelta(seconds=61)
    )
    assert requeue_stalled_notifications() == 1
    email.refresh_from_db()
    assert email.state == Notification.State.SENT
    assert [m.to for m in mailoutbox] == [[citizen.email]]
    assert requeue_stalled_notifications() == 0


def test_a_document_whose_task_was_lost_is_issued_once_by_the_sweep(
    citizen, documented_type, django_capture_on_commit_callbacks
):
    case = _submitted_without_a_broker(citizen, django_capture_on_commit_callbacks)
    assert not IssuedDocument.objects.filter(case=case).exists()
    assert issue_missing_documents() == 0  # too fresh
    CaseEvent.objects.filter(case=case).update(at=timezone.now() - timedelta(seconds=61))
    assert issue_missing_documents() == 1
    assert IssuedDocument.objects.filter(case=case, kind="summary").count() == 1
    assert issue_missing_documents() == 0


def test_the_sweep_leaves_documents_of_older_cases_alone(
    citizen, documented_type, django_capture_on_commit_callbacks
):
    case = _submitted_without_a_broker(citizen, django_capture_on_commit_callbacks)
    CaseEvent.objects.filter(case=case).update(at=timezone.now() - timedelta(days=3))
    assert issue_missing_documents() == 0
