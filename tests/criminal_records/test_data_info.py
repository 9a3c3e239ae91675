"""`criminal_record.data_info`: the written answer on one's own data, as a PDF letter
in the document inbox, recorded as posted to the address given."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case, IssuedDocument
from cases.workflow import Status
from criminal_records import data_info
from tests.criminal_records.conftest import ban_occupation, convict

pytestmark = pytest.mark.django_db
SLUG = data_info.SLUG


def test_the_answer_covers_the_data_and_reaches_the_inbox(
    citizen_client, citizen, person, clerk, django_capture_on_commit_callbacks
):
    convict(person)
    ban_occupation(person, "tanító")
    response = citizen_client.post(
        reverse("flow:save_first", args=[SLUG]),
        {
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Sas utca 1.",
            "country": "Magyarország",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(case_type=SLUG)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.deadline_days == 21 and case.deadline is not None

    with django_capture_on_commit_callbacks(execute=True):
        data_info.answer(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    document = IssuedDocument.objects.get(case=case, kind=data_info.DOCUMENT_KIND)
    assert document.delivered_at is not None  # in the document inbox
    assert case.detail.posted_at is not None
    assert case.events.filter(kind="criminal_record.answer_posted").exists()
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "B.123/2019/5",
        "tanító",
        "Az adatkezelés célja",
        "Az adatkezelés jogalapja",
        "Az adatkezelés időtartama",
        "1051 Budapest, Sas utca 1.",
    ):
        assert expected in text, expected
    inbox = citizen_client.get(reverse("cases:inbox"))
    assert inbox.status_code == 200


def test_a_hungarian_address_needs_a_hungarian_postal_code(citizen_client, person):
    response = citizen_client.post(
        reverse("flow:save_first", args=[SLUG]),
        {
            "postal_code": "10115",
            "settlement": "Budapest",
            "street_address": "Sas utca 1.",
            "country": "Magyarország",
        },
    )
    assert response.status_code == 422
    assert "postal_code" in response.context["form"].errors


def test_an_answer_is_sent_once(citizen, person, clerk, django_capture_on_commit_callbacks):
    from cases.actions import create_case, submit_case

    case = create_case(SLUG, applicant=citizen)
    data_info.save_detail(
        case,
        {
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Sas utca 1.",
            "country": "Magyarország",
        },
    )
    submit_case(case, by=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        data_info.answer(case, by=clerk)
    with pytest.raises(data_info.NotAllowed):
        data_info.answer(case, by=clerk)
    assert IssuedDocument.objects.filter(case=case).count() == 1
