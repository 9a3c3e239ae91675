"""The Celery worker's consumer (CELERY_WORKER_CONSUMER): loaded by the worker only."""

from __future__ import annotations

import logging

from celery.worker.consumer import Consumer as CeleryConsumer

log = logging.getLogger(__name__)


def is_closed_transport(error: AttributeError) -> bool:
    """kombu reaching for the client of a transport it has closed (set to None)."""
    return str(error).startswith("'NoneType' object has no attribute")


def close_quietly(connection) -> None:
    """Give `connection` a `close` that survives kombu's own race on a lost broker.

    When Redis goes away while the worker holds unacknowledged messages (every running
    task, with acks_late), Celery's consumer first collects the broken connection (its
    transport's client becomes None) and then closes it; closing the channel tries to
    put those messages back, which reaches for the gone client and raises
    "AttributeError: 'NoneType' object has no attribute 'hostname'". That is neither a
    connection nor a channel error, so Celery calls it unrecoverable and the whole
    worker exits. Here it is logged and the consumer goes on to reconnect, in the same
    process. The messages stay where they are: gone with a restarted Redis, put back
    by Redis' transport after the visibility timeout otherwise; the redelivery jobs hand
    their work out again sooner. Any other AttributeError is a bug and still raises.
    """
    close = connection.close

    def quietly() -> None:
        try:
            close()
        except AttributeError as error:
            if not is_closed_transport(error):
                raise
            log.warning("broker connection already closed; reconnecting: %s", error)

    connection.close = quietly


def closed_transport_as_lost_connection(start):
    """Wrap the consumer blueprint's `start` (the event loop) so that kombu tripping
    over a closed transport there counts as the lost connection it is.

    A task that finishes after the broker connection was lost is acknowledged on the
    old, closed channel: kombu reaches for the gone client again (the same
    AttributeError as in `close_quietly`), this time inside the event loop. Raised
    again as ConnectionError (an OSError: a connection error of every transport), it
    makes Celery's consumer reconnect instead of stopping the worker. The lost
    acknowledgement does not matter: the message went with that Redis, or returns after
    the visibility timeout to a task body that does nothing twice.
    """

    def guarded(parent):
        try:
            return start(parent)
        except AttributeError as error:
            if not is_closed_transport(error):
                raise
            raise ConnectionError(f"broker connection already closed: {error}") from error

    return guarded


class Consumer(CeleryConsumer):
    """Celery's consumer that reconnects after a lost broker even when kombu trips over
    the old connection (`close_quietly`, `closed_transport_as_lost_connection`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.blueprint.start = closed_transport_as_lost_connection(self.blueprint.start)

    def on_connection_error_after_connected(self, exc):
        if self.connection is not None:
            close_quietly(self.connection)
        super().on_connection_error_after_connected(exc)
