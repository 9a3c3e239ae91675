"""The broker and cache on a real Redis, with a real Celery worker."""

from __future__ import annotations

import logging
import time

import pytest
from celery._state import _set_task_join_will_block
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from notifications.actions import queue_email
from notifications.models import Notification
from portal.celery import app as celery_app

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True
        # The worker's pool marks this process as one where waiting for a result would
        # block; later tests in the same process wait for eager results.
        _set_task_join_will_block(False)


def test_a_queued_email_is_delivered_by_a_worker_through_redis(worker):
    # Outside a transaction on_commit fires at once: the task goes to Redis and
    # the worker thread picks it up.
    notification = queue_email(
        "a@example.hu",
        "case_status",
        {
            "reference": "UGY-2026-000001",
            "case_type": "Minta",
            "status_code": "submitted",
            "status": "Beérkezett",
            "date": "2026. 12. 01.",
            "deadline": "",
            "note": "",
            "url": "http://127.0.0.1:8000/",
        },
    )
    for _ in range(100):
        notification.refresh_from_db()
        if notification.state == Notification.State.SENT:
            break
        time.sleep(0.1)
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1


def test_health_sees_the_redis_broker_and_the_worker_heartbeat(worker, client):
    from portal.tasks import record_heartbeat

    record_heartbeat.delay()
    for _ in range(100):
        data = client.get("/health/").json()
        if data["worker"]["ok"]:
            break
        time.sleep(0.1)
    assert data["broker"] == {"ok": True, "transport": "redis"}
    assert data["worker"]["ok"] is True


def test_cache_is_redis():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    from django.core.cache import cache

    cache.set("ugysegeg-ci-probe", 1, 5)
    assert cache.incr("ugysegeg-ci-probe") == 2
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


@celery_app.task(name="tests.services.test_redis.log_something")
def log_something():
    logging.getLogger("tests.worker").info("task body ran")


def test_the_worker_logs_a_task_with_the_id_of_the_request_that_enqueued_it(worker, caplog):
    from portal import logs

    caplog.set_level(logging.INFO, logger="tests.worker")
    # As the console handler does: the id is read in the thread that logs.
    caplog.handler.addFilter(logs.RequestIdFilter())
    token = logs.request_id_var.set("req-redis-0000001")
    try:
        log_something.delay()
    finally:
        logs.request_id_var.reset(token)
    for _ in range(100):
        done = [r for r in caplog.records if r.name == "tests.worker"]
        if done:
            break
        time.sleep(0.1)
    assert [(r.getMessage(), r.request_id) for r in done] == [
        ("task body ran", "req-redis-0000001")
    ]
