"""The messages the portal sent the citizen about their requests (e-mail and SMS),
newest first: what was sent, when, and whether it was delivered."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema

from api.auth import CitizenToken
from api.throttling import PerToken
from notifications.models import Notification

router = Router(tags=["notifications"], auth=CitizenToken("cases:read"), throttle=[PerToken()])

LIMIT = 100


class NotificationOut(Schema):
    id: int
    channel: str
    subject: str
    case_reference: str | None
    created_at: datetime
    state: str
    sent_at: datetime | None


@router.get("/", response=list[NotificationOut], summary="Messages sent to me (latest 100)")
def list_notifications(request):
    sent = (
        Notification.objects.filter(case__applicant=request.user)
        .select_related("case")
        .only("channel", "subject", "case__reference", "created_at", "state", "sent_at")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    return [
        {
            "id": message.pk,
            "channel": message.channel,
            "subject": message.subject,
            "case_reference": message.case.reference if message.case else None,
            "created_at": message.created_at,
            "state": message.state,
            "sent_at": message.sent_at,
        }
        for message in sent
    ]
