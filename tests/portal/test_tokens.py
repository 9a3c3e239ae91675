from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest

from portal.tokens import TokenExpired, TokenInvalid, seal, unseal

DAY = timedelta(days=1)
VALUE = {"a": 7, "to": "uj.cim@example.hu"}


def test_a_sealed_value_opens_for_its_own_purpose_only():
    token = seal(VALUE, purpose="one")
    assert unseal(token, purpose="one", max_age=DAY) == VALUE
    with pytest.raises(TokenInvalid):
        unseal(token, purpose="two", max_age=DAY)


def test_a_token_is_url_safe_and_unreadable():
    token = seal(VALUE, purpose="one")
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"example.hu" not in decoded and b'"a"' not in decoded
    # Two tokens of the same value differ (random IV): nothing to compare across links.
    assert seal(VALUE, purpose="one") != token


def _flip(token: str, index: int) -> str:
    return token[:index] + ("A" if token[index] != "A" else "B") + token[index + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: _flip(t, 5),  # the time it was made
        lambda t: _flip(t, len(t) // 2),  # the ciphertext
        lambda t: _flip(t, len(t) - 5),  # the MAC
        lambda t: t[:20],
        lambda t: t + "xy",
        lambda t: "",
        lambda t: "é" + t,
    ],
)
def test_a_damaged_token_is_invalid(damage):
    with pytest.raises(TokenInvalid):
        unseal(damage(seal(VALUE, purpose="one")), purpose="one", max_age=DAY)


def test_a_token_expires_after_its_max_age(monkeypatch):
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - DAY.total_seconds() - 1)
    old = seal(VALUE, purpose="one")
    monkeypatch.setattr(time, "time", lambda: real() - DAY.total_seconds() + 60)
    fresh = seal(VALUE, purpose="one")
    monkeypatch.setattr(time, "time", real)
    with pytest.raises(TokenExpired):
        unseal(old, purpose="one", max_age=DAY)
    assert unseal(fresh, purpose="one", max_age=DAY) == VALUE


def test_tokens_made_before_a_key_rotation_still_open(settings):
    token = seal(VALUE, purpose="one")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    assert unseal(token, purpose="one", max_age=DAY) == VALUE
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(TokenInvalid):
        unseal(token, purpose="one", max_age=DAY)
