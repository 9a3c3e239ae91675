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
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit
from saml2.saml import name_id_from_string

from identity import pending, saml
from identity.actions import user_from_login
from portal.saml_binding import post_form, redirect_page

log = logging.getLogger(__name__)

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
    outgoing = saml.authn_request(method)
    response = _send(request, outgoing)
    pending.remember(
        request, response, pending.Kind.LOGIN, outgoing.request_id, safe_next(request, next_url)
    )
    return response


def _send(request: HttpRequest, outgoing: saml.Outgoing) -> HttpResponse:
    if outgoing.location:
        return redirect_page(request, outgoing.location)
    return post_form(request, outgoing.destination, outgoing.fields)


@csrf_exempt  # posted by the identity provider's page; the signed response is the proof
@require_POST
@ratelimit(key="ip", rate="30/m", block=True)
def assertion_consumer(request: HttpRequest) -> HttpResponse:
    """The IdP's answer, usually a cross-site POST without the session cookie:
    the request it answers is found through the binding cookie instead."""
    browser = pending.browser_of(request, pending.Kind.LOGIN)
    outstanding = pending.outstanding(browser, pending.Kind.LOGIN)
    try:
        result = saml.accept_response(request.POST.get("SAMLResponse", ""), outstanding)
        if not pending.take(browser, pending.Kind.LOGIN, result["request_id"]):
            raise saml.NotAwaited("request already answered")  # a concurrent twin won
    except saml.LoginRefused as exc:
        log.warning("SAML response refused: %s", exc)
        return _login_failed(request, browser, exc)
    user = user_from_login(result)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    _start_session(request)
    request.session[SAML_SESSION] = {
        "name_id": str(result["name_id"]),
        "session_index": result["session_index"],
    }
    log.info("citizen logged in with method %s", result["method"] or "unknown")
    response = redirect(safe_next(request, outstanding[result["request_id"]]))
    pending.forget(request, response, pending.Kind.LOGIN)
    return response


def _login_failed(
    request: HttpRequest, browser: str | None, refusal: saml.LoginRefused
) -> HttpResponse:
    """The refusal page, saying which of the citizen's own doings can explain it."""
    if browser is None:
        reason = _(
            "Your browser did not send back the cookie that ties this login to it. "
            "Start the login again in this browser, and allow cookies for this site."
        )
    elif isinstance(refusal, saml.NotAwaited):
        reason = _(
            "No login started in this browser is waiting for this answer: it was "
            "already used, it took longer than %(minutes)d minutes, or the login "
            "was started in another browser."
        ) % {"minutes": int(pending.LIFETIME.total_seconds() // 60)}
    else:
        reason = _(
            "The answer of the identity provider could not be accepted, so you are not "
            "logged in. This happens when a login page was left open too long or was "
            "used twice."
        )
    return render(request, "identity/login_failed.html", {"reason": reason}, status=403)


def _start_session(request: HttpRequest) -> None:
    from identity.session import start_session

    start_session(request)


@transaction.non_atomic_requests  # the session's deletion must stand whatever follows
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the session here at once, then at the identity provider (single logout)."""
    was_logged_in = request.user.is_authenticated
    saml_session = request.session.get(SAML_SESSION)
    auth_logout(request)  # flushes the session: nothing of it survives on the server
    if saml_session:
        try:
            outgoing = saml.logout_request(
                name_id_from_string(saml_session["name_id"]), saml_session["session_index"]
            )
        except Exception:  # the IdP side can fail; the portal's logout already happened
            log.exception("single logout request could not be built")
        else:
            response = _send(request, outgoing)
            pending.remember(request, response, pending.Kind.LOGOUT, outgoing.request_id)
            return response
    if was_logged_in:
        messages.info(request, _("You have logged out."))
    else:
        messages.info(
            request,
            _("You were not logged in (your login may have ended already): nothing changed."),
        )
    return redirect("portal:home")


@csrf_exempt  # sent by the identity provider's page; the signed response is the proof
@require_http_methods(["GET", "POST"])  # HTTP-Redirect or HTTP-POST binding
@ratelimit(key="ip", rate="30/m", block=True)
def single_logout_service(request: HttpRequest) -> HttpResponse:
    """The IdP's answer to our LogoutRequest, usually from another site.

    The portal's own logout happened at `logout`, before the request was sent;
    only a browser that holds that logout's binding cookie is told so here.
    Anything else logged nobody out, and the citizen is told exactly that.
    By the HTTP-Redirect binding the answer is a GET; all it changes is the
    one-use row of the request it answers, which is the point of answering.
    """
    browser = pending.browser_of(request, pending.Kind.LOGOUT)
    outstanding = pending.outstanding(browser, pending.Kind.LOGOUT)
    try:
        if request.method == "GET":
            answer = saml.accept_logout_response(
                outstanding, query_string=request.META.get("QUERY_STRING", "")
            )
        else:
            answer = saml.accept_logout_response(
                outstanding, posted=request.POST.get("SAMLResponse", "")
            )
        if not pending.take(browser, pending.Kind.LOGOUT, answer.request_id):
            raise saml.LoginRefused("logout request already answered")
    except saml.LoginRefused as exc:
        log.warning("SAML logout response refused: %s", exc)
        if outstanding:
            # A forged answer must not use up the request: the genuine one may follow.
            messages.warning(request, _NOT_CONFIRMED)
        else:
            messages.warning(
                request,
                _(
                    "This logout message does not belong to a logout started in this "
                    "browser, so it logged nobody out. If you are still logged in and "
                    "want to leave, use Log out."
                ),
            )
        return redirect("portal:home")
    response = redirect("portal:home")
    pending.forget(request, response, pending.Kind.LOGOUT)
    if answer.confirmed:
        messages.info(request, _("You have logged out."))
    else:
        log.warning("identity provider refused the logout")
        messages.warning(request, _NOT_CONFIRMED)
    return response


_NOT_CONFIRMED = gettext_lazy(
    "You have logged out of the portal. The identity provider "
    "did not confirm its logout: close the browser to be sure."
)


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    return HttpResponse(saml.sp_metadata_xml(), content_type="application/samlmetadata+xml")
