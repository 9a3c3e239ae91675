"""One way to write money and counts: `portal.money` and its template filters."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.money import format_money, format_number

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "hungarian", "english"),
    [
        (0, f"0{NBSP}Ft", f"HUF{NBSP}0"),
        (625, f"625{NBSP}Ft", f"HUF{NBSP}625"),
        (2300, f"2{NBSP}300{NBSP}Ft", f"HUF{NBSP}2,300"),
        (1234567, f"1{NBSP}234{NBSP}567{NBSP}Ft", f"HUF{NBSP}1,234,567"),
    ],
)
def test_money_is_written_the_hungarian_and_the_english_way(amount, hungarian, english):
    assert format_money(amount, language="hu") == hungarian
    assert format_money(amount, language="en") == english


def test_money_follows_the_active_language():
    with translation.override("en"):
        assert format_money(2300) == f"HUF{NBSP}2,300"
    with translation.override("hu"):
        assert format_money(2300) == f"2{NBSP}300{NBSP}Ft"


def test_euro_keeps_its_code_in_hungarian():
    assert format_money(40, "EUR", language="hu") == f"40{NBSP}EUR"


def test_numbers_are_grouped_by_thousands():
    assert format_number(29400, language="hu") == f"29{NBSP}400"
    assert format_number(29400, language="en") == "29,400"
    assert format_number(999, language="hu") == "999"


def _render(source: str, **context) -> str:
    return Template("{% load money %}" + source).render(Context(context))


def test_the_template_filters_use_the_same_helper():
    with translation.override("hu"):
        assert _render("{{ a|money }} / {{ km|number }}", a=2300, km=29400) == (
            f"2{NBSP}300{NBSP}Ft / 29{NBSP}400"
        )
    with translation.override("en"):
        assert _render("{{ a|money }} / {{ km|number }}", a=2300, km=29400) == (
            f"HUF{NBSP}2,300 / 29,400"
        )


def test_a_missing_amount_renders_as_nothing_and_a_text_stays_as_it_is():
    rendered = _render("[{{ a|money }}][{{ km|number }}][{{ t|number }}]", a=None, km=None, t="n/a")
    assert rendered == "[][][n/a]"
