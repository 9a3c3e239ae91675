"""Leases held by a database session: another session sees them held, and they are
free again the moment their holder's connection ends (a SIGKILLed worker). Only
PostgreSQL keeps them; the outbox and the PDF door rely on that."""

from __future__ import annotations

import time
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from cases.actions import create_case
from cases.models import IssuedDocument
from cases.pdf import DocumentInProgress, issue_document
from cases.tasks import issue_case_document
from notifications.models import Notification
from notifications.tasks import requeue_stalled_notifications
from portal import leases
from tests.notifications.test_delivery import CONTEXT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgres"),
]


@pytest.fixture
def other_worker():
    """A second connection to the test database: another worker's session."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    session = psycopg.connect(**params, autocommit=True)
    yield session
    session.close()


def _gone(session: psycopg.Connection) -> None:
    """Close the session as a killed worker's would be, and wait until the server has
    ended its backend (it frees the session's locks then, a moment after the close)."""
    pid = session.info.backend_pid
    session.close()
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still there")


def _held_by(session: psycopg.Connection, name: str) -> None:
    session.execute("SELECT pg_advisory_lock(%s)", [leases._key(name)])


def test_a_lease_held_elsewhere_is_refused_and_freed_with_its_holder(other_worker):
    other = other_worker
    _held_by(other, "work:1")
    with leases.hold("work:1") as mine:
        assert mine is False
    with leases.hold("work:2") as mine:
        assert mine is True
    _gone(other)  # the holder's process is gone
    with leases.hold("work:1") as mine:
        assert mine is True


def test_a_document_being_rendered_elsewhere_is_not_rendered_again(
    citizen, documented_type, other_worker
):
    case = create_case(documented_type.slug, applicant=citizen)
    kind = "summary"
    other = other_worker
    _held_by(other, f"document:{case.pk}:{kind}")
    with pytest.raises(DocumentInProgress):
        issue_document(case, kind, documented_type.documents[kind])
    assert issue_case_document.delay(case.pk, kind).get() is None
    assert not IssuedDocument.objects.filter(case=case).exists()
    _gone(other)  # that worker died mid-render: the next hand-out renders it
    assert issue_case_document.delay(case.pk, kind).get() is not None
    assert IssuedDocument.objects.filter(case=case, kind=kind).count() == 1


def test_a_claimed_email_is_handed_out_again_once_its_worker_is_gone(other_worker, mailoutbox):
    # Claimed two minutes ago (past PORTAL_REDELIVER_AFTER, well within STALL_AFTER).
    notification = Notification.objects.create(
        channel=Notification.Channel.EMAIL,
        recipient="a@example.hu",
        template="case_status",
        context=CONTEXT,
        subject="Ügyének állapota",
        state=Notification.State.SENDING,
        claimed_at=timezone.now() - timedelta(minutes=2),
        attempts=1,
    )
    other = other_worker
    _held_by(other, f"notification:{notification.pk}")
    assert requeue_stalled_notifications.delay().get() == 0  # its worker is still sending
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENDING
    assert mailoutbox == []
    _gone(other)  # that worker was killed
    assert requeue_stalled_notifications.delay().get() == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert len(mailoutbox) == 1
