from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments import fees
from payments.fees import EUR, HUF, FeeLine, FeeQuote

amounts = st.integers(min_value=0, max_value=10_000_000)
lines = st.builds(
    FeeLine, label=st.text(max_size=10), amount=amounts, currency=st.sampled_from([HUF, EUR])
)


@given(st.lists(lines, max_size=8))
def test_totals_add_up_by_currency(items):
    quote = FeeQuote(tuple(items))
    assert quote.total_huf == sum(i.amount for i in items if i.currency == HUF)
    assert quote.total_eur == sum(i.amount for i in items if i.currency == EUR)
    assert all(i.currency == HUF for i in quote.huf_lines)
    assert all(i.currency == EUR for i in quote.eur_lines)
    assert len(quote.huf_lines) + len(quote.eur_lines) == len(items)
    assert quote.is_free == (quote.total_huf == 0 and quote.total_eur == 0)


@given(st.lists(lines, max_size=5), st.lists(lines, max_size=5))
def test_quotes_add(first, second):
    total = FeeQuote(tuple(first)) + FeeQuote(tuple(second))
    assert total.total_huf == FeeQuote(tuple(first)).total_huf + FeeQuote(tuple(second)).total_huf


@pytest.mark.parametrize("bad", [1.5, "3000", True, None])
def test_amounts_are_whole_numbers(bad):
    with pytest.raises(TypeError):
        FeeLine("x", bad)


def test_negative_fee_and_unknown_currency_are_refused():
    with pytest.raises(ValueError):
        FeeLine("x", -1)
    with pytest.raises(ValueError):
        FeeLine("x", 1, "USD")


@pytest.mark.parametrize("amount", sorted(fees.CONSULAR_DELIVERY_EUR))
def test_consular_delivery_fees(amount):
    line = fees.consular_delivery(amount)
    assert (line.amount, line.currency) == (amount, EUR)


@given(st.integers().filter(lambda n: n not in fees.CONSULAR_DELIVERY_EUR))
def test_other_consular_amounts_are_refused(amount):
    with pytest.raises(ValueError):
        fees.consular_delivery(amount)


def test_flat_rule_ignores_the_request():
    rule = fees.Flat(3000, "Fee")
    assert rule({}).total_huf == 3000
    assert rule({"anything": 1}) == rule(None)


def test_by_choice_rule_reads_the_field():
    rule = fees.ByChoice("speed", {"normal": 7500, "express": 19000, "urgent": 29000}, "Fee")
    assert rule({"speed": "express"}).total_huf == 19000
    with pytest.raises(ValueError):
        rule({"speed": "yesterday"})


def test_consular_delivery_is_a_separate_euro_line():
    rule = fees.WithConsularDelivery(fees.Flat(7500, "Passport fee"))
    quote = rule({"consular_delivery_eur": 40})
    assert quote.total_huf == 7500
    assert quote.total_eur == 40
    assert rule({}).total_eur == 0


def test_zero_lines_are_dropped_and_free_is_free():
    assert fees.quote(FeeLine("x", 0)).lines == ()
    assert fees.FREE.is_free


@pytest.mark.django_db
def test_quote_for_reads_the_case_type_rule(awaiting_case, sample_case_type):
    from cases.actions import create_case

    assert fees.quote_for(awaiting_case).total_huf == 3000
    free_case = create_case("testing.sample", applicant=awaiting_case.applicant)
    assert fees.quote_for(free_case) == fees.FREE
