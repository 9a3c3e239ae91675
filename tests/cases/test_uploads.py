from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.actions import add_attachment, create_case
from cases.models import Attachment
from cases.uploads import validate_upload

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
    ],
)
def test_documents_are_recognised_by_content_whatever_their_name(content, expected):
    assert validate_upload(SimpleUploadedFile("scan.txt", content)) == expected


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.pdf", b"", "empty"),
        ("contract.pdf", b"MZ\x90\x00 this is a program", "wrong_type"),
        ("contract.pdf", b"<html><script>alert(1)</script>", "wrong_type"),
        ("contract.png", b"GIF89a....", "wrong_type"),
    ],
)
def test_bad_uploads_are_refused_with_a_specific_reason(name, content, code):
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content))
    assert caught.value.code == code


def test_too_large_uploads_are_refused(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"x" * 2048))
    assert caught.value.code == "too_large"
    assert "1,0" in str(caught.value.messages[0]) or "1.0" in str(caught.value.messages[0])


@pytest.mark.django_db
def test_attachment_is_stored_with_its_checksum_and_an_event(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    attachment = add_attachment(
        case, SimpleUploadedFile("szerződés.pdf", PDF), kind=Attachment.Kind.CONTRACT, by=citizen
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "szerződés" not in attachment.file.name  # no personal data in storage paths
    assert case.events.filter(kind="case.attachment_added").count() == 1


@pytest.mark.django_db
def test_a_refused_upload_leaves_nothing_behind(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    with pytest.raises(ValidationError):
        add_attachment(case, SimpleUploadedFile("x.pdf", b"not a pdf"), by=citizen)
    assert not Attachment.objects.exists()
    assert not case.events.filter(kind="case.attachment_added").exists()
