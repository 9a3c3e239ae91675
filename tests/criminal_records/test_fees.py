"""`certificate_fee`: free four times a calendar year, 3000 Ft from the fifth request."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from criminal_records.fees import certificate_fee, certificate_quote


@pytest.mark.parametrize(
    ("earlier", "fee"), [(0, 0), (1, 0), (2, 0), (3, 0), (4, 3000), (5, 3000), (50, 3000)]
)
def test_the_fifth_request_of_the_year_costs_the_duty(earlier, fee):
    assert certificate_fee(earlier) == fee


@given(st.integers(min_value=0, max_value=10_000))
def test_the_fee_is_nothing_or_the_general_duty(earlier):
    fee = certificate_fee(earlier)
    assert fee in (0, 3000)
    assert (fee == 0) == (earlier < 4)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_more_earlier_requests_never_cost_less(a, b):
    low, high = sorted((a, b))
    assert certificate_fee(low) <= certificate_fee(high)


@given(st.integers(min_value=0, max_value=10_000))
def test_exactly_four_requests_a_year_are_free(years_requests):
    free = sum(1 for n in range(years_requests) if certificate_fee(n) == 0)
    assert free == min(years_requests, 4)


@given(st.integers(max_value=-1))
def test_a_negative_count_is_refused(earlier):
    with pytest.raises(ValueError):
        certificate_fee(earlier)


@pytest.mark.parametrize("value", [True, 1.0, "4", None])
def test_only_whole_numbers_are_counts(value):
    with pytest.raises(TypeError):
        certificate_fee(value)


@given(st.integers(min_value=0, max_value=100))
def test_the_quote_charges_what_the_function_says(earlier):
    assert certificate_quote({"requests_earlier_this_year": earlier}).total_huf == (
        certificate_fee(earlier)
    )


def test_no_quote_before_the_count_is_known():
    with pytest.raises(ValueError):
        certificate_quote({})
