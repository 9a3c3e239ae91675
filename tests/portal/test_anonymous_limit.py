"""The rate limit of the anonymous views: portal.rate_limits.anonymous_limit."""

from __future__ import annotations

import logging
import os
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from portal.env import Rate, parse_rate
from portal.rate_limits import anonymous_limit, hit

SECRET = "AB1234567-entered-by-the-visitor"


@anonymous_limit("tests.sample")
def _sample_view(request):
    return HttpResponse("answered")


@anonymous_limit("tests.other")
def _other_view(request):
    return HttpResponse("answered")


def _post(view, address="192.0.2.10"):
    request = RequestFactory().post("/check/", {"number": SECRET}, REMOTE_ADDR=address)
    request.session = {}
    request.user = None
    with translation.override("hu"):
        return view(request)


@pytest.mark.parametrize(
    "text,rate",
    [
        ("30/m", Rate(30, 60)),
        ("100/5m", Rate(100, 300)),
        ("2/s", Rate(2, 1)),
        ("1000/h", Rate(1000, 3600)),
        (" 7 / d ", Rate(7, 86400)),
    ],
)
def test_rates_are_read(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "30", "30/x", "0/m", "-1/m", "30/0m", "m/30", "30/m/m"])
def test_malformed_rates_are_refused(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


@pytest.mark.django_db
def test_the_31st_request_in_a_minute_gets_the_429_page_with_the_time_to_wait(settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "30/m"
    for _ in range(30):
        assert _post(_sample_view).status_code == 200
    response = _post(_sample_view)
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    body = response.content.decode()
    assert "<h1>Túl sok kérés</h1>" in body
    assert f"várjon {wait} másodpercet" in body


@pytest.mark.django_db
def test_the_429_page_in_english(settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "1/m"
    request = RequestFactory().get("/check/", REMOTE_ADDR="192.0.2.11")
    _sample_view(request)
    with translation.override("en"):
        response = _sample_view(RequestFactory().get("/check/", REMOTE_ADDR="192.0.2.11"))
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert f"Please wait {wait} seconds and try again." in response.content.decode()


def test_the_limit_is_read_from_the_setting(settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "3/m"
    statuses = [_post(_sample_view, "192.0.2.12").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_addresses_and_groups_count_apart(settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "2/m"
    assert [_post(_sample_view, "192.0.2.20").status_code for _ in range(3)] == [200, 200, 429]
    assert _post(_sample_view, "192.0.2.21").status_code == 200
    assert _post(_other_view, "192.0.2.20").status_code == 200


def test_a_new_window_opens_when_the_period_is_over():
    rate = Rate(2, 60)
    group = f"tests.window.{uuid.uuid4().hex}"
    start = 1_000_000.0
    assert hit(group, "192.0.2.30", rate, now=start) is None
    assert hit(group, "192.0.2.30", rate, now=start + 10) is None
    assert hit(group, "192.0.2.30", rate, now=start + 20) == 40
    # The cache expires both keys after the period; as it would at start + 60:
    cache.clear()
    assert hit(group, "192.0.2.30", rate, now=start + 61) is None


def _stored_items() -> dict:
    """Every key and raw value the default cache holds, whichever backend it is."""
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):
        return dict(cache._cache)
    client = cache._cache.get_client()
    return {key.decode(): client.get(key) for key in client.scan_iter(f"{cache.key_prefix}*")}


CACHE_BACKENDS = [
    pytest.param({"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, id="locmem"),
    pytest.param(
        {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": "REDIS_URL"},
        id="redis",
        marks=pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
    ),
]


@pytest.mark.parametrize("backend", CACHE_BACKENDS)
def test_nothing_entered_is_stored_or_logged(settings, caplog, backend):
    backend = dict(backend, KEY_PREFIX=uuid.uuid4().hex)
    if backend.get("LOCATION") == "REDIS_URL":
        backend["LOCATION"] = os.environ["REDIS_URL"]
    settings.CACHES = {"default": backend}
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "1/m"
    logging.getLogger("portal.rate_limits").setLevel(logging.INFO)
    with caplog.at_level(logging.DEBUG):
        _post(_sample_view, "192.0.2.40")
        assert _post(_sample_view, "192.0.2.40").status_code == 429
    assert "anonymous rate limit reached group=tests.sample" in caplog.text
    assert SECRET not in caplog.text
    assert "192.0.2.40" not in caplog.text
    stored = _stored_items()
    assert stored, "the counter is in the cache"
    for key, value in stored.items():
        assert SECRET not in key and "192.0.2.40" not in key
        assert SECRET.encode() not in value and b"192.0.2.40" not in value


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_counts_in_redis_across_clients(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": uuid.uuid4().hex,
        }
    }
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "30/m"
    statuses = [_post(_sample_view, "192.0.2.50").status_code for _ in range(31)]
    assert statuses == [200] * 30 + [429]
