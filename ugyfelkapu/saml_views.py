"""The identity provider's SAML endpoints, each in the HTTP-POST and HTTP-Redirect bindings.

The Redirect binding is a GET that changes the session (the pending request, the
end of a login): SAML defines it so, and the SP's signature over the query string
is its proof, as it is the posted signature's in the POST binding.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from ugyfelkapu import saml
from ugyfelkapu.errors import REQUEST_MESSAGES

log = logging.getLogger(__name__)


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    return HttpResponse(saml.idp_metadata_xml(), content_type="application/samlmetadata+xml")


def _refused(request: HttpRequest, refusal: saml.RequestRefused, *, logout: bool = False):
    log.warning("%s refused: %s", "LogoutRequest" if logout else "AuthnRequest", refusal)
    return render(
        request,
        "ugyfelkapu/request_refused.html",
        {"reason": REQUEST_MESSAGES.get(refusal.code), "logout": logout},
        status=400,
    )


@csrf_exempt  # sent by the service provider's page; the request's signature is the proof
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/m", block=True)
def single_sign_on(request: HttpRequest) -> HttpResponse:
    try:
        if request.method == "GET":
            pending = saml.parse_redirected_authn_request(request.META.get("QUERY_STRING", ""))
        else:
            pending = saml.parse_authn_request(
                request.POST.get("SAMLRequest", ""), request.POST.get("RelayState", "")
            )
    except saml.RequestRefused as refusal:
        return _refused(request, refusal)
    answer = saml.single_sign_on(request, pending)
    if answer is not None:
        return answer
    request.session[saml.PENDING] = pending
    query = urlencode({"method": pending["method"]}) if pending["method"] else ""
    return redirect(reverse("ugyfelkapu:login") + (f"?{query}" if query else ""))


@csrf_exempt  # sent by the service provider's page; the request's signature is the proof
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/m", block=True)
def single_logout(request: HttpRequest) -> HttpResponse:
    data = request.GET if request.method == "GET" else request.POST
    try:
        if "SAMLResponse" in data:
            saml.refuse_logout_response(request)
        if request.method == "GET":
            return saml.handle_redirected_logout_request(
                request, request.META.get("QUERY_STRING", "")
            )
        return saml.handle_logout_request(
            request, request.POST.get("SAMLRequest", ""), request.POST.get("RelayState", "")
        )
    except saml.RequestRefused as refusal:
        return _refused(request, refusal, logout=True)
