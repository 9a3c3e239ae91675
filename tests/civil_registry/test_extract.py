"""Civil registry extract: own event only, in the electronic registry, the reason
required, the clerk issues a PDF and records its posting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cases import registry
from cases.models import Case, IssuedDocument
from civil_registry import extract
from civil_registry.models import CivilEvent, ExtractRequest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
SLUG = "civil_registry.extract"
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
CHECK_FIRST = reverse("flow:check_first", args=[SLUG])


def birth(person, *, entered_on=date(2016, 3, 1), ground="extract_requested", number="SZ-1"):
    return CivilEvent.objects.create(
        kind="birth",
        registry_number=number,
        person=person,
        occurred_on=person.birth_date,
        place=person.birth_place,
        entered_on=entered_on,
        entry_ground=ground if entered_on else "",
    )


def marriage(person, day, *, spouse=None, entered_on=None, number="H-1"):
    return CivilEvent.objects.create(
        kind="marriage",
        registry_number=number,
        person=person,
        spouse=spouse,
        spouse_name="" if spouse else "Minta Márta",
        occurred_on=day,
        place="Eger",
        entered_on=entered_on or day,
        entry_ground="recorded",
    )


REASON = {
    "purpose": "official_procedure",
    "purpose_detail": "",
    "postal_code": "1051",
    "settlement": "Budapest",
    "street_address": "Sas utca 1.",
}


def file_until_review(client, first, second=None):
    response = client.post(SAVE_FIRST, first)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(case_type=SLUG)
    response = client.post(reverse("flow:save_step", args=[case.reference, 1]), second or REASON)
    assert response.status_code == 302, response.content.decode()[:3000]
    return case


def test_the_type_is_free_with_eight_days_and_login():
    kind = registry.get(SLUG)
    assert kind.fee is None and kind.deadline_days == 8 and kind.needs_login
    assert kind.documents[extract.DOCUMENT_KIND].issue_on == "decided_approved"


def test_own_birth_in_the_electronic_registry_is_filed(citizen_client, citizen):
    event = birth(citizen.person)
    case = file_until_review(
        citizen_client, {"kind": "birth", "occurred_on": citizen.person.birth_date.isoformat()}
    )
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "submitted" and case.deadline_days == 8
    detail = ExtractRequest.objects.get(case=case)
    assert detail.event == event and detail.purpose == "official_procedure"
    assert detail.postal_address == "1051 Budapest, Sas utca 1."


def test_a_birth_only_on_paper_is_refused_with_where_to_go(citizen_client, citizen):
    birth(citizen.person, entered_on=None)
    response = citizen_client.post(
        CHECK_FIRST,
        {"kind": "birth", "occurred_on": citizen.person.birth_date.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "nem szerepel az elektronikus anyakönyvi nyilvántartásban" in body
    assert "anyakönyvvezető" in body


def test_an_event_missing_from_the_registry_is_refused(citizen_client, citizen):
    response = citizen_client.post(SAVE_FIRST, {"kind": "marriage", "occurred_on": "2019-06-01"})
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_only_the_own_birth_date(citizen_client, citizen):
    birth(citizen.person)
    other = citizen.person.birth_date + timedelta(days=1)
    response = citizen_client.post(SAVE_FIRST, {"kind": "birth", "occurred_on": other.isoformat()})
    assert response.status_code == 422
    assert "saját születéséről" in response.content.decode()


def test_a_marriage_is_found_from_either_spouse(citizen_client, citizen):
    wife = PersonFactory(family_name="Feleség")
    event = marriage(wife, date(2018, 5, 5), spouse=citizen.person)
    case = file_until_review(citizen_client, {"kind": "marriage", "occurred_on": "2018-05-05"})
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    detail = ExtractRequest.objects.get(case=case)
    assert detail.event == event
    assert detail.other_spouse == wife.full_name


def test_someone_elses_marriage_is_not_found(citizen_client, citizen):
    marriage(PersonFactory(), date(2018, 5, 5))
    response = citizen_client.post(SAVE_FIRST, {"kind": "marriage", "occurred_on": "2018-05-05"})
    assert response.status_code == 422


@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(1899, 12, 31)))
def test_an_event_before_1900_is_a_field_error(day):
    form = extract.EventStep({"kind": "birth", "occurred_on": day.isoformat()})
    assert not form.is_valid()
    assert form.errors["occurred_on"][0].startswith("A dátum nem lehet 1900. január 1. előtti")


def test_a_future_event_is_a_field_error():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = extract.EventStep({"kind": "marriage", "occurred_on": tomorrow.isoformat()})
    assert not form.is_valid() and "occurred_on" in form.errors


def test_the_reason_is_required(citizen):
    form = extract.ReasonStep({**REASON, "purpose": ""}, applicant=citizen)
    assert "purpose" in form.errors
    form = extract.ReasonStep({**REASON, "purpose": "other"}, applicant=citizen)
    assert "purpose_detail" in form.errors
    form = extract.ReasonStep(
        {**REASON, "purpose": "other", "purpose_detail": "X"}, applicant=citizen
    )
    assert form.is_valid()


def test_a_bad_postal_code_is_a_field_error(citizen):
    form = extract.ReasonStep({**REASON, "postal_code": "0123"}, applicant=citizen)
    assert "postal_code" in form.errors


def test_the_registry_needs_events_since_2014_to_be_electronic(citizen):
    from django.core.exceptions import ValidationError

    event = CivilEvent(
        kind="birth",
        registry_number="X",
        person=citizen.person,
        occurred_on=date(2015, 1, 1),
        place="Pécs",
    )
    with pytest.raises(ValidationError):
        event.clean()


def test_the_clerk_issues_the_pdf_and_records_the_posting(
    citizen_client, citizen, clerk, django_capture_on_commit_callbacks
):
    birth(citizen.person)
    case = file_until_review(
        citizen_client, {"kind": "birth", "occurred_on": citizen.person.birth_date.isoformat()}
    )
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    with pytest.raises(extract.NotAllowed):
        extract.record_posting(case, posted_on=timezone.localdate(), by=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        extract.issue_extract(case, by=clerk)
    case.refresh_from_db()
    assert case.status == "decided_approved"
    document = IssuedDocument.objects.get(case=case, kind=extract.DOCUMENT_KIND)
    assert document.verification_code and document.public
    with pytest.raises(extract.NotAllowed):
        extract.issue_extract(case, by=clerk)
    extract.record_posting(case, posted_on=timezone.localdate(), by=clerk)
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.events.filter(kind="civil_registry.extract_posted").exists()
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "Postára adva" in page


def test_the_clerk_pages(clerk_client, citizen):
    birth(citizen.person)
    citizen_client = Client()
    citizen_client.force_login(citizen)
    case = file_until_review(
        citizen_client, {"kind": "birth", "occurred_on": citizen.person.birth_date.isoformat()}
    )
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    detail = ExtractRequest.objects.get(case=case)
    page = clerk_client.get(reverse("admin:civil_registry_extractrequest_change", args=[detail.pk]))
    assert page.status_code == 200
    issue = reverse("admin:civil_registry_extractrequest_issue", args=[detail.pk])
    assert issue in page.content.decode()
    assert clerk_client.post(issue).status_code == 302
    detail.refresh_from_db()
    assert detail.issued_on == timezone.localdate()
