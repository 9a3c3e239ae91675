from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases import fees, registry
from cases.actions import create_case
from cases.fees import FeeLine, FeeQuote
from cases.registry import CaseType

amounts = st.integers(min_value=0, max_value=10_000_000)
lines = st.builds(FeeLine, label=st.text(max_size=10), amount=amounts)


@given(st.lists(lines, max_size=8))
def test_the_total_is_the_sum_of_the_lines(items):
    quote = FeeQuote(tuple(items))
    assert quote.total_huf == sum(i.amount for i in items)
    assert quote.is_free == all(i.amount == 0 for i in items)


@given(st.lists(lines, max_size=5), st.lists(lines, max_size=5))
def test_quotes_add(first, second):
    total = FeeQuote(tuple(first)) + FeeQuote(tuple(second))
    assert total.total_huf == FeeQuote(tuple(first)).total_huf + FeeQuote(tuple(second)).total_huf


@pytest.mark.parametrize("bad", [1.5, "3000", True, None])
def test_amounts_are_whole_numbers(bad):
    with pytest.raises(TypeError):
        FeeLine("x", bad)


def test_a_negative_fee_is_refused():
    with pytest.raises(ValueError, match="a fee cannot be negative, got -1"):
        FeeLine("x", -1)


def test_flat_rule_ignores_the_request():
    rule = fees.Flat(3000, "Fee")
    assert rule({}).total_huf == 3000
    assert rule({"anything": 1}) == rule(None)


def test_zero_lines_are_dropped_and_free_is_free():
    assert fees.quote(FeeLine("x", 0)).lines == ()
    assert fees.FREE.is_free


@pytest.fixture
def paid_type():
    kind = CaseType(slug="testing.paid", label="Paid", fee=fees.Flat(3000, "Fee"))
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


@pytest.mark.django_db
def test_quote_for_reads_the_case_type_rule(citizen, paid_type, sample_case_type):
    paid_case = create_case(paid_type.slug, applicant=citizen)
    assert fees.quote_for(paid_case).total_huf == 3000
    free_case = create_case("testing.sample", applicant=citizen)
    assert fees.quote_for(free_case) == fees.FREE
