"""The passport duty tables of the Webes Ügysegéd service descriptions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passports import consulates
from passports.fees import (
    KINDS,
    OFFICIAL_KINDS,
    PRIVATE_KINDS,
    acceleration_surcharge,
    replacement_duty,
    second_passport_duty,
)

LOST_OR_DESTROYED = ["destroyed", "lost"]


@pytest.mark.parametrize("reason", LOST_OR_DESTROYED)
@pytest.mark.parametrize(
    ("kind", "age", "duty"),
    [
        ("private_5y", 18, 15_000),
        ("private_5y", 64, 15_000),
        ("private_10y", 30, 28_000),
        ("service", 40, 15_000),
        ("service", 70, 15_000),
        ("seaman", 25, 15_000),
        ("private_1y", 50, 5_000),
        ("service_1y", 18, 5_000),
        ("seaman_1y", 66, 5_000),
        ("second_2y", 40, 30_000),
        ("second_1y", 40, 10_000),
        # 65 or older: a private passport (a second one too) is free.
        ("private_5y", 65, 0),
        ("private_10y", 80, 0),
        ("private_1y", 65, 0),
        ("second_2y", 65, 0),
        ("second_1y", 70, 0),
    ],
)
def test_replacement_duty_table(kind, age, duty, reason):
    assert replacement_duty(kind, age, reason) == duty


@given(kind=st.sampled_from(sorted(KINDS)), age=st.integers(min_value=18, max_value=120))
def test_a_stolen_passport_is_replaced_free(kind, age):
    assert replacement_duty(kind, age, "stolen") == 0


@pytest.mark.parametrize(
    "kind", ["private_10y", "private_1y", "private_5y", "seaman_1y", "second_2y", "service_1y"]
)
@pytest.mark.parametrize("age", [0, 12, 17])
def test_ages_the_table_does_not_cover_raise(kind, age):
    with pytest.raises(ValueError, match="does not cover"):
        replacement_duty(kind, age, "lost")


@pytest.mark.parametrize(
    ("kind", "age", "reason"),
    [("diplomatic", 30, "lost"), ("private_5y", 30, "damaged"), ("private_5y", -1, "lost")],
)
def test_unknown_kinds_reasons_and_negative_ages_are_refused(kind, age, reason):
    with pytest.raises(ValueError):
        replacement_duty(kind, age, reason)


@pytest.mark.parametrize(
    ("age", "equitable", "replaces_lost", "reason", "duty"),
    [
        (30, True, False, None, 5_000),
        (30, False, False, None, 15_000),
        (18, False, False, None, 15_000),
        (64, False, False, None, 15_000),
        (30, True, True, "lost", 10_000),
        (30, False, True, "destroyed", 30_000),
        (30, False, True, "stolen", 0),
        (30, True, True, "stolen", 0),
        (65, False, False, None, 0),
        (70, True, True, "lost", 0),
        (16, True, False, None, 5_000),
    ],
)
def test_second_passport_duty(age, equitable, replaces_lost, reason, duty):
    assert (
        second_passport_duty(age, equitable=equitable, replaces_lost=replaces_lost, reason=reason)
        == duty
    )


@pytest.mark.parametrize(
    ("age", "equitable", "replaces_lost", "reason"),
    [
        (17, False, False, None),  # work abroad under 18: not in the table
        (17, False, True, "lost"),
        (30, False, True, None),  # replacing needs the reason
        (30, False, True, "damaged"),
        (30, False, False, "lost"),  # a reason without a replacement
        (-3, True, False, None),
    ],
)
def test_second_passport_duty_refuses_what_the_table_does_not_cover(
    age, equitable, replaces_lost, reason
):
    with pytest.raises(ValueError):
        second_passport_duty(age, equitable=equitable, replaces_lost=replaces_lost, reason=reason)


@pytest.mark.parametrize("kind", sorted(PRIVATE_KINDS))
def test_private_passports_pay_the_surcharge(kind):
    assert acceleration_surcharge("express", kind) == 19_000
    assert acceleration_surcharge("urgent", kind) == 29_000


@pytest.mark.parametrize("kind", sorted(OFFICIAL_KINDS))
def test_official_passports_are_accelerated_to_7_days_only_and_free(kind):
    assert acceleration_surcharge("express", kind) == 0
    with pytest.raises(ValueError, match="7 days only"):
        acceleration_surcharge("urgent", kind)


@pytest.mark.parametrize(("speed", "kind"), [("standard", "private_5y"), ("express", "visa")])
def test_surcharge_refuses_unknown_speeds_and_kinds(speed, kind):
    with pytest.raises(ValueError):
        acceleration_surcharge(speed, kind)


@pytest.mark.parametrize(
    ("country", "fee"), [("AT", 20), ("ro", 20), ("UA", 20), ("DE", 40), ("GB", 40), ("US", 45)]
)
def test_consular_fee_by_country(country, fee):
    assert consulates.consular_fee_eur(country) == fee


def test_every_consulate_is_abroad_with_a_fee():
    assert {c.fee_eur for c in consulates.CONSULATES} == {20, 40, 45}
    with pytest.raises(ValueError):
        consulates.consular_fee_eur("HU")
