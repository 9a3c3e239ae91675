"""Keep a citizen with incomplete data on the completion pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_htmx.http import HttpResponseClientRedirect

from identity.completion import needs_completion

# Pages a citizen can reach before completing the data: the completion pages
# themselves, logout, and what they need to work (language switch, assets,
# health probe and status page (a citizen waiting for the confirmation e-mail may
# want to know whether mail works), both sides of the SAML login — the identity
# provider runs in this same site).
ALLOWED_VIEWS = {
    "identity:complete_profile",
    "identity:confirm_email",
    "identity:resend_confirmation",
    "identity:keepalive",
    "identity:logout",
}
ALLOWED_PREFIXES = ("/i18n/", "/static/", "/health/", "/status/", "/saml/", "/ugyfelkapu/")
# Where the confirmation e-mail can be read when no real mail is sent.
SANDBOX_PREFIX = "/sandbox/"


def _allowed(path: str) -> bool:
    if path.startswith(ALLOWED_PREFIXES):
        return True
    if settings.PORTAL_SANDBOX and path.startswith(SANDBOX_PREFIX):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in ALLOWED_VIEWS


class FirstLoginMiddleware:
    """A citizen (never a clerk) who lacks any of the 4T data or a confirmed
    e-mail address is sent to the completion page from everywhere else."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_staff
            and needs_completion(user)
            and not _allowed(request.path_info)
        ):
            target = reverse("identity:complete_profile")
            # Runs before django-htmx's middleware, so request.htmx is not set yet.
            if request.headers.get("HX-Request") == "true":
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)
