"""Checks for uploaded files: an upload is accepted only when it is what it claims.

In order, cheapest first:

1. not empty and not larger than `PORTAL_UPLOAD_MAX_BYTES`;
2. an allowed type judged by the file's first bytes, never by its name;
3. no malware: ClamAV scans the bytes as received (`cases.scanning`), before
   any parser below reads them (`PORTAL_UPLOAD_SCAN` says what happens while the
   scanner is down);
4. a PDF opens with pypdf, is not encrypted and is complete (ends with its
   end-of-file marker, has pages whose content can be read);
   an image decodes completely with Pillow and is re-encoded: metadata (EXIF
   with the GPS position and the device, comments) and anything hidden after
   the image data are dropped, and the clerk only ever sees the re-encoded copy.

`inspect_upload` returns a `CheckedUpload` holding the bytes to store. Each
refusal is a `ValidationError` with its own code and message.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import TextChoices
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps
from pypdf import PdfReader

from cases import scanning

log = logging.getLogger(__name__)

# Leading bytes of the document formats a case accepts.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
DOCUMENT_TYPES = frozenset(SIGNATURES)
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# A 600 dpi colour scan of an A4 page is 35 million pixels. Decoding needs about
# 4 bytes a pixel, so this bounds the memory one upload can take.
MAX_IMAGE_PIXELS = 50_000_000
# Readers accept the end-of-file marker within the last 1024 bytes (Acrobat's
# rule, followed by pdf.js and poppler); a file cut short has none there.
PDF_EOF_WINDOW = 1024


class ScanResult(TextChoices):
    CLEAN = "clean", _("No malware found")
    NOT_SCANNED = "not_scanned", _("Not scanned for malware")


class CheckedUpload(ContentFile):
    """An upload that passed every check: the bytes to store, and what was found."""

    def __init__(self, content: bytes, *, name: str, content_type: str, scan: str) -> None:
        super().__init__(content, name=name)
        self.content_type = content_type
        self.scan = scan


def sniff_content_type(head: bytes) -> str | None:
    for content_type, prefixes in SIGNATURES.items():
        if head.startswith(prefixes):
            return content_type
    return None


def read_head(file, length: int = 16) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(length)
    file.seek(position)
    return head


def inspect_upload(
    file, *, allowed: frozenset[str] = DOCUMENT_TYPES, max_bytes: int | None = None
) -> CheckedUpload:
    """Raise `ValidationError` unless `file` is a sound, clean, allowed document."""
    if isinstance(file, CheckedUpload):
        return file
    max_bytes = max_bytes or settings.PORTAL_UPLOAD_MAX_BYTES
    size = file.size
    if not size:
        raise ValidationError(_("The file you uploaded is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest allowed size is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    content_type = sniff_content_type(read_head(file))
    if content_type not in allowed:
        raise ValidationError(
            _("This file is not a PDF, JPEG or PNG document. Please upload a scan or a PDF."),
            code="wrong_type",
        )
    content = _read_all(file)
    scan = _scan(content)
    if content_type == "application/pdf":
        _check_pdf(content)
    else:
        content = _reencoded_image(content, IMAGE_FORMATS[content_type])
    return CheckedUpload(
        content, name=getattr(file, "name", None) or "upload", content_type=content_type, scan=scan
    )


def validate_upload(
    file, *, allowed: frozenset[str] = DOCUMENT_TYPES, max_bytes: int | None = None
) -> str:
    """The model field's validator: `inspect_upload`, returning the content type.

    A model form hands its validators the field file around the assigned file;
    a file already checked by the form field is not checked (and scanned) again.
    """
    if isinstance(file, FieldFile) and not file._committed:
        file = file.file
    return inspect_upload(file, allowed=allowed, max_bytes=max_bytes).content_type


def _read_all(file) -> bytes:
    file.seek(0)
    content = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
    file.seek(0)
    return content


# --- malware -----------------------------------------------------------------


def _scan(content: bytes) -> str:
    mode = settings.PORTAL_UPLOAD_SCAN
    if mode == "off":
        return ScanResult.NOT_SCANNED
    digest = hashlib.sha256(content).hexdigest()
    try:
        verdict = scanning.from_settings().scan(content)
    except scanning.ScannerUnavailable as error:
        if mode == "optional":
            log.warning(
                "Upload accepted WITHOUT a malware scan: the scanner is not running (%s)", error
            )
            return ScanResult.NOT_SCANNED
        log.error("Upload refused: the malware scanner is unavailable (%s)", error)
        raise ValidationError(
            _(
                "Uploaded files are checked for malware, and the checker is not available "
                "right now, so the file could not be accepted. Please try again later."
            ),
            code="scanner_unavailable",
        ) from error
    except scanning.ScanFailed as error:
        log.warning("Upload refused: the malware scanner could not scan it (%s)", error)
        raise ValidationError(
            _(
                "The file could not be checked for malware, so it was not accepted. "
                "Please save it again (for example as a new PDF) and upload the new file."
            ),
            code="scan_failed",
        ) from error
    if verdict.infected:
        # The file's hash, never its name or its owner: enough to find the same
        # file again in the scanner's logs.
        log.warning(
            "Upload refused: malware %s found (sha256 %s, %d bytes)",
            verdict.signature,
            digest,
            len(content),
        )
        raise ValidationError(
            _(
                "This file contains malware (a virus), so it was not accepted. Please check "
                "your computer with an antivirus program, then upload a clean copy."
            ),
            code="malware",
        )
    return ScanResult.CLEAN


# --- PDF ---------------------------------------------------------------------


def _check_pdf(content: bytes) -> None:
    if b"%%EOF" not in content[-PDF_EOF_WINDOW:]:
        raise ValidationError(
            _(
                "The PDF is incomplete: its end is missing, as when an upload or a download "
                "is interrupted. Please upload the whole file again."
            ),
            code="pdf_truncated",
        )
    unreadable = ValidationError(
        _(
            "The file cannot be opened as a PDF. It may be damaged: please save or scan it "
            "again and upload the new file."
        ),
        code="pdf_unreadable",
    )
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            pages = len(reader.pages)
            for page in reader.pages:
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
    # A hostile or damaged file can make a parser fail in any way it has; every
    # such failure means the same to the citizen: the file does not open.
    except Exception as error:
        log.info("Upload refused: pypdf cannot read it (%s)", type(error).__name__)
        raise unreadable from error
    if encrypted:
        raise ValidationError(
            _(
                "The PDF is protected with a password (encrypted), so the office could not "
                "open it. Please upload a copy without a password."
            ),
            code="pdf_encrypted",
        )
    if not pages:
        raise ValidationError(_("The PDF has no pages."), code="pdf_empty")


# --- images ------------------------------------------------------------------


def _reencoded_image(content: bytes, image_format: str) -> bytes:
    unreadable = ValidationError(
        _(
            "The image cannot be opened: it is damaged or incomplete. Please scan or "
            "photograph the document again and upload the new file."
        ),
        code="image_unreadable",
    )
    too_large = ValidationError(
        _(
            "The image is too large to process: it has more than %(limit)s million pixels. "
            "Please scan it at a lower resolution: 300 dpi is enough."
        ),
        code="image_too_large",
        params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
    )
    try:
        with _cut_images_fail(), Image.open(io.BytesIO(content), formats=[image_format]) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise too_large
            image.load()  # decodes every byte of image data: a cut file fails here
            upright = _upright(image)
            transparency = upright.info.get("transparency")
            upright.info = {}
            out = io.BytesIO()
            if image_format == "JPEG":
                upright.save(out, "JPEG", quality=90)
            elif transparency is not None:
                upright.save(out, "PNG", transparency=transparency)
            else:
                upright.save(out, "PNG")
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own, far larger limit
        raise too_large from error
    # Pillow reports damaged data as OSError, SyntaxError, ValueError and more.
    except Exception as error:
        log.info("Upload refused: the image does not decode (%s)", type(error).__name__)
        raise unreadable from error
    return out.getvalue()


@contextmanager
def _cut_images_fail() -> Iterator[None]:
    """Pillow decodes a cut image as an error, unless LOAD_TRUNCATED_IMAGES is set.

    WeasyPrint sets that process-wide flag when it is imported, and Pillow would
    then pad a cut upload with grey instead. WeasyPrint runs in tasks on the worker
    (and gunicorn's workers are single-threaded), so switching the flag off while
    an upload decodes does not change how a PDF being drawn meanwhile reads images.
    """
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _upright(image: Image.Image) -> Image.Image:
    """The picture turned the way the camera held it, since the EXIF that says
    how is dropped; as it is when that EXIF is unreadable."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:
        return image.copy()
