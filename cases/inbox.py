"""The document inbox (dokumentumtár): letters that reach the citizen only here.

Some documents must never travel on paper or by e-mail (the activation PIN and PUK of
a new ID card, a written answer the citizen asked to receive in the portal). A service
issues them through the one door (`cases.pdf.issue_document`) and then `deliver`s
them: the document appears in its applicant's inbox, the citizen gets an e-mail that
something arrived (never the document or its content), and the first opening is
recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from cases.actions import record_event
from cases.models import IssuedDocument


def deliver(document: IssuedDocument) -> None:
    """Put `document` into its case applicant's inbox (idempotent: a second call,
    a retried task, changes nothing and sends no second e-mail)."""
    with transaction.atomic():
        updated = IssuedDocument.objects.filter(pk=document.pk, delivered_at__isnull=True).update(
            delivered_at=timezone.now()
        )
        document.refresh_from_db(fields=["delivered_at"])
        if not updated:
            return
        case = document.case
        record_event(case, "document.delivered", note=document.kind)
        applicant = case.applicant
        if applicant is None or not applicant.email:
            return
        from notifications.actions import queue_email

        language = applicant.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "reference": case.reference,
                "title": document.title_in_active_language,
                "url": settings.PORTAL_BASE_URL.rstrip("/") + reverse("cases:inbox"),
            }
        queue_email(
            applicant.email,
            "document_delivered",
            context,
            language=language,
            case=case,
            dedupe_key=f"inbox-{document.pk}",
        )


def documents_of(user) -> QuerySet[IssuedDocument]:
    """The citizen's inbox, newest first."""
    return (
        IssuedDocument.objects.filter(case__applicant=user, delivered_at__isnull=False)
        .select_related("case")
        .order_by("-delivered_at", "-pk")
    )


def unread_count(user) -> int:
    return documents_of(user).filter(read_at__isnull=True).count()


def mark_read(document: IssuedDocument) -> None:
    """Record the first opening; later openings leave it as it was."""
    if document.read_at is None:
        IssuedDocument.objects.filter(pk=document.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
