from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from identity.models import PendingRequest, SeenAssertion


@shared_task(acks_late=True)
def forget_expired_assertions() -> int:
    """Expired assertions are refused on their time window; their ids may go.
    So may requests past their lifetime: an answer to them is refused anyway."""
    now = timezone.now()
    deleted, _ = SeenAssertion.objects.filter(expires_at__lt=now).delete()
    stale, _ = PendingRequest.objects.filter(expires_at__lt=now).delete()
    return deleted + stale
