from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def expire_operations() -> int:
    """Close open card operations whose time ran out, wiping their sealed parameters
    (emergency numbers are third persons' data: kept no longer than needed)."""
    from eszemelyi.models import CardOperation, OperationState
    from eszemelyi.operations import finish

    expired = 0
    for operation in CardOperation.objects.open().filter(expires_at__lte=timezone.now()):
        finish(operation, OperationState.EXPIRED, "expired")
        expired += 1
    return expired


@shared_task(acks_late=True)
def issue_pin_envelope(case_id: int) -> int | None:
    """Render the PIN envelope of a first e-signature certificate, once, then forget its
    secrets: from then on they exist only in the envelope (and the revocation password
    as a hash)."""
    from cases.models import Case
    from cases.pdf import issue_document
    from eszemelyi.models import EsignRequest
    from eszemelyi.sealing import unseal

    case = Case.objects.select_related("applicant__person").get(pk=case_id)
    detail = EsignRequest.objects.get(case=case)
    existing = case.documents.filter(kind="pin_envelope").first()
    if existing is not None or not detail.envelope_sealed:
        return existing.pk if existing else None
    document = issue_document(
        case,
        "pin_envelope",
        case.type.documents["pin_envelope"],
        context={"detail": detail, "envelope": unseal(detail.envelope_sealed)},
    )
    EsignRequest.objects.filter(pk=detail.pk).update(envelope_sealed="")
    return document.pk
