"""The one-box date field: one Tab stop, typed as Hungarians write a date."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms

from portal.forms import DateField


class Form(forms.Form):
    on = DateField(label="On", help_text="Any day.")


@pytest.mark.parametrize(
    "typed",
    sorted(
        ["2026. 03. 01.", "2026.03.01", "2026-03-01", "2026/3/1", " 2026 . 3 . 1 ", "2026.3.1."]
    ),
)
def test_usual_spellings_of_a_date_are_read(typed):
    form = Form({"on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == date(2026, 3, 1)


@pytest.mark.parametrize(
    "typed", sorted(["2026. 02. 30.", "01.03.2026", "tomorrow", "2026. 13. 01."])
)
def test_anything_else_is_refused_with_an_example(typed):
    form = Form({"on": typed})
    assert not form.is_valid()
    assert "2026. 03. 01." in form.errors["on"][0]


def test_the_input_is_one_text_box_with_the_example_in_its_help():
    form = Form(initial={"on": date(2026, 3, 1)})
    html = str(form["on"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="2026. 03. 01."' in html
    assert str(form["on"].help_text).startswith("Any day. ")
