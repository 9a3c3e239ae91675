"""`alert_fee`: each chosen channel's yearly fee per property, SMS and e-mail together 4100."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.fees import alert_fee, alerts_quote, landlord_quote

CHANNELS = ["email", "fax", "letter", "sms"]
PRICE = {"letter": 3600, "fax": 3300, "email": 3300, "sms": 3600}


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        (["letter"], 3600),
        (["fax"], 3300),
        (["email"], 3300),
        (["sms"], 3600),
        (["sms", "email"], 4100),
        (["email", "sms"], 4100),
        (["letter", "fax"], 6900),
        (["letter", "sms", "email"], 7700),
        (["letter", "fax", "email", "sms"], 11000),
        (["fax", "sms"], 6900),
        (["email", "email"], 3300),
    ],
)
def test_the_yearly_fee_of_the_seeds(channels, expected):
    assert alert_fee(channels) == expected


def test_properties_and_years_multiply():
    assert alert_fee(["sms", "email"], properties=3) == 12300
    assert alert_fee(["letter"], properties=2, years=2) == 14400
    assert alert_fee(iter(["fax"]), years=3) == 9900


@pytest.mark.parametrize("channels", [[], (), set(), iter([])])
def test_no_channel_raises_value_error(channels):
    with pytest.raises(ValueError):
        alert_fee(channels)


@pytest.mark.parametrize("bad", [["pigeon"], ["EMAIL"], ["sms", "telex"]])
def test_an_unknown_channel_raises_value_error(bad):
    with pytest.raises(ValueError):
        alert_fee(bad)


@pytest.mark.parametrize("count", [0, -1])
def test_properties_and_years_are_at_least_one(count):
    with pytest.raises(ValueError):
        alert_fee(["email"], properties=count)
    with pytest.raises(ValueError):
        alert_fee(["email"], years=count)


@pytest.mark.parametrize("count", [1.5, "2", True])
def test_counts_are_whole_numbers(count):
    with pytest.raises(TypeError):
        alert_fee(["email"], properties=count)


def _reference(channels: set[str]) -> int:
    if {"sms", "email"} <= channels:
        return 4100 + sum(PRICE[c] for c in channels - {"sms", "email"})
    return sum(PRICE[c] for c in channels)


@given(
    st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=1, max_value=10),
)
def test_any_choice_matches_the_rule(channels, properties, years):
    fee = alert_fee(channels, properties=properties, years=years)
    assert fee == _reference(set(channels)) * properties * years
    assert fee > 0
    # Order and repeats do not matter.
    assert fee == alert_fee(sorted(set(channels), reverse=True), properties, years)


@given(st.sets(st.sampled_from(CHANNELS), min_size=1))
def test_adding_a_channel_never_lowers_the_fee(channels):
    for extra in CHANNELS:
        assert alert_fee(channels | {extra}) >= alert_fee(channels)


def test_quotes_of_the_requests():
    assert (
        alerts_quote(
            {"action": "create", "channels": ["sms", "email"], "properties": [1, 2]}
        ).total_huf
        == 8200
    )
    assert alerts_quote({"action": "renew", "channels": ["letter"]}).total_huf == 3600
    assert alerts_quote({"action": "change", "channels": ["letter"]}).is_free
    assert alerts_quote({"action": "revoke"}).is_free
    assert landlord_quote({"mode": "online"}).is_free
    assert landlord_quote({"channels": ["fax"]}).total_huf == 3300
