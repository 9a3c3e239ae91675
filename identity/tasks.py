from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from identity.models import SeenAssertion


@shared_task(acks_late=True)
def forget_expired_assertions() -> int:
    """Expired assertions are refused on their time window; their ids may go."""
    deleted, _ = SeenAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
