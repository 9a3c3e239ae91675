"""The Redis cache, degraded instead of failing while Redis is unreachable.

Every request reads the cache (cached_db sessions, rate limits, the identity
provider's lockout memory, the status page), so a Redis outage must not become a
500 on every page. While Redis cannot be reached this backend behaves like an
empty cache that keeps nothing: reads miss, writes are dropped, `add` stores
nothing (so nobody takes a lock that is not there) and `incr` counts from zero,
which lets rate limits pass (ADR "cache outage"): sessions fall back to their
database rows. After a failure Redis is left alone for `RETRY_SECONDS`, so a
dead server costs each request nothing, not a connection attempt per call.
"""

from __future__ import annotations

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# How long a process serves from the "empty cache" after Redis failed it.
RETRY_SECONDS = 5.0
# What an outage looks like (BusyLoadingError, a Redis still loading its data, is
# a ConnectionError too). Anything else, a wrong type for instance, is a bug.
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Breaker:
    """When this process last saw Redis fail; shared by the threads of a worker."""

    def __init__(self) -> None:
        self.failed_at: float | None = None
        self.lock = threading.Lock()

    def open(self) -> bool:
        failed_at = self.failed_at
        return failed_at is not None and time.monotonic() - failed_at < RETRY_SECONDS

    def trip(self, operation: str, error: BaseException) -> None:
        with self.lock:
            first = self.failed_at is None
            self.failed_at = time.monotonic()
        if first:
            log.warning("cache unreachable (%s: %s): serving without it", operation, error)

    def reset(self) -> None:
        if self.failed_at is not None:
            with self.lock:
                self.failed_at = None
            log.warning("cache reachable again")


breaker = _Breaker()


def _degrades(fallback):
    """Run the client call; during an outage return `fallback(*args)` instead."""

    def decorator(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            if breaker.open():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except OUTAGE as error:
                breaker.trip(method.__name__, error)
                return fallback(*args, **kwargs)
            breaker.reset()
            return result

        return wrapped

    return decorator


class ResilientRedisCacheClient(RedisCacheClient):
    @_degrades(lambda key, value, timeout: False)
    def add(self, key, value, timeout):
        return super().add(key, value, timeout)

    @_degrades(lambda key, default: default)
    def get(self, key, default):
        return super().get(key, default)

    @_degrades(lambda key, value, timeout: None)
    def set(self, key, value, timeout):
        return super().set(key, value, timeout)

    @_degrades(lambda key, timeout: False)
    def touch(self, key, timeout):
        return super().touch(key, timeout)

    @_degrades(lambda key: False)
    def delete(self, key):
        return super().delete(key)

    @_degrades(lambda keys: {})
    def get_many(self, keys):
        return super().get_many(keys)

    @_degrades(lambda key: False)
    def has_key(self, key):
        return super().has_key(key)

    # A counter nobody can read starts again: the first request of a window.
    @_degrades(lambda key, delta: delta)
    def incr(self, key, delta):
        return super().incr(key, delta)

    @_degrades(lambda data, timeout: [])
    def set_many(self, data, timeout):
        return super().set_many(data, timeout)

    @_degrades(lambda keys: None)
    def delete_many(self, keys):
        return super().delete_many(keys)

    # A window nobody can read opens again: this request is its first.
    @_degrades(lambda count_key, opened_key, now, seconds: (1, now))
    def count_in_window(self, count_key, opened_key, now, seconds):
        """One request more in a fixed window (portal.rate_limits): opens the window if
        it is not open (both keys expire together), counts, and reads when it opened,
        in one atomic round trip (MULTI) instead of four."""
        client = self.get_client(count_key, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(opened_key, self._serializer.dumps(now), nx=True, ex=seconds)
            pipe.set(count_key, 0, nx=True, ex=seconds)
            pipe.incr(count_key)
            pipe.get(opened_key)
            *_, count, opened = pipe.execute()
        return count, self._serializer.loads(opened)

    @_degrades(lambda: False)
    def clear(self):
        return super().clear()


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, served empty while Redis is unreachable."""

    @cached_property
    def _cache(self) -> ResilientRedisCacheClient:
        return ResilientRedisCacheClient(self._servers, **self._options)

    def count_in_window(
        self, count_key: str, opened_key: str, now: float, seconds: int
    ) -> tuple[int, float]:
        """(requests in the window so far, when it opened); see the client's method.
        Both keys are on one server: the portal names one Redis in LOCATION."""
        return self._cache.count_in_window(
            self.make_and_validate_key(count_key),
            self.make_and_validate_key(opened_key),
            now,
            seconds,
        )
