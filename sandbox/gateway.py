"""The sandbox's stand-in for the official electronic gateway (hivatali kapu).

The portal posts change notices to PORTAL_GATEWAY_URL over HTTP, exactly as it
would to the state's gateway service; in the sandbox that address is
/sandbox/gateway/inbox/, which keeps what arrives, and /sandbox/gateway/ shows it.
A repeated message id (a retried delivery) is accepted once.
"""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sandbox.models import GatewayMessage

MAX_BODY = 256 * 1024


def _authorised(request: HttpRequest) -> bool:
    token = settings.PORTAL_GATEWAY_TOKEN
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@csrf_exempt  # a machine-to-machine endpoint, authenticated by its bearer token
@require_POST
def inbox(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        return JsonResponse({"error": "unauthorised"}, status=401)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        message = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "not JSON"}, status=400)
    if not isinstance(message, dict):
        return JsonResponse({"error": "not an object"}, status=400)
    message_id, recipient = message.get("message_id"), message.get("recipient")
    if not isinstance(message_id, str) or not isinstance(recipient, str):
        return JsonResponse({"error": "message_id and recipient are required"}, status=400)
    data = message.get("data")
    try:
        with transaction.atomic():
            stored = GatewayMessage.objects.create(
                message_id=message_id[:100],
                recipient=recipient[:100],
                subject=str(message.get("subject") or "")[:250],
                text=str(message.get("text") or ""),
                data=data if isinstance(data, dict) else {},
            )
    except IntegrityError:
        stored = GatewayMessage.objects.get(message_id=message_id[:100])
        return JsonResponse({"received": stored.pk, "duplicate": True})
    return JsonResponse({"received": stored.pk}, status=201)


@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "sandbox/gateway_list.html", {"received": GatewayMessage.objects.all()[:200]}
    )


@require_GET
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(GatewayMessage, pk=pk)
    return render(
        request,
        "sandbox/gateway_detail.html",
        {"message": message, "data": json.dumps(message.data, ensure_ascii=False, indent=2)},
    )
