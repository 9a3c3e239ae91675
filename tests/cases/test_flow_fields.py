"""Every control of every step looks the same, and "optional" is said only of
optional fields (cases.flow.StepForm, templates/cases/flow/_field.html)."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from cases.flow import DocumentField, StepForm


class SampleStep(StepForm):
    plate = forms.CharField(label="Registration plate")
    phone = forms.CharField(label="Phone number", required=False)
    reported_on = forms.DateField(label="Reported on", required=False)
    reason = forms.ChoiceField(
        label="Reason", choices=[("lost", "Lost"), ("stolen", "Stolen")], widget=forms.RadioSelect
    )
    county = forms.ChoiceField(label="County", choices=[("pest", "Pest")], required=False)
    holds_title = forms.BooleanField(label="I hold the title")
    contract = DocumentField(label="Contract", required=False)
    conditionally_required = ("reported_on",)


def _render(form: StepForm, name: str) -> str:
    with translation.override("en"):
        return render_to_string("cases/flow/_field.html", {"field": form[name], "form": form})


def _label(html: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<label[^>]*>(.*?)</label>", html, re.S).group(1))


def test_every_kind_of_control_gets_the_same_bootstrap_class():
    form = SampleStep()
    assert 'class="form-control"' in _render(form, "plate")
    assert 'class="form-control"' in _render(form, "reported_on")
    assert 'class="form-control"' in _render(form, "contract")
    assert 'class="form-select"' in _render(form, "county")
    assert 'class="form-check-input"' in _render(form, "holds_title")
    radios = _render(form, "reason")
    assert radios.count('type="radio"') == 2
    assert radios.count('class="form-check-input"') == 2


def test_only_optional_fields_say_optional():
    form = SampleStep()
    assert form.optional_fields == frozenset({"phone", "county", "contract"})
    optional = ' <span class="text-body-secondary">(optional)</span>'
    assert _label(_render(form, "phone")) == "Phone number" + optional
    assert _label(_render(form, "contract")) == "Contract" + optional
    assert _label(_render(form, "plate")) == "Registration plate"
    # Required with some answers only: the form checks it, the label does not call it optional.
    assert _label(_render(form, "reported_on")) == "Reported on"


def test_the_card_services_forms_are_styled_by_the_same_rule():
    from eszemelyi.forms import described

    class PhoneForm(forms.Form):
        number = forms.CharField()
        accept = forms.BooleanField()

    form = PhoneForm()
    described(form)
    assert form.fields["number"].widget.attrs["class"] == "form-control"
    assert form.fields["accept"].widget.attrs["class"] == "form-check-input"
