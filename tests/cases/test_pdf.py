from __future__ import annotations

import hashlib
import io

import pytest
import zxingcpp
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from cases import registry, verification
from cases.actions import create_case, submit_case
from cases.documents import GENERAL_REMEDY, Authority, DocumentSpec
from cases.models import IssuedDocument
from cases.registry import CaseType
from cases.tasks import issue_case_document
from tests.conftest import DOCUMENTED_LEGAL_BASIS as LEGAL_BASIS
from tests.conftest import DOCUMENTED_TYPE


def _submitted(applicant, capture) -> IssuedDocument:
    case = create_case(DOCUMENTED_TYPE, applicant=applicant)
    with capture(execute=True):
        submit_case(case, by=applicant)
    return IssuedDocument.objects.get(case=case, kind="summary")


def _reader(document: IssuedDocument) -> PdfReader:
    document.file.open("rb")
    try:
        return PdfReader(io.BytesIO(document.file.read()))
    finally:
        document.file.close()


def _text(document: IssuedDocument) -> str:
    # Lines broken by the layout are joined, so a sentence is found whole.
    text = "".join(page.extract_text() for page in _reader(document).pages)
    return " ".join(text.split())


@pytest.mark.django_db
def test_the_spine_issues_a_declared_document_once_on_submission(
    citizen, documented_type, django_capture_on_commit_callbacks
):
    document = _submitted(citizen, django_capture_on_commit_callbacks)
    assert issue_case_document.delay(document.case_id, "summary").get() == document.pk
    assert IssuedDocument.objects.count() == 1
    content = document.file.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.title == "Összefoglaló"
    assert verification.normalize(document.verification_code) == document.verification_code
    text = _text(document)
    assert document.case.reference in text
    assert "Ügy összefoglalója" in text


@pytest.mark.django_db
def test_the_stored_title_is_in_the_documents_language_whatever_the_page_language(
    citizen, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext_lazy

    kind = CaseType(
        slug="testing.documented_en",
        label="Documented request",
        deadline_days=8,
        documents={
            "summary": DocumentSpec(
                title=gettext_lazy("Documents"),
                template="pdf/case_summary.html",
                legal_basis=LEGAL_BASIS,
                language="en",
            )
        },
    )
    registry.register(kind)
    try:
        case = create_case(kind.slug, applicant=citizen)
        with translation.override("hu"), django_capture_on_commit_callbacks(execute=True):
            submit_case(case, by=citizen)
        document = IssuedDocument.objects.get(case=case, kind="summary")
        assert (document.title, document.language) == ("Documents", "en")
    finally:
        registry.unregister(kind.slug)


@pytest.mark.django_db
def test_nothing_is_issued_when_the_submission_rolls_back(
    citizen, documented_type, django_capture_on_commit_callbacks
):
    case = create_case(DOCUMENTED_TYPE, applicant=citizen)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit_case(case, by=citizen)
        raise RuntimeError("the effect on the register failed")
    assert callbacks == []
    assert not IssuedDocument.objects.exists()


@pytest.mark.django_db
def test_every_pdf_carries_authority_legal_basis_remedy_date_and_code(
    citizen, documented_type, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "https://ugysegeg.example.hu/"
    settings.PORTAL_ISSUING_AUTHORITY = "Próba Kormányhivatal"
    settings.PORTAL_ISSUING_AUTHORITY_ADDRESS = "1111 Budapest, Próba utca 1."
    document = _submitted(citizen, django_capture_on_commit_callbacks)
    text = _text(document)
    code = verification.grouped(document.verification_code)
    url = f"https://ugysegeg.example.hu/verify/{code}/"
    with translation.override("hu"):
        remedy = " ".join(str(GENERAL_REMEDY).split())
        issued_on = date_format(timezone.localdate(document.created_at), "DATE_FORMAT")
    for item in (
        "Próba Kormányhivatal",
        "1111 Budapest, Próba utca 1.",
        "Jogalap",
        LEGAL_BASIS,
        "Jogorvoslat",
        remedy,
        "Kiállítás dátuma",
        issued_on,
        code,
        url,
    ):
        assert item in text, item
    assert "közigazgatási pert" in remedy and "30 napon belül" in remedy


@pytest.mark.django_db
def test_the_qr_code_on_the_pdf_decodes_to_the_verification_url(
    citizen, documented_type, django_capture_on_commit_callbacks
):
    document = _submitted(citizen, django_capture_on_commit_callbacks)
    images = [image.image for page in _reader(document).pages for image in page.images]
    decoded = [result.text for image in images for result in zxingcpp.read_barcodes(image)]
    assert decoded == [verification.verification_url(document.verification_code)]
    assert decoded[0].endswith(f"/verify/{verification.grouped(document.verification_code)}/")


@pytest.mark.django_db
def test_an_english_speaking_applicant_reads_the_official_parts_in_english(
    citizen, documented_type, django_capture_on_commit_callbacks
):
    citizen.preferred_language = "en"
    citizen.save(update_fields=["preferred_language"])
    document = _submitted(citizen, django_capture_on_commit_callbacks)
    text = _text(document)
    with translation.override("en"):
        issued_on = date_format(timezone.localdate(document.created_at), "DATE_FORMAT")
    for item in ("Legal basis", "Legal remedy", "No appeal lies against this decision", issued_on):
        assert item in text, item


@pytest.mark.django_db
def test_a_case_type_may_name_its_own_authority(citizen, django_capture_on_commit_callbacks):
    kind = CaseType(
        slug="testing.own_authority",
        label="Request to another authority",
        authority=Authority("Fővárosi Törvényszék Próba Osztály", "1055 Budapest, Markó u. 27."),
        documents={
            "summary": DocumentSpec(
                title="Összefoglaló", template="pdf/case_summary.html", legal_basis=LEGAL_BASIS
            )
        },
    )
    registry.register(kind)
    try:
        case = create_case(kind.slug, applicant=citizen)
        with django_capture_on_commit_callbacks(execute=True):
            submit_case(case, by=citizen)
        text = _text(IssuedDocument.objects.get(case=case))
    finally:
        registry.unregister(kind.slug)
    assert "Fővárosi Törvényszék Próba Osztály" in text
    assert "1055 Budapest, Markó u. 27." in text


@pytest.mark.django_db
def test_the_pdf_stays_tagged_pdf_ua(citizen, documented_type, django_capture_on_commit_callbacks):
    reader = _reader(_submitted(citizen, django_capture_on_commit_callbacks))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


@pytest.mark.django_db
def test_the_citizen_downloads_only_their_own_document(
    client, citizen, other_citizen, documented_type, django_capture_on_commit_callbacks
):
    document = _submitted(citizen, django_capture_on_commit_callbacks)
    url = f"/files/my-requests/{document.case.reference}/documents/{document.pk}/"
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == document.file.open("rb").read()
