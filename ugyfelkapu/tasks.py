from __future__ import annotations

from celery import shared_task

from ugyfelkapu.sessions import SessionStore


@shared_task(acks_late=True)
def forget_expired_sessions() -> None:
    """The IdP's sessions live in their own table, which `clearsessions` (the portal's
    session engine) never reaches."""
    SessionStore.clear_expired()
