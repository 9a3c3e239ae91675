from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from notifications.actions import queue_email, queue_sms
from notifications.models import Notification
from notifications.tasks import MAX_ATTEMPTS, deliver_notification, requeue_stalled_notifications
from tests import factories

CONTEXT = {
    "reference": "UGY-2026-000001",
    "case_type": "Minta",
    "status_code": "submitted",
    "status": "Beérkezett",
    "date": "2026. 12. 01.",
    "deadline": "",
    "note": "",
    "url": "http://127.0.0.1:8000/my-requests/UGY-2026-000001/",
}


@pytest.mark.django_db
def test_email_is_rendered_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("a@example.hu", "case_status", CONTEXT, language="hu")
        queue_email("b@example.hu", "case_status", CONTEXT, language="en")
    hungarian, english = mail.outbox
    assert "Tisztelt Ügyfelünk" in hungarian.body
    assert "Dear Client" in english.body
    assert hungarian.subject == "UGY-2026-000001: Beérkezett"
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_message_is_delivered_once_even_if_the_task_runs_twice():
    notification = queue_email("a@example.hu", "case_status", CONTEXT)
    assert deliver_notification.delay(notification.pk).get() == "sent"
    assert deliver_notification.delay(notification.pk).get() == "skipped"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_dedupe_key_queues_only_once():
    first = queue_email("a@example.hu", "case_status", CONTEXT, dedupe_key="k1")
    second = queue_email("a@example.hu", "case_status", CONTEXT, dedupe_key="k1")
    assert first is not None and second is None
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_failures_are_retried_then_recorded(monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    notification = queue_email("a@example.hu", "case_status", CONTEXT)
    from celery.exceptions import Retry

    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(Retry):
            deliver_notification.apply(args=[notification.pk], throw=True)
        notification.refresh_from_db()
        assert (notification.state, notification.attempts) == ("queued", attempt)
        assert "ConnectionRefusedError" in notification.last_error
        assert notification.next_attempt_at is not None
    assert deliver_notification.apply(args=[notification.pk]).get() == "failed"
    notification.refresh_from_db()
    assert notification.state == "failed"


@pytest.mark.django_db
def test_stalled_messages_are_requeued_and_sent():
    from datetime import timedelta

    from django.utils import timezone

    notification = queue_email("a@example.hu", "case_status", CONTEXT)
    Notification.objects.filter(pk=notification.pk).update(
        state="sending", claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert requeue_stalled_notifications() == 1
    notification.refresh_from_db()
    assert notification.state == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_sms_goes_through_the_configured_gateway(
    django_capture_on_commit_callbacks, tmp_path, settings
):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    (tmp_path / "emails/code/hu").mkdir(parents=True)
    (tmp_path / "emails/code/hu/sms.txt").write_text("Kód: {{ code }}")
    factories.SENT_SMS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queue_sms("+36201234567", "code", {"code": "123456"})
    assert factories.SENT_SMS == [("+36201234567", "Kód: 123456")]
