from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from portal.models import Heartbeat


@shared_task(ignore_result=True)
def record_heartbeat() -> None:
    """Sent by beat, run by a worker: a fresh row proves both are alive."""
    Heartbeat.objects.update_or_create(name="worker", defaults={"at": timezone.now()})
