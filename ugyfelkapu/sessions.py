"""The identity provider's own browser session, apart from the portal's.

A real IdP lives on another site than the services it logs citizens in to, and so
shares no cookie with them. The built-in one shares the portal's host, so it keeps
the same distance by hand: under its URL prefix `request.session` is a session of
its own store (`IdPSession`), carried by its own cookie that is sent to the prefix
only, and the portal's session cookie is neither read nor written there. A
cross-site AuthnRequest, which arrives without the portal's `SameSite=Lax` cookie,
so can never replace the portal's session and log the citizen out of it
(docs/adr/0009-identity-provider-session.md).
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

COOKIE_NAME = "ugyfelkapu_session"


class SessionStore(CachedDBStore):
    """Django's cached database sessions, in the IdP's own table and cache keys."""

    cache_key_prefix = "ugyfelkapu.sessions"

    @classmethod
    def get_model_class(cls):
        from ugyfelkapu.models import IdPSession

        return IdPSession


def url_prefix() -> str:
    """Where the identity provider's pages live (its cookie's path)."""
    return reverse("ugyfelkapu:metadata").removesuffix("metadata/")


def _loopback(request: HttpRequest) -> bool:
    try:
        host = request.get_host().rsplit(":", 1)[0].strip("[]")
    except DisallowedHost:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cookie_flags(request: HttpRequest) -> dict:
    """`Secure` where the portal's cookie is (and on loopback, which browsers treat
    as a secure origin); then `SameSite=None`, so that the cross-site POST of a
    foreign service provider still finds the citizen's IdP login. Browsers refuse
    `SameSite=None` without `Secure`, so a plain-HTTP development host gets `Lax`."""
    secure = settings.SESSION_COOKIE_SECURE or request.is_secure() or _loopback(request)
    return {
        "path": url_prefix(),
        "secure": secure,
        "httponly": True,
        "samesite": "None" if secure else "Lax",
    }


class IdPSessionMiddleware:
    """Under the IdP's prefix, `request.session` is the IdP's session.

    It sits right after Django's SessionMiddleware: it replaces the portal's session
    before any other middleware or view can read it, and removes its own again on
    the way out, so that SessionMiddleware finds no session to save and leaves the
    portal's cookie alone. The portal's logged-in user is therefore not seen (nor
    changed) by the IdP's pages, as on a real IdP of another site.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(url_prefix()):
            return self.get_response(request)
        request.session = SessionStore(request.COOKIES.get(COOKIE_NAME))
        response = self.get_response(request)
        self._save(request, response)
        del request.session
        return response

    def _save(self, request: HttpRequest, response: HttpResponse) -> None:
        """What Django's SessionMiddleware does for its cookie, for the IdP's."""
        session = request.session
        flags = cookie_flags(request)
        if COOKIE_NAME in request.COOKIES and session.is_empty():
            response.delete_cookie(COOKIE_NAME, path=flags["path"], samesite=flags["samesite"])
            patch_vary_headers(response, ("Cookie",))
            return
        if session.accessed:
            patch_vary_headers(response, ("Cookie",))
        if not session.modified or session.is_empty() or response.status_code >= 500:
            return
        if session.get_expire_at_browser_close():
            max_age, expires = None, None
        else:
            max_age = session.get_expiry_age()
            expires = http_date(time.time() + max_age)
        try:
            session.save()
        except UpdateError:
            # Another request ended the session meanwhile (a logout): as Django does.
            raise SessionInterrupted(
                "The request's session was deleted before the request completed."
            ) from None
        response.set_cookie(
            COOKIE_NAME, session.session_key, max_age=max_age, expires=expires, **flags
        )
