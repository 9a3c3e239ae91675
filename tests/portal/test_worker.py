"""The worker's consumer reconnects, in the same process, when kombu trips over the
broker connection it is closing after Redis went away; any other error still raises."""

from __future__ import annotations

import logging

import pytest
from celery.worker.consumer import Consumer as CeleryConsumer
from django.conf import settings

from portal.celery import app
from portal.worker import Consumer, close_quietly, closed_transport_as_lost_connection


class _Connection:
    def __init__(self, error: Exception | None) -> None:
        self.error = error
        self.closed = False

    def close(self) -> None:
        self.closed = True
        if self.error is not None:
            raise self.error


def test_closing_a_connection_whose_transport_is_gone_does_not_raise(caplog):
    # A Celery worker started in this process by an earlier test (tests/services) leaves
    # the root logger at ERROR: this test sets its own logger's level.
    connection = _Connection(AttributeError("'NoneType' object has no attribute 'hostname'"))
    close_quietly(connection)
    with caplog.at_level(logging.WARNING, logger="portal.worker"):
        connection.close()
    assert connection.closed
    assert "broker connection already closed; reconnecting" in caplog.text


def test_any_other_attribute_error_still_raises():
    connection = _Connection(AttributeError("'Request' object has no attribute 'nope'"))
    close_quietly(connection)
    with pytest.raises(AttributeError):
        connection.close()


def test_a_normal_close_still_closes():
    connection = _Connection(None)
    close_quietly(connection)
    connection.close()
    assert connection.closed


def _start_raising(error):
    def start(parent):
        raise error

    return start


def test_an_ack_on_a_closed_transport_in_the_event_loop_is_a_lost_connection():
    start = closed_transport_as_lost_connection(
        _start_raising(AttributeError("'NoneType' object has no attribute 'hostname'"))
    )
    with pytest.raises(ConnectionError) as raised:
        start(None)
    assert isinstance(raised.value, OSError)  # Celery's consumer reconnects for it
    assert isinstance(raised.value.__cause__, AttributeError)


def test_any_other_attribute_error_in_the_event_loop_still_stops_the_worker():
    start = closed_transport_as_lost_connection(
        _start_raising(AttributeError("'Request' object has no attribute 'nope'"))
    )
    with pytest.raises(AttributeError):
        start(None)
    assert closed_transport_as_lost_connection(lambda parent: parent)("ok") == "ok"


def test_the_worker_uses_it_and_retries_channel_errors():
    assert settings.CELERY_WORKER_CONSUMER == "portal.worker:Consumer"
    assert app.conf.worker_consumer == "portal.worker:Consumer"
    assert app.conf.broker_channel_error_retry is True
    assert issubclass(Consumer, CeleryConsumer)
