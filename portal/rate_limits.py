"""The page a throttled request gets, and the limit of the anonymous services.

django-ratelimit shows the page (RATELIMIT_VIEW), and the login, account and card
views return it when they throttle by hand. It lives apart from `portal.views` so
that an app can answer with it without importing the portal's pages and all they
read.

`anonymous_limit(group)` guards the views a visitor uses without logging in (the
document checks, the public verification page): every request of one client
address to one group of views counts, `PORTAL_ANONYMOUS_RATE_LIMIT` of them are
answered in a window that opens with the client's first request, the next ones
get the 429 page saying how long to wait. The counter is the only thing kept:
its key is a hash of the group and the address, nothing the visitor entered is
read, stored or logged here.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.client_ip import client_ip
from portal.env import Rate, parse_rate

logger = logging.getLogger(__name__)


def rate_limited(
    request: HttpRequest, exception: Exception | None, *, retry_after: int | None = None
) -> HttpResponse:
    response = render(request, "portal/rate_limited.html", {"retry_after": retry_after}, status=429)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _keys(group: str, address: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{group}\0{address}".encode()).hexdigest()[:32]
    return f"anonlimit:{digest}:count", f"anonlimit:{digest}:opened"


def hit(group: str, address: str, rate: Rate, now: float | None = None) -> int | None:
    """Count one request; None when it is within the limit, otherwise the seconds to wait."""
    now = time.time() if now is None else now
    count_key, opened_key = _keys(group, address)
    if hasattr(cache, "count_in_window"):  # Redis: one round trip (portal.cache)
        count, opened = cache.count_in_window(count_key, opened_key, now, rate.seconds)
        if count <= rate.requests:
            return None
        return max(1, math.ceil(opened + rate.seconds - now))
    # The window opens with the first request and closes `rate.seconds` later:
    # both keys expire then, and the next request opens a new one. `add` leaves a
    # key another request has just made alone, and `incr` is atomic (Redis INCRBY).
    cache.add(opened_key, now, timeout=rate.seconds)
    cache.add(count_key, 0, timeout=rate.seconds)
    try:
        count = cache.incr(count_key)
    except ValueError:
        # The counter expired between the two calls: this request opens the window.
        cache.add(opened_key, now, timeout=rate.seconds)
        cache.add(count_key, 0, timeout=rate.seconds)
        count = cache.incr(count_key)
    if count <= rate.requests:
        return None
    opened = cache.get(opened_key, now)
    return max(1, math.ceil(opened + rate.seconds - now))


def anonymous_limit(group: str) -> Callable:
    """Limit a view to PORTAL_ANONYMOUS_RATE_LIMIT requests per client address."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            rate = parse_rate(settings.PORTAL_ANONYMOUS_RATE_LIMIT)
            wait = hit(group, client_ip(request), rate)
            if wait is not None:
                # Neither the address nor anything the visitor sent: the group only.
                logger.info("anonymous rate limit reached group=%s", group)
                return rate_limited(request, None, retry_after=wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
