from __future__ import annotations

import hashlib
import io
import logging
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageFile, PngImagePlugin

from cases import registry
from cases.actions import add_attachment, create_case
from cases.flow import DocumentField, StepForm
from cases.models import Attachment, Case
from cases.registry import CaseType
from cases.uploads import CheckedUpload, ScanResult, inspect_upload, validate_upload
from sandbox import clamav
from tests import samples

PDF = samples.pdf()
PNG = samples.png()
JPEG = samples.jpeg()


def refusal(content: bytes, name: str = "upload.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        inspect_upload(SimpleUploadedFile(name, content))
    return caught.value


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
    assert refusal(content, name).code == code


def test_too_large_uploads_are_refused(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    error = refusal(PDF + b"x" * 2048)
    assert error.code == "too_large"
    assert "1,0" in str(error.messages[0]) or "1.0" in str(error.messages[0])


# --- a PDF must open -----------------------------------------------------------


def test_a_pdf_cut_in_half_is_refused_as_incomplete():
    document = samples.pdf(pages=3)
    error = refusal(document[: len(document) // 2])
    assert error.code == "pdf_truncated"
    with translation.override("hu"):
        assert error.messages == [
            "A PDF hiányos: a vége hiányzik, mint amikor egy fel- vagy letöltés megszakad. "
            "Kérjük, töltse fel újra a teljes fájlt."
        ]
    with translation.override("en"):
        assert error.messages[0].startswith("The PDF is incomplete: its end is missing")


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # a header and nothing real
        b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",  # noise
        # a cut file with an end marker glued on: no cross-reference table left
        samples.pdf(pages=3)[:200] + b"\nstartxref\n999999\n%%EOF\n",
    ],
)
def test_a_file_that_only_looks_like_a_pdf_is_refused(content):
    error = refusal(content)
    assert error.code == "pdf_unreadable"
    with translation.override("hu"):
        assert error.messages[0].startswith("A fájl nem nyitható meg PDF-ként.")


def test_an_encrypted_pdf_is_refused_even_without_a_user_password():
    error = refusal(samples.encrypted_pdf())
    assert error.code == "pdf_encrypted"
    with translation.override("hu"):
        assert error.messages[0].startswith("A PDF jelszóval védett (titkosított)")


def test_a_pdf_without_pages_is_refused():
    error = refusal(samples.pdf_without_pages())
    assert error.code == "pdf_empty"
    with translation.override("hu"):
        assert error.messages == ["A PDF-ben nincs egyetlen oldal sem."]


def test_a_valid_pdf_is_stored_byte_for_byte():
    checked = inspect_upload(SimpleUploadedFile("contract.pdf", PDF))
    assert checked.read() == PDF


# --- an image is decoded and re-encoded -----------------------------------------


def _stored(content: bytes, name: str = "photo.jpg") -> Image.Image:
    checked = inspect_upload(SimpleUploadedFile(name, content))
    return Image.open(io.BytesIO(checked.read()))


def test_a_photo_loses_its_gps_position_and_camera_but_keeps_its_orientation():
    original = Image.open(io.BytesIO(samples.jpeg_with_gps_and_rotation()))
    assert original.getexif().get_ifd(0x8825)  # the sample really carries a position
    stored = _stored(samples.jpeg_with_gps_and_rotation())
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    # Orientation 6 was applied: 40×30 landscape became a 30×40 portrait, red on top.
    assert stored.size == (30, 40)
    red, green, blue = stored.convert("RGB").getpixel((15, 5))
    assert red > 200 and blue < 60


def test_anything_hidden_after_the_image_data_is_dropped():
    hidden = b"PK\x03\x04 a zip archive glued to the picture"
    checked = inspect_upload(SimpleUploadedFile("scan.png", PNG + hidden))
    stored = checked.read()
    assert hidden not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")  # the PNG ends where its data ends
    assert checked.content_type == "image/png"


def test_png_text_chunks_are_dropped_and_transparency_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Kovács János")
    content = samples.image("PNG", mode="P", pnginfo=info, transparency=0)
    stored_bytes = inspect_upload(SimpleUploadedFile("scan.png", content)).read()
    assert "Kovács".encode() not in stored_bytes and b"Author" not in stored_bytes
    stored = Image.open(io.BytesIO(stored_bytes))
    assert stored.info.get("transparency") == 0
    assert stored.size == (40, 30)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_an_image_cut_short_is_refused(image_format):
    content = samples.image(image_format, size=(300, 200))
    error = refusal(content[: len(content) // 2], "scan.img")
    assert error.code == "image_unreadable"
    with translation.override("hu"):
        assert error.messages[0].startswith("A kép nem nyitható meg: sérült vagy hiányos.")


def test_a_cut_image_is_refused_even_after_weasyprint_was_imported():
    import weasyprint.images  # noqa: F401  (it sets Pillow's LOAD_TRUNCATED_IMAGES)

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    content = samples.image("JPEG", size=(300, 200))
    assert refusal(content[: len(content) // 2], "scan.jpg").code == "image_unreadable"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's setting is left as it was


def test_an_image_header_over_noise_is_refused():
    error = refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scan.png")
    assert error.code == "image_unreadable"


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    error = refusal(samples.png_claiming(8000, 7000), "scan.png")  # 56 million pixels
    assert error.code == "image_too_large"
    with translation.override("hu"):
        assert error.messages == [
            "A kép túl nagy a feldolgozáshoz: több mint 50 millió képpontból áll. "
            "Kérjük, kisebb felbontással szkennelje be: 300 dpi elég."
        ]


# --- the malware scan: what happens without a scanner ----------------------------


def test_development_accepts_an_unscanned_file_and_says_so(settings, caplog):
    settings.PORTAL_UPLOAD_SCAN = "optional"
    with caplog.at_level(logging.WARNING, logger="cases.uploads"):
        checked = inspect_upload(SimpleUploadedFile("kovacs-janos-szerzodes.pdf", PDF))
    assert checked.scan == ScanResult.NOT_SCANNED
    assert "WITHOUT a malware scan" in caplog.text
    assert "kovacs" not in caplog.text  # no file names (personal data) in logs


def test_production_refuses_every_file_while_the_scanner_is_down(settings, caplog):
    settings.PORTAL_UPLOAD_SCAN = "required"
    with caplog.at_level(logging.ERROR, logger="cases.uploads"):
        error = refusal(PDF, "kovacs-janos-szerzodes.pdf")
    assert error.code == "scanner_unavailable"
    with translation.override("hu"):
        assert error.messages == [
            "A feltöltött fájlokat kártevőkre ellenőrizzük, de az ellenőrző most nem érhető "
            "el, ezért a fájlt nem tudtuk befogadni. Kérjük, próbálja újra később."
        ]
    assert "malware scanner is unavailable" in caplog.text
    assert "kovacs" not in caplog.text


def test_scanning_switched_off_marks_files_not_scanned(settings):
    settings.PORTAL_UPLOAD_SCAN = "off"
    assert inspect_upload(SimpleUploadedFile("a.pdf", PDF)).scan == ScanResult.NOT_SCANNED


# --- the malware scan with a real clamd --------------------------------------------


@pytest.mark.clamav
def test_a_clean_file_is_marked_scanned(scanner):
    assert inspect_upload(SimpleUploadedFile("a.pdf", PDF)).scan == ScanResult.CLEAN


@pytest.mark.clamav
def test_the_eicar_file_inside_a_pdf_is_refused_as_malware(scanner, caplog):
    document = samples.pdf_with_attachment("readme.com", samples.EICAR)
    with caplog.at_level(logging.WARNING, logger="cases.uploads"):
        error = refusal(document, "kovacs-janos-szerzodes.pdf")
    assert error.code == "malware"
    with translation.override("hu"):
        assert error.messages == [
            "Ez a fájl kártevőt (vírust) tartalmaz, ezért nem fogadtuk be. Kérjük, "
            "ellenőrizze a számítógépét vírusirtó programmal, majd töltsön fel egy tiszta "
            "példányt."
        ]
    with translation.override("en"):
        assert error.messages[0].startswith("This file contains malware (a virus)")
    digest = hashlib.sha256(document).hexdigest()
    assert "malware Eicar-Test-Signature" in caplog.text and digest in caplog.text
    assert "kovacs" not in caplog.text


@pytest.mark.clamav
def test_malware_behind_an_image_is_refused_before_the_image_is_re_encoded(scanner):
    # Re-encoding alone would drop the tail; the scan sees the file as it was sent.
    assert refusal(JPEG + samples.EICAR, "photo.jpg").code == "malware"


@pytest.mark.clamav
def test_a_file_clamd_cannot_scan_is_refused(settings, tmp_path):
    process = clamav.start(tmp_path / "small", stream_max_bytes=1, stdout=subprocess.DEVNULL)
    try:
        settings.PORTAL_UPLOAD_SCAN = "required"
        settings.CLAMD_ADDRESS = f"unix:{tmp_path / 'small' / clamav.SOCKET_NAME}"
        error = refusal(samples.pdf() + b"%" + b"x" * (3 * 1024 * 1024) + b"\n%%EOF\n")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert error.code == "scan_failed"


# --- storing -------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachment_is_stored_with_its_checksum_and_an_event(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    attachment = add_attachment(
        case, SimpleUploadedFile("szerződés.pdf", PDF), kind=Attachment.Kind.CONTRACT, by=citizen
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.malware_scan == ScanResult.NOT_SCANNED  # no scanner in this test
    assert "szerződés" not in attachment.file.name  # no personal data in storage paths
    assert case.events.filter(kind="case.attachment_added").count() == 1


@pytest.mark.django_db
def test_an_image_attachment_is_the_re_encoded_copy(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    original = samples.jpeg_with_gps_and_rotation()
    attachment = add_attachment(case, SimpleUploadedFile("photo.jpg", original), by=citizen)
    stored = attachment.file.read()
    assert stored != original
    assert attachment.size == len(stored)
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    assert attachment.original_name == "photo.jpg"


@pytest.mark.django_db
@pytest.mark.clamav
def test_a_scanned_attachment_says_so(scanner, citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    attachment = add_attachment(case, SimpleUploadedFile("a.pdf", PDF), by=citizen)
    assert attachment.malware_scan == ScanResult.CLEAN


@pytest.mark.django_db
def test_a_refused_upload_leaves_nothing_behind(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    with pytest.raises(ValidationError):
        add_attachment(case, SimpleUploadedFile("x.pdf", b"not a pdf"), by=citizen)
    assert not Attachment.objects.exists()
    assert not case.events.filter(kind="case.attachment_added").exists()


def test_a_checked_upload_is_not_checked_twice(settings):
    checked = inspect_upload(SimpleUploadedFile("a.pdf", PDF))
    settings.PORTAL_UPLOAD_SCAN = "required"  # a second scan would now be refused
    assert inspect_upload(checked) is checked
    assert isinstance(checked, CheckedUpload)


# --- through a citizen's step form ----------------------------------------------------


class ScanStep(StepForm):
    title = "Contract"
    contract = DocumentField(label="Contract")
    attachment_kinds = {"contract": Attachment.Kind.CONTRACT}


@pytest.fixture
def upload_type():
    kind = CaseType(slug="testing.upload", label="Upload test", forms=(ScanStep,), deadline_days=8)
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


def _file_step(client, content: bytes):
    return client.post(
        reverse("flow:save_first", args=["testing.upload"]),
        {"contract": SimpleUploadedFile("szerzodes.pdf", content)},
        follow=True,
    )


@pytest.mark.django_db
def test_a_citizen_is_told_when_development_took_a_file_unscanned(citizen_client, upload_type):
    response = _file_step(citizen_client, PDF)
    assert response.status_code == 200
    assert (
        "A fájlját kártevőszűrés nélkül fogadtuk be: ezen a fejlesztői gépen nem fut a "
        "víruskereső." in response.content.decode()
    )
    assert Attachment.objects.get().malware_scan == ScanResult.NOT_SCANNED


@pytest.mark.django_db
def test_a_citizen_is_asked_to_try_later_while_a_required_scanner_is_down(
    settings, citizen_client, upload_type
):
    settings.PORTAL_UPLOAD_SCAN = "required"
    response = _file_step(citizen_client, PDF)
    assert response.status_code == 422
    assert "Kérjük, próbálja újra később." in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()


@pytest.mark.django_db
@pytest.mark.clamav
def test_a_citizens_pdf_with_eicar_is_refused_on_its_field(scanner, citizen_client, upload_type):
    document = samples.pdf_with_attachment("readme.com", samples.EICAR)
    response = _file_step(citizen_client, document)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Ez a fájl kártevőt (vírust) tartalmaz, ezért nem fogadtuk be." in body
    assert not Case.objects.exists() and not Attachment.objects.exists()

    accepted = _file_step(citizen_client, PDF)
    assert "kártevőszűrés nélkül" not in accepted.content.decode()
    assert Attachment.objects.get().malware_scan == ScanResult.CLEAN
