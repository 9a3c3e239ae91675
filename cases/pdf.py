"""The one door for every PDF the portal issues: rendered once, stored once.

Whatever the document (a receipt, a decision, a contract, a PIN envelope),
`issue_document` gives it, once, a record with its SHA-256 and a verification
code, and prints on it what an official document carries: the issuing
authority, the legal basis and the remedy from its `DocumentSpec`, the date of
issue, and the code with a QR code of the public check page
(`templates/pdf/base.html`). A test fails if a PDF is made anywhere else. A
document whose spec asks for it is signed (PAdES) by the issuing authority's key
before it is stored (`cases.signing`).

WeasyPrint is imported inside the function: loading it costs time and memory
that web requests should not pay (house rule: PDFs only in tasks).
"""

from __future__ import annotations

import base64
import io
import logging
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases import verification
from cases.documents import DocumentSpec
from cases.models import Case, IssuedDocument

if TYPE_CHECKING:
    from documents.models import Document

log = logging.getLogger(__name__)


def _render_pdf(template: str, context: dict, *, language: str = "hu") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context)
    # PDF/UA-1 tags the structure so screen readers can read the document.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def qr_png(data: str) -> bytes:
    """A QR code of `data` as a PNG: medium error correction (a creased or
    smudged printout still scans), four modules of quiet zone as the standard asks."""
    import qrcode
    from qrcode.image.pil import PilImage

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=4,
        border=4,
        image_factory=PilImage,
    )
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def _unused_code() -> str:
    # 75 random bits make a repeat only theoretical; the unique column is the real guard.
    while True:
        code = verification.new_code()
        if not IssuedDocument.objects.filter(verification_code=code).exists():
            return code


def issue_document(
    case: Case,
    kind: str,
    spec: DocumentSpec,
    *,
    context: dict | None = None,
    title: str | None = None,
    valid_until: date | None = None,
    register_document: Document | None = None,
) -> IssuedDocument:
    """Render and store document `kind` of `case` as `spec` describes it, or
    return the one already stored. `title` replaces the spec's title where
    one case holds several documents of a sort (e.g. one receipt per payment).
    `valid_until` (a certificate's last valid day) and `register_document` (the
    register's document it certifies: it stops being valid when that one is
    invalidated) are what the public verification page answers from.

    A second call (a retried task, a double click) never renders or stores again:
    the (case, kind) pair is unique, and a lost race returns the winner's row.
    """
    existing = IssuedDocument.objects.filter(case=case, kind=kind).first()
    if existing is not None:
        return existing
    language = spec.language or (case.applicant.preferred_language if case.applicant else "hu")
    code = _unused_code()
    url = verification.verification_url(code)
    official = {
        "title": title or spec.title,
        "authority": case.type.issuing_authority(),
        "legal_basis": spec.legal_basis,
        "remedy": spec.remedy,
        "issued_at": timezone.localtime(),
        "code": verification.grouped(code),
        "url": url,
        "qr": "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii"),
    }
    content = _render_pdf(
        spec.template, {"case": case, "issued": official, **(context or {})}, language=language
    )
    if spec.signed:
        from cases import signing

        with translation.override(language):
            reason = f"{official['title']} ({verification.grouped(code)})"
            location = str(official["authority"].address)
        content = signing.sign_pdf(content, reason=reason, location=location)
    document = IssuedDocument(
        case=case,
        kind=kind,
        title=str(title or spec.title),
        sha256=IssuedDocument.digest(content),
        size=len(content),
        public=spec.public,
        verification_code=code,
        valid_until=valid_until,
        register_document=register_document,
    )
    document.file.save(f"{case.uuid}-{kind}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        winner = IssuedDocument.objects.filter(case=case, kind=kind).first()
        if winner is None:  # not the (case, kind) race: nothing to fall back on
            raise
        return winner
    log.info("issued %s for %s", kind, case.reference)
    return document
