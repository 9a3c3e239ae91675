from __future__ import annotations

import pytest

EXPECTED_POLICY = (
    "accelerometer=(), ambient-light-sensor=(), autoplay=(), bluetooth=(), "
    "browsing-topics=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "gamepad=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), picture-in-picture=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/", 200),
        ("get", "/no-such-page/", 404),
        ("get", "/static/css/portal.css", 200),
        ("get", "/health/", 503),  # no worker heartbeat in a test
        ("post", "/health/", 405),
        ("get", "/saml/metadata/", 200),
    ],
)
def test_every_response_carries_the_permissions_policy(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Permissions-Policy"] == EXPECTED_POLICY


@pytest.mark.django_db
def test_the_card_bridge_permission_is_left_to_the_portal_itself(client):
    # Chrome asks for local network access before a page may call 127.0.0.1 (the card
    # bridge); denying it in the policy would break every chip card service.
    policy = client.get("/")["Permissions-Policy"]
    features = {item.split("=")[0] for item in policy.split(", ")}
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= features
    assert not features & {"loopback-network", "local-network-access", "local-network"}
