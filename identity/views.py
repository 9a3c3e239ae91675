"""Citizen login and logout through the SAML identity provider."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from saml2.saml import name_id_from_string

from identity import saml
from identity.actions import user_from_login
from portal.saml_binding import post_form

log = logging.getLogger(__name__)

OUTSTANDING = "identity:saml_outstanding"  # AuthnRequest id -> where to go after login
SLO_OUTSTANDING = "identity:slo_outstanding"
SAML_SESSION = "identity:saml_session"  # what single logout needs: subject and session index
METHODS = ("totp", "email", "phone", "card")


def safe_next(request: HttpRequest, target: str | None) -> str:
    """A path inside the portal, or My requests: RelayState never leads elsewhere."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return "/my-requests/"


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/m", method="POST", block=True)
def login(request: HttpRequest) -> HttpResponse:
    """GET: choose a login method. POST: send a signed AuthnRequest for it."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "GET":
        return render(request, "identity/login.html", {"next": next_url, "methods": METHODS})
    method = request.POST.get("method")
    if method not in METHODS:
        return render(
            request,
            "identity/login.html",
            {"next": next_url, "methods": METHODS, "error": _("Choose how you want to log in.")},
            status=400,
        )
    request_id, destination, encoded = saml.authn_request(method)
    outstanding = request.session.get(OUTSTANDING, {})
    # Keep only the latest few: several tabs may start a login at once.
    outstanding = dict(list(outstanding.items())[-4:])
    outstanding[request_id] = safe_next(request, next_url)
    request.session[OUTSTANDING] = outstanding
    return post_form(request, destination, {"SAMLRequest": encoded, "RelayState": request_id})


@csrf_exempt  # posted by the identity provider's page; the signed response is the proof
@require_POST
@ratelimit(key="ip", rate="30/m", block=True)
def assertion_consumer(request: HttpRequest) -> HttpResponse:
    outstanding = request.session.get(OUTSTANDING, {})
    try:
        result = saml.accept_response(request.POST.get("SAMLResponse", ""), outstanding)
    except saml.LoginRefused as exc:
        log.warning("SAML response refused: %s", exc)
        return render(request, "identity/login_failed.html", status=403)
    target = outstanding.pop(result["request_id"], "/my-requests/")
    user = user_from_login(result)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    _start_session(request)
    request.session[SAML_SESSION] = {
        "name_id": str(result["name_id"]),
        "session_index": result["session_index"],
    }
    log.info("citizen logged in with method %s", result["method"] or "unknown")
    return redirect(safe_next(request, target))


def _start_session(request: HttpRequest) -> None:
    from identity.session import start_session

    start_session(request)


@transaction.non_atomic_requests  # the session's deletion must stand whatever follows
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the session here at once, then at the identity provider (single logout)."""
    saml_session = request.session.get(SAML_SESSION)
    auth_logout(request)  # flushes the session: nothing of it survives on the server
    if saml_session:
        try:
            request_id, destination, encoded = saml.logout_request(
                name_id_from_string(saml_session["name_id"]), saml_session["session_index"]
            )
        except Exception:  # the IdP side can fail; the portal's logout already happened
            log.exception("single logout request could not be built")
        else:
            request.session[SLO_OUTSTANDING] = request_id
            return post_form(request, destination, {"SAMLRequest": encoded})
    messages.info(request, _("You have logged out."))
    return redirect("portal:home")


@csrf_exempt  # posted by the identity provider's page; the signed response is the proof
@require_POST
def single_logout_service(request: HttpRequest) -> HttpResponse:
    outstanding = request.session.pop(SLO_OUTSTANDING, "")
    try:
        saml.accept_logout_response(request.POST.get("SAMLResponse", ""), outstanding)
    except saml.LoginRefused as exc:
        log.warning("SAML logout response refused: %s", exc)
        messages.warning(
            request,
            _(
                "You have logged out of the portal. The identity provider "
                "did not confirm its logout: close the browser to be sure."
            ),
        )
        return redirect("portal:home")
    messages.info(request, _("You have logged out."))
    return redirect("portal:home")


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    return HttpResponse(saml.sp_metadata_xml(), content_type="application/samlmetadata+xml")
