"""The register's nightly upkeep: documents past their expiry date become expired."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from documents.models import Document

log = logging.getLogger(__name__)

# Rows per UPDATE: a national register has a few thousand expiries a day, but a first
# run (or one after a long pause) may meet millions; short transactions keep each
# lock and each batch of WAL small, and a stopped run keeps what it did.
BATCH_SIZE = 10_000


@shared_task(acks_late=True)
def expire_documents() -> int:
    """Mark documents past their expiry date as expired (idempotent: a second run
    finds none), in batches read through the valid-expiry index."""
    today = timezone.localdate()
    expired = 0
    while True:
        with transaction.atomic():
            batch = Document.objects.filter(
                pk__in=list(
                    Document.objects.filter(validity=Document.Validity.VALID, expires_on__lt=today)
                    # In index order: with a plain LIMIT the planner may prefer a
                    # sequential scan that expects to meet expired rows early, and
                    # reads the whole register when there are none.
                    .order_by("expires_on")
                    .values_list("pk", flat=True)[:BATCH_SIZE]
                ),
                validity=Document.Validity.VALID,
            ).update(validity=Document.Validity.EXPIRED)
        expired += batch
        if batch < BATCH_SIZE:
            break
    if expired:
        log.info("documents expired: %d", expired)
    return expired
