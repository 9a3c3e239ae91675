"""Which browser started a SAML request: state that survives a cross-site answer.

The identity provider answers by a top-level POST (or, for logout, a GET) from
its own site; browsers do not send the `SameSite=Lax` session cookie with it.
So an outstanding request is kept server-side (`PendingRequest`, keyed by its
id, with an expiry) and bound to the browser that started it by a random secret
in a cookie of its own: `SameSite=None` so that it does come back with the
cross-site answer, `Secure` and `HttpOnly`, its path limited to the one endpoint
that reads it, and a lifetime of one login. The row stores only the secret's
SHA-256. An answer is accepted only if its InResponseTo names a row bound to
the secret the browser sent, and that row is deleted when the answer is
accepted, so a request is answered once. Why this is safe: the ADR on cross-site
SAML answers (docs/adr).
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import timezone

from identity.models import PendingRequest

Kind = PendingRequest.Kind

# How long a citizen may take at the identity provider (choosing a method,
# typing a code, reading a card) before the answer is refused as stale. The
# assertion itself is checked against its own, shorter time window.
LIFETIME = timedelta(minutes=15)

# Several tabs may start a login at once; older requests of the same browser
# beyond this many are dropped, as a cap on what one browser can leave behind.
MAX_PER_BROWSER = 5

COOKIES = {Kind.LOGIN: "saml_login_binding", Kind.LOGOUT: "saml_logout_binding"}
ENDPOINTS = {Kind.LOGIN: "saml:acs", Kind.LOGOUT: "saml:sls"}

# The login binding secret is kept in the (same-site) session as well, so that
# logins started in several tabs share one cookie instead of overwriting it.
SESSION_SECRET = "identity:saml_binding_secret"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def remember(
    request: HttpRequest, response: HttpResponse, kind: str, request_id: str, next_url: str = ""
) -> None:
    """Keep `request_id` as sent by this browser; set the binding cookie on `response`."""
    if kind == Kind.LOGIN:
        secret = request.session.get(SESSION_SECRET) or secrets.token_urlsafe(32)
        request.session[SESSION_SECRET] = secret
    else:
        # Logout follows a flushed session: nothing to share, a fresh secret.
        secret = secrets.token_urlsafe(32)
    browser = _digest(secret)
    PendingRequest.objects.create(
        request_id=request_id,
        kind=kind,
        browser=browser,
        next_url=next_url,
        expires_at=timezone.now() + LIFETIME,
    )
    older = PendingRequest.objects.filter(kind=kind, browser=browser).order_by("-expires_at")
    PendingRequest.objects.filter(
        pk__in=list(older.values_list("pk", flat=True)[MAX_PER_BROWSER:])
    ).delete()
    secure = _secure_origin(request)
    response.set_cookie(
        COOKIES[kind],
        secret,
        max_age=int(LIFETIME.total_seconds()),
        path=reverse(ENDPOINTS[kind]),
        secure=secure,
        httponly=True,
        # Browsers refuse SameSite=None without Secure, and refuse Secure from a
        # plain-HTTP origin that is not loopback; there (a development machine
        # reached by its LAN address) Lax keeps same-site logins working.
        samesite="None" if secure else "Lax",
    )


def _secure_origin(request: HttpRequest) -> bool:
    """HTTPS, production, or a loopback host (which browsers treat as a secure
    origin: Chromium and Firefox accept Secure cookies from http://localhost
    and http://127.0.0.1)."""
    if request.is_secure() or settings.SESSION_COOKIE_SECURE:
        return True
    host, _ = split_domain_port(request.get_host())
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def browser_of(request: HttpRequest, kind: str) -> str | None:
    """The binding this browser sent for `kind`, or None without the cookie."""
    secret = request.COOKIES.get(COOKIES[kind])
    return _digest(secret) if secret else None


def outstanding(browser: str | None, kind: str) -> dict[str, str]:
    """This browser's live requests of `kind`: request id -> where to go next."""
    if browser is None:
        return {}
    rows = PendingRequest.objects.filter(kind=kind, browser=browser, expires_at__gt=timezone.now())
    return dict(rows.values_list("request_id", "next_url"))


def take(browser: str | None, kind: str, request_id: str) -> bool:
    """Use up a request once its answer is accepted; False if it was already used.

    The conditional DELETE is the claim: of two answers to one request arriving
    at once, only one deletes the row.
    """
    if browser is None:
        return False
    deleted, _ = PendingRequest.objects.filter(
        kind=kind, browser=browser, request_id=request_id, expires_at__gt=timezone.now()
    ).delete()
    return deleted == 1


def forget(request: HttpRequest, response: HttpResponse, kind: str) -> None:
    """Drop the binding once its request is answered: the next one gets a new secret."""
    if kind == Kind.LOGIN:
        request.session.pop(SESSION_SECRET, None)
    secure = _secure_origin(request)
    response.delete_cookie(
        COOKIES[kind], path=reverse(ENDPOINTS[kind]), samesite="None" if secure else "Lax"
    )
