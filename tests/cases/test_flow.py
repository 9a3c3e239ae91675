"""The generic filing flow: drafts, live checks, review, payment or submission."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from cases import fees, registry
from cases.flow import StepForm
from cases.models import Case
from cases.registry import CaseType

pytestmark = pytest.mark.django_db


class NameStep(StepForm):
    title = "Name"
    name = forms.CharField(max_length=20)


class CopiesStep(StepForm):
    title = "Copies"
    copies = forms.IntegerField(min_value=1, max_value=5)


def _per_copy(case_or_answers):
    # This test type keeps no detail row: after submission the case is quoted
    # as the two copies every test here asks for.
    copies = fees.value_of(case_or_answers, "copies", 2)
    return fees.quote(fees.FeeLine("Copy fee", 1000 * int(copies)))


def _not_forbidden(applicant, answers):
    return "Forbidden name." if answers.get("name") == "forbidden" else None


@pytest.fixture
def flow_type():
    kind = CaseType(
        slug="testing.flow",
        label="Flow test",
        forms=(NameStep, CopiesStep),
        eligibility=(_not_forbidden,),
        fee=_per_copy,
        deadline_days=30,
        save_detail=lambda case, answers: None,
    )
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


@pytest.fixture
def free_type():
    kind = CaseType(slug="testing.free", label="Free test", forms=(NameStep,), deadline_days=8)
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


def test_start_needs_login(client, flow_type):
    response = client.get(reverse("flow:start", args=["testing.flow"]))
    assert response.status_code == 302 and "/account/login" in response["Location"]


def test_unknown_or_formless_types_are_404(citizen_client, sample_case_type):
    assert citizen_client.get(reverse("flow:start", args=["no.such"])).status_code == 404
    assert citizen_client.get(reverse("flow:start", args=["testing.sample"])).status_code == 404


def test_live_check_writes_nothing_and_answers_fragments(citizen_client, flow_type):
    url = reverse("flow:check_first", args=["testing.flow"])
    response = citizen_client.post(url, {"name": "forbidden"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="flow-problems"' in body and "Forbidden name." in body
    assert 'hx-swap-oob="innerHTML"' in body
    assert not Case.objects.exists()


def test_live_check_shows_errors_only_for_filled_fields(citizen_client, flow_type):
    first = Case.objects.none()
    citizen_client.post(reverse("flow:save_first", args=["testing.flow"]), {"name": "Anna"})
    case = Case.objects.get()
    url = reverse("flow:check_step", args=[case.reference, 1])
    empty = citizen_client.post(url, {"copies": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ezt a mezőt" not in empty
    wrong = citizen_client.post(url, {"copies": "9"}, HTTP_HX_REQUEST="true").content.decode()
    assert "5" in wrong and 'id="id_copies_error"' in wrong
    assert first.count() == 0


def test_the_fee_follows_the_answers(citizen_client, flow_type):
    citizen_client.post(reverse("flow:save_first", args=["testing.flow"]), {"name": "Anna"})
    case = Case.objects.get()
    url = reverse("flow:check_step", args=[case.reference, 1])
    two = citizen_client.post(url, {"copies": "2"}, HTTP_HX_REQUEST="true").content.decode()
    three = citizen_client.post(url, {"copies": "3"}, HTTP_HX_REQUEST="true").content.decode()
    assert "2 000 Ft" in two.replace("\xa0", " ") and "3 000 Ft" in three.replace("\xa0", " ")


def test_without_javascript_errors_come_back_with_the_form(citizen_client, flow_type):
    response = citizen_client.post(
        reverse("flow:save_first", args=["testing.flow"]), {"name": "forbidden"}
    )
    assert response.status_code == 422
    assert "Forbidden name." in response.content.decode()
    assert not Case.objects.exists()


def test_a_paid_request_waits_for_payment_after_review(citizen_client, flow_type):
    citizen_client.post(reverse("flow:save_first", args=["testing.flow"]), {"name": "Anna"})
    case = Case.objects.get()
    assert citizen_client.get(reverse("flow:review", args=[case.reference])).status_code == 302
    citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), {"copies": "2"})
    review = citizen_client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "Anna" in review and "Tovább a fizetéshez" in review
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("payments:case_payment", args=[case.reference])
    case.refresh_from_db()
    assert case.status == "awaiting_payment" and case.draft_data == {}


def test_a_free_request_is_submitted_at_once(citizen_client, free_type):
    citizen_client.post(reverse("flow:save_first", args=["testing.free"]), {"name": "Anna"})
    case = Case.objects.get()
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("flow:done", args=[case.reference])
    case.refresh_from_db()
    assert case.status == "submitted" and case.deadline is not None
    assert (
        citizen_client.post(reverse("flow:submit", args=[case.reference]))["Location"]
        == case.get_absolute_url()
    )


def test_steps_cannot_be_skipped(citizen_client, flow_type):
    citizen_client.post(reverse("flow:save_first", args=["testing.flow"]), {"name": "Anna"})
    case = Case.objects.get()
    response = citizen_client.get(reverse("flow:step", args=[case.reference, 5]))
    assert response.status_code == 404


def test_a_draft_is_listed_to_continue_and_can_be_discarded(citizen_client, flow_type):
    citizen_client.post(reverse("flow:save_first", args=["testing.flow"]), {"name": "Anna"})
    case = Case.objects.get()
    page = citizen_client.get(reverse("portal:my_requests")).content.decode()
    assert reverse("flow:step", args=[case.reference, 1]) in page
    citizen_client.post(reverse("flow:discard", args=[case.reference]))
    page = citizen_client.get(reverse("portal:my_requests")).content.decode()
    assert case.reference not in page


class ColoursStep(StepForm):
    title = "Colours"
    colours = forms.MultipleChoiceField(
        choices=[("red", "Red"), ("green", "Green"), ("blue", "Blue")],
        widget=forms.CheckboxSelectMultiple,
    )
    kept = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.MultipleHiddenInput, required=False
    )
    name = forms.CharField(max_length=20)


@pytest.fixture
def colours_type():
    kind = CaseType(
        slug="testing.colours", label="Colours test", forms=(ColoursStep,), deadline_days=8
    )
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


def test_one_ticked_box_is_stored_as_a_list(citizen_client, colours_type):
    citizen_client.post(
        reverse("flow:save_first", args=["testing.colours"]),
        {"colours": ["green"], "kept": ["b"], "name": "Anna"},
    )
    case = Case.objects.get()
    assert case.draft_data["steps"]["0"] == {"colours": ["green"], "kept": ["b"], "name": "Anna"}
    review = citizen_client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "Green" in review


def test_a_draft_stored_with_one_box_as_a_string_still_reads(citizen_client, colours_type):
    citizen_client.post(
        reverse("flow:save_first", args=["testing.colours"]),
        {"colours": ["red", "blue"], "name": "Anna"},
    )
    case = Case.objects.get()
    assert case.draft_data["steps"]["0"]["colours"] == ["red", "blue"]
    # As drafts were stored before list-valued fields were recognised.
    case.draft_data = {"steps": {"0": {"colours": "green", "kept": "a", "name": "Anna"}}}
    case.save(update_fields=["draft_data"])
    review = citizen_client.get(reverse("flow:review", args=[case.reference]))
    assert review.status_code == 200 and "Green" in review.content.decode()
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("flow:done", args=[case.reference])
