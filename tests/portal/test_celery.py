"""Publishing a task while the broker is down: portal.celery.PortalTask and the
page that tells the citizen (portal.middleware.DeferredWorkMiddleware)."""

from __future__ import annotations

import logging

import pytest
from celery import Task
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import RequestFactory
from kombu.exceptions import OperationalError

from portal.celery import deferred
from portal.middleware import DeferredWorkMiddleware
from portal.tasks import record_heartbeat


@pytest.fixture
def dead_broker(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)


def test_a_task_the_broker_refuses_is_logged_and_left_for_redelivery(dead_broker, caplog):
    token = deferred.set(False)
    try:
        with caplog.at_level(logging.WARNING, logger="portal.celery"):
            assert record_heartbeat.delay() is None
        assert deferred.get() is True
    finally:
        deferred.reset(token)
    assert caplog.messages == [
        "broker unreachable, portal.tasks.record_heartbeat() left for redelivery: "
        "Error 111 connecting to 127.0.0.1:6379. Connection refused."
    ]


def test_other_publishing_errors_are_not_hidden(monkeypatch):
    def broken(self, *args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr(Task, "apply_async", broken)
    with pytest.raises(TypeError):
        record_heartbeat.delay()


def _request():
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/apply/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_next_page_says_the_work_will_be_finished(dead_broker):
    def view(request):
        record_heartbeat.delay()  # what an on-commit callback does after the commit
        return HttpResponse("submitted")

    request = _request()
    DeferredWorkMiddleware(view)(request)
    assert [str(m) for m in get_messages(request)] == [
        "Kérelmét rögzítettük. Egy átmeneti hiba miatt a visszaigazoló e-mailt és a "
        "további lépéseket néhány perc múlva végezzük el: Önnek nincs teendője."
    ]
    assert deferred.get() is False  # the next request starts afresh


def test_no_message_when_the_broker_took_the_task():
    request = _request()
    DeferredWorkMiddleware(lambda r: HttpResponse("ok"))(request)
    assert list(get_messages(request)) == []
