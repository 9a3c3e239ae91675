from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from documents.models import Document


@shared_task(acks_late=True)
def expire_documents() -> int:
    """Mark documents past their expiry date as expired (idempotent)."""
    return Document.objects.filter(
        validity=Document.Validity.VALID, expires_on__lt=timezone.localdate()
    ).update(validity=Document.Validity.EXPIRED)
