"""Delivery of the outbox's letters, faxes and official gateway messages.

Letters and faxes go to the operator's printing house and fax service through the
callables named in PORTAL_LETTER_BACKEND and PORTAL_FAX_BACKEND, `(recipient,
subject, text)`, as SMS goes through PORTAL_SMS_BACKEND. Messages to a body's
official electronic gateway (hivatali kapu) are posted as JSON to
PORTAL_GATEWAY_URL: in development the sandbox gateway (/sandbox/gateway/), in
production the endpoint of the state's gateway service, with the bearer token of
PORTAL_GATEWAY_TOKEN. Any answer but a 2xx is a failure that the outbox retries.
"""

from __future__ import annotations

import json
import urllib.request

from django.conf import settings


class ChannelNotConfigured(RuntimeError):
    pass


class GatewayRefused(RuntimeError):
    pass


def unconfigured(recipient: str, subject: str, text: str) -> None:
    raise ChannelNotConfigured("no delivery service is configured for this channel")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirected gateway message is not delivered: fail and retry


_opener = urllib.request.build_opener(_NoRedirects)


def post_to_gateway(
    recipient: str, subject: str, text: str, data: dict, *, message_id: str
) -> None:
    """Deliver one message to the gateway of `recipient` (the body's gateway code)."""
    url = settings.PORTAL_GATEWAY_URL
    if not url:
        raise ChannelNotConfigured("PORTAL_GATEWAY_URL is not set")
    body = json.dumps(
        {
            "message_id": message_id,
            "recipient": recipient,
            "subject": subject,
            "text": text,
            "data": data,
        },
        ensure_ascii=False,
    ).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if settings.PORTAL_GATEWAY_TOKEN:
        headers["Authorization"] = f"Bearer {settings.PORTAL_GATEWAY_TOKEN}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.PORTAL_GATEWAY_TIMEOUT) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        raise GatewayRefused(f"the gateway answered {error.code}") from None
    if not 200 <= status < 300:
        raise GatewayRefused(f"the gateway answered {status}")
