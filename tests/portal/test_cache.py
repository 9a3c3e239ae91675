"""The cache served empty while Redis is unreachable: portal/cache.py."""

from __future__ import annotations

import logging
import os
import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from portal import cache as resilient


def _closed_port() -> int:
    """A local port nothing listens on: connections to it are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dead_redis(settings, monkeypatch):
    """The default cache (and the sessions' cache) on a Redis that is not there."""
    monkeypatch.setattr(resilient.breaker, "failed_at", None)
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    yield cache
    resilient.breaker.failed_at = None


def test_an_unreachable_redis_is_an_empty_cache_that_keeps_nothing(dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert dead_redis.get("k", "default") == "default"
        dead_redis.set("k", 1)
        assert dead_redis.get("k") is None
        assert dead_redis.add("lock", 1) is False  # no lock is taken that is not there
        assert dead_redis.incr("counter") == 1
        assert dead_redis.incr("counter", 5) == 5
        assert "k" not in dead_redis
        assert dead_redis.get_many(["a", "b"]) == {}
        assert dead_redis.set_many({"a": 1}) == []
        assert dead_redis.delete("k") is False
        assert dead_redis.touch("k") is False
        dead_redis.delete_many(["a"])
        assert dead_redis.clear() is False
        assert dead_redis.count_in_window("c", "o", 100.0, 60) == (1, 100.0)  # window reopens
    # One warning for the outage, not one per call.
    warnings = [r.getMessage() for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1
    assert warnings[0].startswith("cache unreachable (get: ")


def test_after_a_failure_redis_is_left_alone_for_a_while(dead_redis, monkeypatch):
    calls = []
    original = resilient.RedisCacheClient.get

    def counting_get(self, key, default):
        calls.append(key)
        return original(self, key, default)

    monkeypatch.setattr(resilient.RedisCacheClient, "get", counting_get)
    dead_redis.get("first")
    dead_redis.get("second")
    assert len(calls) == 1
    assert resilient.breaker.open() is True
    monkeypatch.setattr(resilient.breaker, "failed_at", -resilient.RETRY_SECONDS - 1.0)
    assert resilient.breaker.open() is False
    dead_redis.get("third")
    assert len(calls) == 2


def test_a_bug_is_not_mistaken_for_an_outage(dead_redis, monkeypatch):
    from redis.exceptions import ResponseError

    def wrong_type(self, key, default):
        raise ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value")

    monkeypatch.setattr(resilient.RedisCacheClient, "get", wrong_type)
    with pytest.raises(ResponseError):
        dead_redis.get("k")


@pytest.mark.django_db
def test_pages_and_the_session_of_a_logged_in_citizen_work_without_redis(dead_redis, citizen):
    client = Client()
    client.force_login(citizen)
    response = client.get(reverse("portal:my_requests"))
    assert response.status_code == 200
    # The session was read from its database row (cached_db), not lost.
    assert client.get(reverse("portal:my_requests")).wsgi_request.user == citizen


@pytest.mark.django_db
def test_rate_limited_views_let_requests_through_without_redis(dead_redis):
    # django-ratelimit on the login form: `add` stores nothing, `incr` counts from
    # zero, so the limit passes instead of refusing every citizen (ADR "cache outage").
    client = Client()
    statuses = {
        client.post(reverse("identity:login"), {"method": "no-such-method"}).status_code
        for _ in range(30)
    }
    assert 429 not in statuses and 500 not in statuses


@pytest.fixture
def live_redis(settings):
    """The default cache on the Redis of REDIS_URL, in a key namespace of its own."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    return cache


@pytest.mark.redis
def test_a_reachable_redis_is_used_as_usual(live_redis):
    cache.set("k", {"a": 1}, 5)
    assert cache.get("k") == {"a": 1}
    assert cache.add("k", 2) is False
    assert cache.add("n", 0) is True
    assert cache.incr("n") == 1
    with pytest.raises(ValueError):
        cache.incr("missing")


@pytest.mark.redis
def test_a_window_is_counted_in_one_round_trip_and_expires_whole(live_redis):
    assert cache.count_in_window("count", "opened", 1000.5, 60) == (1, 1000.5)
    assert cache.count_in_window("count", "opened", 1010.0, 60) == (2, 1000.5)
    client = cache._cache.get_client(write=True)
    ttls = {client.ttl(cache.make_key(key)) for key in ("count", "opened")}
    assert all(0 < ttl <= 60 for ttl in ttls)
    # What the Django API reads is what the window wrote.
    assert cache.get("count") == 2 and cache.get("opened") == 1000.5
