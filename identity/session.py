"""How long a login lasts: an idle limit and an absolute limit.

A logged-in user is logged out after `PORTAL_SESSION_IDLE_MINUTES` without a
request, and `PORTAL_SESSION_MAX_HOURS` after login whatever they do. The
browser shows a warning before the idle limit (static/js/session-timeout.js)
and can extend the session through `keepalive`: the time limit can be
extended, as WCAG 2.2.1 (Timing Adjustable) asks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

# Seconds since the epoch, so that the values survive the JSON session serializer.
LOGIN_AT = "identity:login_at"
LAST_ACTIVITY = "identity:last_activity"

# The warning dialog opens this long before the idle limit.
WARNING = timedelta(minutes=2)

# The activity stamp moves at most once a minute (a tenth of a very short idle
# limit): a page view within that step of the stamp changes nothing else in the
# session, and writing the stamp anyway made every page view a database and cache
# write. The idle limit counts from the stamp, so a login ends between the idle
# limit minus one step and the idle limit after the last request; every page (and
# every response, for htmx) tells the warning dialog how old the stamp is, so that
# the browser counts from the same moment as the server (ADR 0026).
ACTIVITY_STEP = timedelta(minutes=1)
# The response header that carries the stamp's age in seconds.
ACTIVITY_AGE_HEADER = "X-Session-Activity-Age"


def idle_timeout() -> timedelta:
    return timedelta(minutes=settings.PORTAL_SESSION_IDLE_MINUTES)


def absolute_timeout() -> timedelta:
    return timedelta(hours=settings.PORTAL_SESSION_MAX_HOURS)


def activity_step() -> timedelta:
    return min(ACTIVITY_STEP, idle_timeout() / 10)


def start_session(request: HttpRequest) -> None:
    """Start both clocks. Called right after `django.contrib.auth.login()`,
    which has already given the session a new key."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[LAST_ACTIVITY] = now


def record_activity(request: HttpRequest) -> None:
    request.session[LAST_ACTIVITY] = time.time()


@dataclass(frozen=True)
class SessionTimes:
    """What the page tells the warning dialog, in whole seconds."""

    idle_seconds: int
    warning_seconds: int
    remaining_seconds: int
    # How long ago the server last noted activity: the idle clock runs from then.
    activity_age_seconds: int


def _expiry_reason(session, now: float) -> str | None:
    if now - session[LOGIN_AT] >= absolute_timeout().total_seconds():
        hours = settings.PORTAL_SESSION_MAX_HOURS
        return ngettext(
            "For your security, a login lasts at most %(hours)d hour. Please log in again.",
            "For your security, a login lasts at most %(hours)d hours. Please log in again.",
            hours,
        ) % {"hours": hours}
    if now - session[LAST_ACTIVITY] >= idle_timeout().total_seconds():
        minutes = settings.PORTAL_SESSION_IDLE_MINUTES
        return ngettext(
            "You were logged out because there was no activity for %(minutes)d minute.",
            "You were logged out because there was no activity for %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
    return None


def _times(session, now: float) -> SessionTimes:
    idle = int(idle_timeout().total_seconds())
    remaining = int(session[LOGIN_AT] + absolute_timeout().total_seconds() - now)
    return SessionTimes(
        idle_seconds=idle,
        # A very short idle limit (tests, demos) still leaves time to act.
        warning_seconds=min(int(WARNING.total_seconds()), idle // 2),
        remaining_seconds=max(remaining, 0),
        activity_age_seconds=max(int(now - session[LAST_ACTIVITY]), 0),
    )


class SessionTimeoutMiddleware:
    """Log out sessions past either limit; otherwise note the request as activity.

    It sits before MessageMiddleware, so for the logout it stores the message
    itself, the way MessageMiddleware would have.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            if LOGIN_AT not in session or LAST_ACTIVITY not in session:
                # Logged in by a path that does not call start_session (the
                # clerks' admin login): the clock starts now.
                start_session(request)
            now = time.time()
            reason = _expiry_reason(session, now)
            if reason is not None:
                return self._log_out(request, reason)
            # Every request counts, but the stamp moves only in steps (see
            # ACTIVITY_STEP); the page says its age, so the clocks still agree.
            if now - session[LAST_ACTIVITY] >= activity_step().total_seconds():
                record_activity(request)
            request.session_times = _times(session, now)
        response = self.get_response(request)
        if request.user.is_authenticated and LOGIN_AT not in request.session:
            # The login happened during this request.
            start_session(request)
        if request.user.is_authenticated and LAST_ACTIVITY in request.session:
            # Read after the view: "Stay logged in" has just moved the stamp.
            age = max(int(time.time() - request.session[LAST_ACTIVITY]), 0)
            response.headers[ACTIVITY_AGE_HEADER] = str(age)
        return response

    def _log_out(self, request: HttpRequest, reason: str) -> HttpResponse:
        logout(request)  # flushes the session
        home = reverse("portal:home")
        if request.headers.get("HX-Request") == "true":
            response = HttpResponseClientRedirect(home)
        else:
            response = redirect(home)
        request._messages = default_storage(request)
        messages.info(request, reason)
        request._messages.update(response)
        return response


@require_POST
@login_required
def keepalive(request: HttpRequest) -> HttpResponse:
    """The warning dialog's "Stay logged in": a request, hence activity."""
    record_activity(request)
    return HttpResponse(status=204)
