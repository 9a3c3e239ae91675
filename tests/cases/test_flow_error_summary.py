"""The error summary of the shared step template (GOV.UK pattern), server-rendered."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from cases import registry
from cases.flow import StepForm
from cases.registry import CaseType

pytestmark = pytest.mark.django_db


class ContactStep(StepForm):
    title = "Contact"
    name = forms.CharField(label="Your name", max_length=20)
    way = forms.ChoiceField(
        label="How to reach you",
        choices=[("mail", "Mail"), ("sms", "SMS")],
        widget=forms.RadioSelect,
    )


def _no_robots(applicant, answers):
    return "Robots cannot file this." if answers.get("name") == "robot" else None


@pytest.fixture
def contact_type():
    kind = CaseType(
        slug="testing.contact",
        label="Contact test",
        forms=(ContactStep,),
        eligibility=(_no_robots,),
        deadline_days=8,
    )
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


def _summary(body: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary"[^>]*>.*?</div>', body, re.S)
    assert match, "no error summary"
    return match.group()


def test_a_failed_submit_puts_a_focused_summary_with_links_above_the_form(
    citizen_client, contact_type
):
    response = citizen_client.post(reverse("flow:save_first", args=["testing.contact"]), {})
    assert response.status_code == 422
    body = response.content.decode()
    summary = _summary(body)
    assert summary.startswith(
        '<div class="alert alert-danger error-summary" role="alert" tabindex="-1" '
        'aria-labelledby="error-summary-title" autofocus>'
    )
    assert '<h2 class="h5" id="error-summary-title">Hiba történt</h2>' in summary
    links = re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("#id_name", "Your name: Ezt a mezőt ki kell tölteni."),
        ("#id_way_0", "How to reach you: Ezt a mezőt ki kell tölteni."),
    ]
    # Each link leads to an element of the page, and the summary comes before the form.
    assert 'id="id_name"' in body and 'id="id_way_0"' in body
    assert body.index("error-summary") < body.index("hx-post=")  # the step form
    assert body.count("autofocus") == 1


def test_the_summary_is_english_on_an_english_page(citizen_client, contact_type):
    citizen_client.cookies["django_language"] = "en"
    body = citizen_client.post(
        reverse("flow:save_first", args=["testing.contact"]), {"name": "Anna"}
    ).content.decode()
    assert '<h2 class="h5" id="error-summary-title">There is a problem</h2>' in body
    assert '<a href="#id_way_0">How to reach you: This field is required.</a>' in body


def test_eligibility_problems_head_the_summary_too(citizen_client, contact_type):
    body = citizen_client.post(
        reverse("flow:save_first", args=["testing.contact"]), {"name": "robot", "way": "sms"}
    ).content.decode()
    summary = _summary(body)
    assert "Robots cannot file this." in summary and "autofocus" in summary


def test_a_fresh_step_and_the_live_check_take_no_focus(citizen_client, contact_type):
    fresh = citizen_client.get(reverse("flow:start", args=["testing.contact"]), follow=True)
    assert "error-summary" not in fresh.content.decode()
    live = citizen_client.post(
        reverse("flow:check_first", args=["testing.contact"]),
        {"name": "robot", "way": "sms"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Robots cannot file this." in live and "autofocus" not in live


def test_a_failed_step_says_error_first_in_a_title_unique_to_the_step(citizen_client, contact_type):
    url = reverse("flow:save_first", args=["testing.contact"])
    first = citizen_client.get(reverse("flow:start", args=["testing.contact"])).content.decode()
    assert "<title>Contact – 1. lépés / 1 – Contact test – Ügysegéd</title>" in first or re.search(
        r"<title>Contact – [^<]*1[^<]*1[^<]* – Contact test – Ügysegéd</title>", first
    )
    failed = citizen_client.post(url, {}).content.decode()
    assert re.search(r"<title>Hiba: Contact – ", failed)
    citizen_client.cookies["django_language"] = "en"
    english = citizen_client.post(url, {}).content.decode()
    assert "<title>Error: Contact – Step 1 of 1 – Contact test – Ügysegéd</title>" in english


def test_each_error_region_stays_in_the_page_and_is_changed_in_place(citizen_client, contact_type):
    page = citizen_client.get(reverse("flow:start", args=["testing.contact"])).content.decode()
    for name in ("name", "way"):
        assert re.search(
            rf'<div class="invalid-feedback d-block" id="id_{name}_error" aria-live="polite">', page
        )
    assert 'id="flow-problems" aria-live="polite"' in page
    live = citizen_client.post(
        reverse("flow:check_first", args=["testing.contact"]),
        {"name": "x" * 30},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    # Only the regions' content is swapped (innerHTML), so the live regions stay.
    assert '<div id="id_name_error" hx-swap-oob="innerHTML"><p class="mb-0">' in live
    assert '<div id="id_way_error" hx-swap-oob="innerHTML"></div>' in live
    assert 'id="flow-problems" aria-live="polite" hx-swap-oob="innerHTML"' in live
    assert 'hx-swap-oob="true"' not in live


def test_a_radio_group_in_error_marks_its_buttons_and_a_right_field_is_not_marked(
    citizen_client, contact_type
):
    body = citizen_client.post(
        reverse("flow:save_first", args=["testing.contact"]), {"name": "Anna"}
    ).content.decode()
    inputs = re.findall(r"<input[^>]*>", body)
    name = next(tag for tag in inputs if 'name="name"' in tag)
    ways = [tag for tag in inputs if 'name="way"' in tag]
    assert "aria-invalid" not in name
    assert len(ways) == 2 and all('aria-invalid="true"' in tag for tag in ways)
