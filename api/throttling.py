"""Rate limits: per access token on the citizen's endpoints, per client address on
the anonymous checks (the same address the web's limits use: portal.client_ip).

Fixed one-window counters in the cache (Redis in production, shared by every web
instance): the first request of a window creates its counter with the window's
lifetime, the others increment it atomically.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from portal.env import Rate, parse_rate


class WindowThrottle(BaseThrottle):
    scope = "api"

    def __init__(self, rate: Rate | None = None) -> None:
        self._rate = rate

    @property
    def rate(self) -> Rate:
        return self._rate or parse_rate(settings.API_TOKEN_RATE_LIMIT)

    def ident(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        ident = self.ident(request)
        if ident is None:
            return True
        rate = self.rate
        now = time.time()
        window = int(now // rate.seconds)
        key = f"api-throttle:{self.scope}:{ident}:{window}"
        # Increment first: every request but a window's first finds its counter, so the
        # usual case costs no `add` round trip to the cache.
        try:
            count = cache.incr(key)
        except ValueError:
            # The window's first request; if another one of the window created the
            # counter meanwhile, `add` refuses and this one increments it.
            created = cache.add(key, 1, timeout=rate.seconds + 1)
            count = 1 if created else cache.incr(key)
        return count <= rate.requests

    def wait(self) -> float:
        """Seconds until the current window ends (no state: the instance is shared
        by every request of the process)."""
        seconds = self.rate.seconds
        return max(1, math.ceil(seconds - time.time() % seconds))


class PerToken(WindowThrottle):
    scope = "token"

    def ident(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return None if token is None else str(token.pk)
