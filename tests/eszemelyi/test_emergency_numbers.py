"""The card services' form rules (no card, no database)."""

from __future__ import annotations

import pytest
from django.utils import translation

from eszemelyi.emergency_numbers import EmergencyNumberForm


def _form(number: str) -> EmergencyNumberForm:
    return EmergencyNumberForm({"slot": "1", "action": "set", "number": number, "consent": "on"})


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("+36301234567", "+36301234567"),
        (" +36 30 123 4567 ", "+36301234567"),
        ("06-30-123-4567", "+36301234567"),
        ("(06 30) 123/4567", "+36301234567"),
    ],
)
def test_usual_ways_of_writing_a_number_are_recorded_in_e164(typed, recorded):
    form = _form(typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == recorded


@pytest.mark.parametrize(
    "typed",
    [
        "+36301234567\n",
        "06-30-123-4567\r\n",
        "+36\t30 123 4567",
        "+36 30 123 4567 x",
        "+36301234567 ext 12",
        "+36３01234567",  # a fullwidth digit the phone library would quietly accept
    ],
    ids=["newline", "crlf", "tab", "letter", "extension", "fullwidth"],
)
def test_anything_beyond_digits_and_separators_is_refused(typed):
    with translation.override("hu"):
        form = _form(typed)
        assert not form.is_valid()
        assert form.errors["number"] == [
            "A telefonszámban csak számjegyek, szóközök és a + ( ) - / . jelek szerepelhetnek."
        ]
