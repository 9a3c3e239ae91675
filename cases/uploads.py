"""Checks for uploaded files: not empty, not too large, and of an allowed type
judged by the file's content (its first bytes), never by its name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Leading bytes of the document formats a case accepts.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
DOCUMENT_TYPES = frozenset(SIGNATURES)


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


def validate_upload(
    file, *, allowed: frozenset[str] = DOCUMENT_TYPES, max_bytes: int | None = None
) -> str:
    """Raise `ValidationError` unless `file` is a non-empty allowed document.

    Returns the content type found, so callers can store it.
    """
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
    return content_type
