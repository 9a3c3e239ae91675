from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from portal.client_ip import client_ip

PROXY = "10.0.0.5"


def _request(forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        # No trusted proxy: the header is whatever the client wrote.
        (0, "203.0.113.7", PROXY),
        (0, None, PROXY),
        # One proxy appends the address it saw; anything left of it is the client's claim.
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, "203.0.113.7 ,  198.51.100.9", "198.51.100.9"),
        (2, "1.1.1.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "2001:DB8:0:0::1", "2001:db8::1"),
        # Fewer addresses than proxies, or not an address: not through our proxies.
        (1, None, PROXY),
        (1, "", PROXY),
        (2, "203.0.113.7", PROXY),
        (1, "unknown", PROXY),
        (1, "203.0.113.7:4711", PROXY),
        (1, "203.0.113.7, ", PROXY),
        (1, "203.0.113.7\n", "203.0.113.7"),
        (1, "203.0.113.7, <script>", PROXY),
    ],
)
def test_client_is_the_nth_address_from_the_right(settings, proxies, forwarded_for, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(forwarded_for)) == client


def _post_login(client, forwarded_for: str):
    return client.post(
        reverse("identity:login"),
        {"method": "no-such-method"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _exhaust(client, forwarded_for: str) -> int:
    """Post until the rate limit refuses; the number of requests it let through."""
    for allowed in range(200):
        if _post_login(client, forwarded_for).status_code == 429:
            return allowed
    pytest.fail("the login page was never rate limited")


@pytest.mark.django_db
def test_citizens_behind_one_tls_proxy_have_buckets_of_their_own(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    allowed = _exhaust(client, "203.0.113.7")
    assert allowed > 0
    # Another citizen behind the same proxy is not refused ...
    assert _post_login(client, "198.51.100.1").status_code == 400
    # ... and the first cannot escape by claiming another address on the left.
    assert _post_login(client, "198.51.100.2, 203.0.113.7").status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    _exhaust(client, "203.0.113.7")
    # Every request came from the proxy's address, whatever the header says.
    assert _post_login(client, "198.51.100.1").status_code == 429


@pytest.mark.django_db
def test_axes_records_the_client_behind_the_proxy(client, clerk, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("admin:login"),
        {"username": clerk.username, "password": "wrong", "otp_token": "000000"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.7",
    )
    attempt = AccessAttempt.objects.get(username=clerk.username)
    assert attempt.ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_the_card_audit_trail_records_the_client_behind_the_proxy(citizen, settings):
    from eszemelyi import audit

    settings.TRUSTED_PROXY_COUNT = 1
    event = audit.record(
        "operation.started", user=citizen, request=_request("198.51.100.2, 203.0.113.7")
    )
    event.refresh_from_db()
    assert event.ip == "203.0.113.7"
