"""The public verification page of issued documents: /verify/<code>/ (documents:verify)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import verification
from cases.actions import create_case
from cases.models import IssuedDocument
from document_checks.models import AnonymousCheck
from documents.models import Document
from tests.factories import DocumentFactory

CONTENT = b"%PDF-1.7\n% an issued document\n"


@pytest.fixture
def issued(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    document = IssuedDocument(
        case=case,
        kind="statement",
        title="Adatszolgáltatás",
        sha256=IssuedDocument.digest(CONTENT),
        size=len(CONTENT),
        verification_code=verification.new_code(),
    )
    document.file.save("statement.pdf", ContentFile(CONTENT), save=False)
    document.save()
    return document


def _page(client, document, language="en", code=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    code = code or verification.grouped(document.verification_code)
    return client.get(reverse("documents:verify", args=[code]))


def test_the_printed_path_is_served_here(issued):
    assert (
        reverse("documents:verify", args=["ABCD-EFGH-JKMN-PQRS"]) == "/verify/ABCD-EFGH-JKMN-PQRS/"
    )
    url = verification.verification_url(issued.verification_code)
    assert url.endswith(
        reverse("documents:verify", args=[verification.grouped(issued.verification_code)])
    )


def test_an_issued_document_is_authentic_unchanged_and_valid(client, issued):
    response = _page(client, issued)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Authentic and valid" in body
    assert "yes, the stored file is the one issued" in body
    assert "yes, it has not been revoked." in body
    assert issued.sha256 in body
    assert issued.case.reference in body


def test_the_page_shows_no_personal_data(client, issued, citizen):
    body = _page(client, issued).content.decode()
    assert citizen.last_name not in body
    assert citizen.person.personal_id not in body
    assert citizen.email not in body


def test_the_code_is_read_as_people_type_it(client, issued):
    typed = verification.grouped(issued.verification_code).lower().replace("-", "")
    assert _page(client, issued, code=typed).status_code == 200


def test_a_revoked_document_says_so_at_once(client, issued, clerk):
    assert verification.revoke(issued, reason="Issued in error", by=clerk)
    body = _page(client, issued).content.decode()
    assert '<h2 class="h4" id="verdict-heading">Revoked</h2>' in body
    assert f"no, it was revoked on {timezone.localdate():%Y. %m. %d.}" in body
    assert not verification.revoke(issued, reason="Again", by=clerk)
    issued.refresh_from_db()
    assert issued.revocation_reason == "Issued in error" and issued.revoked_by == clerk
    assert issued.case.events.filter(kind="document.revoked").count() == 1


def test_a_revocation_needs_a_reason(issued, clerk):
    with pytest.raises(ValueError):
        verification.revoke(issued, reason="  ", by=clerk)


def test_an_expired_certificate_is_no_longer_valid(client, issued):
    issued.valid_until = timezone.localdate() - timedelta(days=1)
    issued.save()
    body = _page(client, issued).content.decode()
    assert "No longer valid" in body and "no, it was valid until" in body


def test_a_certificate_within_its_validity_says_until_when(client, issued):
    issued.valid_until = timezone.localdate() + timedelta(days=89)
    issued.save()
    assert "yes, until" in _page(client, issued).content.decode()


def test_a_document_certifying_an_invalidated_register_document_fails_at_once(
    client, issued, citizen
):
    card = DocumentFactory(holder=citizen.person)
    issued.register_document = card
    issued.save()
    assert "Authentic and valid" in _page(client, issued).content.decode()
    card.invalidate(Document.InvalidationReason.LOST)
    body = _page(client, issued).content.decode()
    assert "the document it certifies has been invalidated" in body
    assert "Authentic and valid" not in body


def test_a_stored_file_that_changed_is_reported(client, issued):
    with open(issued.file.path, "ab") as stored:
        stored.write(b"tampered")
    body = _page(client, issued).content.decode()
    assert "The issued file cannot be confirmed" in body
    assert "no longer matches its fingerprint" in body


def test_an_unknown_or_malformed_code_gets_a_404_page_that_says_so(client, db):
    unknown = verification.grouped(verification.new_code())
    for code in (unknown, "NOT-A-CODE", "x" * 300):
        response = client.get(reverse("documents:verify", args=[code]))
        assert response.status_code == 404
        assert "Nincs dokumentum ezzel a kóddal" in response.content.decode()


def test_the_code_form_goes_to_the_codes_page(client, issued):
    response = client.get("/verify/", {"code": issued.verification_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "documents:verify", args=[verification.grouped(issued.verification_code)]
    )


def test_the_code_form_explains_a_malformed_code(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/verify/", {"code": "1234"})
    assert response.status_code == 400
    error = response.content.decode().split('id="id_code_error"')[1].split("</div>")[0]
    assert "This is not a verification code" in error


def test_a_visitor_compares_a_copy_without_it_being_stored(client, issued, settings, tmp_path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("documents:verify", args=[verification.grouped(issued.verification_code)])
    same = client.post(url, {"copy": SimpleUploadedFile("mine.pdf", CONTENT)})
    assert "Your file is exactly the file the portal issued." in same.content.decode()
    changed = client.post(url, {"copy": SimpleUploadedFile("mine.pdf", CONTENT + b" ")})
    assert "Your file differs from the file the portal issued" in changed.content.decode()
    media = list((tmp_path / "media").rglob("*"))
    assert [p.name for p in media if p.is_file()] == ["statement.pdf"] or all(
        "mine" not in p.name for p in media
    )


def test_a_copy_is_required_and_limited_in_size(client, issued, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.PORTAL_UPLOAD_MAX_BYTES = 10
    url = reverse("documents:verify", args=[verification.grouped(issued.verification_code)])
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Choose the PDF file to compare." in response.content.decode()
    response = client.post(url, {"copy": SimpleUploadedFile("mine.pdf", CONTENT)})
    assert "larger than any document" in response.content.decode()


def test_the_compare_form_keeps_csrf(issued):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    url = reverse("documents:verify", args=[verification.grouped(issued.verification_code)])
    assert strict.post(url, {"copy": SimpleUploadedFile("mine.pdf", CONTENT)}).status_code == 403


def test_each_look_is_logged_for_the_holder(client, issued):
    _page(client, issued)
    _page(client, issued)
    assert AnonymousCheck.objects.filter(issued_document=issued, kind="verification").count() == 2


def test_the_31st_request_in_a_minute_gets_429(client, issued, settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "30/m"
    statuses = [_page(client, issued).status_code for _ in range(31)]
    assert statuses == [200] * 30 + [429]
