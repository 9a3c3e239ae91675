"""The identity provider's SAML endpoints."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from ugyfelkapu import saml

log = logging.getLogger(__name__)


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    return HttpResponse(saml.idp_metadata_xml(), content_type="application/samlmetadata+xml")


@csrf_exempt  # posted by the service provider's page; the request's signature is the proof
@require_POST
@ratelimit(key="ip", rate="30/m", block=True)
def single_sign_on(request: HttpRequest) -> HttpResponse:
    try:
        pending = saml.parse_authn_request(
            request.POST.get("SAMLRequest", ""), request.POST.get("RelayState", "")
        )
    except saml.RequestRefused as exc:
        log.warning("AuthnRequest refused: %s", exc)
        return render(request, "ugyfelkapu/request_refused.html", status=400)
    account = saml.current_account(request)
    if account is not None and request.session.get(saml.METHOD) == pending["method"]:
        # Already logged in at the IdP with the method asked for: single sign-on.
        return saml.render_authn_response(request, account, pending["method"], pending)
    request.session[saml.PENDING] = pending
    query = urlencode({"method": pending["method"]}) if pending["method"] else ""
    return redirect(reverse("ugyfelkapu:login") + (f"?{query}" if query else ""))


@csrf_exempt  # posted by the service provider's page; the request's signature is the proof
@require_POST
def single_logout(request: HttpRequest) -> HttpResponse:
    try:
        return saml.handle_logout_request(
            request, request.POST.get("SAMLRequest", ""), request.POST.get("RelayState", "")
        )
    except saml.RequestRefused as exc:
        log.warning("LogoutRequest refused: %s", exc)
        return render(request, "ugyfelkapu/request_refused.html", status=400)
