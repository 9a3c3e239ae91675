"""What both SAML parties share: reading a posted message safely, and the
HTTP-POST binding's page."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_MESSAGE_BYTES = 256 * 1024


class MessageRefused(Exception):
    """A SAML message that will not be acted on; the reason is for the log only."""


def decode_message(value: str) -> str:
    """Base64-decode a posted SAML message and refuse what must never be parsed.

    A DTD or entity declaration has no place in SAML; refusing it before any
    parser sees it closes XXE and entity-expansion attacks at the door.
    """
    if not value or len(value) > MAX_MESSAGE_BYTES * 4 // 3 + 4:
        raise MessageRefused("missing or oversized message")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MessageRefused("not base64") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MessageRefused("not UTF-8") from exc
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise MessageRefused("DTD or entity declaration")
    return text


def encode_message(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def post_form(request: HttpRequest, destination: str, fields: dict[str, str]) -> HttpResponse:
    """The HTTP-POST binding: a form the browser sends on by itself, or with a
    button when JavaScript is off."""
    response = render(request, "saml/post.html", {"destination": destination, "fields": fields})
    response["Cache-Control"] = "no-store"
    target = urlsplit(destination)
    # The page's CSP allows forms to 'self' only; this one goes to the other party.
    response._csp_update = {"form-action": [f"{target.scheme}://{target.netloc}"]}
    return response
