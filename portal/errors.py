"""The server-error view the URL conf names (`handler500`).

A request that failed because the database could not be reached (PostgreSQL
restarting, a fail-over, the connection limit) is not a bug: the citizen gets the
503 page with Retry-After instead of the 500 page, and nothing was written, since
every request is one transaction (ATOMIC_REQUESTS). Both pages are rendered
without the request, the database or context processors.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

log = logging.getLogger(__name__)

# Seconds a browser or a client library is asked to wait before trying again: a
# PostgreSQL restart or fail-over takes about this long.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    if _database_unreachable(sys.exc_info()[1]):
        return database_unavailable()
    return defaults.server_error(request)


def database_unavailable() -> HttpResponse:
    # Never the path or the query: they may carry personal identifiers.
    log.warning("database unreachable: answered 503")
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database_unreachable(error: BaseException | None) -> bool:
    """The error, or one it was raised from, is the database refusing us."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False
