from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import dateformat, timezone, translation

from cases.models import CaseEvent
from cases.workflow import Status, citizen_status_text

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def notify_status_change(event_id: int) -> str:
    """The status e-mail of `event_id` (see `queue_status_email`); kept for the
    tasks a broker still holds from before the e-mail was queued in the transaction."""
    return queue_status_email(event_id)


def queue_status_email(event_id: int) -> str:
    """Write the e-mail telling the applicant that their case moved into the outbox.

    Called by `cases.workflow.transition` inside the transaction of the move, so the
    message is committed with it and the outbox delivers it even when the broker was
    down at the commit. Once per event: the deduplication key makes a re-run a no-op."""
    from notifications.actions import queue_email

    event = CaseEvent.objects.select_related("case__applicant").get(pk=event_id)
    case, applicant = event.case, event.case.applicant
    if applicant is None or not applicant.email:
        return "no-recipient"
    if event.to_status == Status.SUBMITTED and case.type.immediate:
        # The same submission closes the case at once; its completion notice
        # tells the whole story in one e-mail instead of two.
        return "closed-at-once"
    language = applicant.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "reference": case.reference,
            "case_type": str(case.type.label),
            "status_code": event.to_status,
            "status": citizen_status_text(event.to_status),
            "date": _written_date(timezone.localdate(event.at), language),
            "deadline": _written_date(case.deadline, language) if case.deadline else "",
            "note": event.note if event.public else "",
            "url": settings.PORTAL_BASE_URL.rstrip("/") + case.get_absolute_url(),
        }
    queued = queue_email(
        applicant.email,
        "case_status",
        context,
        language=language,
        case=case,
        dedupe_key=f"case-event-{event.pk}",
    )
    log.info("status e-mail for %s %s", case.reference, "queued" if queued else "already queued")
    return "queued" if queued else "duplicate"


def _written_date(day: date, language: str) -> str:
    """A date as the portal's pages write it: "2026. 12. 06." or "6 December 2026"."""
    return dateformat.format(day, "j F Y" if language == "en" else "Y. m. d.")


@shared_task(acks_late=True)
def remove_orphan_files() -> int:
    """Delete stored attachment files that no row refers to: what a request
    that failed after saving its upload left behind. Files younger than a day
    are kept, since their transaction may still be running."""
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from cases.models import Attachment

    cutoff = timezone.now() - timedelta(days=1)
    known = set(Attachment.objects.values_list("file", flat=True))
    removed = 0
    try:
        folders, _ = default_storage.listdir("attachments")
    except FileNotFoundError:
        return 0
    for folder in folders:
        _, files = default_storage.listdir(f"attachments/{folder}")
        for name in files:
            path = f"attachments/{folder}/{name}"
            if path not in known and default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
    return removed


@shared_task(acks_late=True)
def issue_case_document(case_id: int, kind: str) -> int | None:
    """Render the case type's document `kind` (see `CaseType.documents`), once;
    enqueued by `cases.workflow.transition` when the case reaches its status. None
    when another worker is rendering it right now (a redelivered task)."""
    from cases.models import Case
    from cases.pdf import DocumentInProgress, issue_document

    case = Case.objects.select_related("applicant").get(pk=case_id)
    try:
        return issue_document(case, kind, case.type.documents[kind]).pk
    except DocumentInProgress:
        log.info("%s of %s is being rendered by another worker", kind, case.reference)
        return None


@shared_task(acks_late=True)
def issue_missing_documents() -> int:
    """Issue again the documents whose task was lost (a broker outage, a dead
    worker): cases that reached a document's status more than
    PORTAL_REDELIVER_AFTER ago, in the last two days, without that document.
    `issue_document` stores each document once, so a late original is harmless, and
    one still being rendered by a live worker is left to it (its lease, `portal.leases`).
    A document whose worker was killed is thus rendered again within about
    PORTAL_REDELIVER_AFTER + 30 s (this job's period), not after the broker's
    visibility timeout."""
    from datetime import timedelta

    from cases import registry
    from cases.models import Case

    now = timezone.now()
    handed = 0
    for kind in registry.all_types():
        for doc_kind, spec in kind.documents.items():
            if spec.issue_on is None:
                continue
            missing = (
                Case.objects.filter(
                    case_type=kind.slug,
                    events__to_status=spec.issue_on,
                    events__at__lt=now - settings.PORTAL_REDELIVER_AFTER,
                    events__at__gte=now - timedelta(days=2),
                )
                .exclude(documents__kind=doc_kind)
                .values_list("pk", flat=True)
                .distinct()[:500]
            )
            for case_id in missing:
                issue_case_document.delay(case_id, doc_kind)
                handed += 1
    if handed:
        log.info("redelivered %s document task(s)", handed)
    return handed
