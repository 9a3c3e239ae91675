from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from cases import registry
from cases.actions import create_case, submit_case
from cases.models import IssuedDocument
from cases.registry import CaseType
from cases.tasks import issue_case_document


@pytest.fixture
def documented_type():
    kind = CaseType(
        slug="testing.documented",
        label="Documented request",
        deadline_days=8,
        documents={"summary": ("Összefoglaló", "pdf/case_summary.html")},
    )
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


@pytest.mark.django_db
def test_a_document_is_rendered_once_with_its_checksum(citizen, documented_type):
    case = create_case("testing.documented", applicant=citizen)
    submit_case(case, by=citizen)
    first = issue_case_document.delay(case.pk, "summary").get()
    second = issue_case_document.delay(case.pk, "summary").get()
    assert first == second
    document = IssuedDocument.objects.get()
    content = document.file.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert case.reference in text
    assert "Ügy összefoglalója" in text or "Case summary" in text


@pytest.mark.django_db
def test_the_citizen_downloads_only_their_own_document(
    client, citizen, other_citizen, documented_type
):
    case = create_case("testing.documented", applicant=citizen)
    submit_case(case, by=citizen)
    document = IssuedDocument.objects.get(pk=issue_case_document.delay(case.pk, "summary").get())
    url = f"/files/my-requests/{case.reference}/documents/{document.pk}/"
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == document.file.open("rb").read()
