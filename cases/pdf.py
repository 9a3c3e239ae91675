"""PDFs issued for cases: rendered by WeasyPrint in a task, stored once.

WeasyPrint is imported inside the function: loading it costs time and memory
that web requests should not pay (house rule: PDFs only in tasks).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from cases.models import Case, IssuedDocument

log = logging.getLogger(__name__)


def render_pdf(template: str, context: dict, *, language: str = "hu") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context)
    # PDF/UA-1 tags the structure so screen readers can read the document.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def issue_document(
    case: Case,
    kind: str,
    *,
    title: str,
    template: str,
    context: dict | None = None,
    public: bool = True,
) -> IssuedDocument:
    """Render and store document `kind` of `case`, or return the one already stored.

    A second call (a retried task, a double click) never renders or stores again:
    the (case, kind) pair is unique, and a lost race returns the winner's row.
    """
    existing = IssuedDocument.objects.filter(case=case, kind=kind).first()
    if existing is not None:
        return existing
    language = case.applicant.preferred_language if case.applicant else "hu"
    content = render_pdf(template, {"case": case, **(context or {})}, language=language)
    document = IssuedDocument(
        case=case,
        kind=kind,
        title=title,
        sha256=IssuedDocument.digest(content),
        size=len(content),
        public=public,
    )
    document.file.save(f"{case.uuid}-{kind}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        return IssuedDocument.objects.get(case=case, kind=kind)
    log.info("issued %s for %s", kind, case.reference)
    return document
