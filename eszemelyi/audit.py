"""The card audit trail: append a hash-chained event, and verify the chain."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from eszemelyi.models import GENESIS, CardAuditEvent, CardOperation
from eszemelyi.sealing import pseudonym
from portal.client_ip import client_ip

# Two writers appending at once both pick the same predecessor; the unique
# `prev_hash` lets only one of them in, and the other tries again on top of it.
_ATTEMPTS = 5


def record(
    kind: str,
    *,
    operation: CardOperation | None = None,
    user=None,
    code: str = "",
    note: str = "",
    request=None,
    bridge_version: str = "",
) -> CardAuditEvent:
    """Append one event. `note` must never hold a PIN, PUK, CAN or a clear phone number."""
    user_id = getattr(user, "pk", None) or (operation.user_id if operation else None)
    fields = {
        "kind": kind,
        "operation": operation,
        "operation_ref": str(operation.pk) if operation else "",
        "user_ref": pseudonym(user_id) if user_id else "",
        "code": code[:40],
        "note": note[:300],
        "bridge_version": (bridge_version or (operation.bridge_version if operation else ""))[:40],
    }
    if request is not None:
        fields["ip"] = client_ip(request) or None
        fields["user_agent"] = request.META.get("HTTP_USER_AGENT", "")[:200]
    for attempt in range(_ATTEMPTS):
        last = CardAuditEvent.objects.order_by("-pk").values_list("event_hash", flat=True).first()
        event = CardAuditEvent(prev_hash=last or GENESIS, **fields)
        event.event_hash = event.compute_hash()
        try:
            with transaction.atomic():
                event.save()
            return event
        except IntegrityError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def verify_chain() -> int | None:
    """The pk of the first event whose hash or link does not hold, or None if all do."""
    previous = GENESIS
    for event in CardAuditEvent.objects.order_by("pk").iterator():
        if event.prev_hash != previous or event.compute_hash() != event.event_hash:
            return event.pk
        previous = event.event_hash
    return None
