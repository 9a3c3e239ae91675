"""Writes on cases. Each action runs in one transaction and takes its actor as `by=`."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from cases import registry
from cases.models import Attachment, Case, CaseEvent
from cases.references import new_receipt_code, next_reference
from cases.uploads import inspect_upload
from cases.workflow import Status, transition


@transaction.atomic
def create_case(
    case_type: str, *, applicant=None, by=None, office=None, applicant_name: str = ""
) -> Case:
    """Open a draft case of a registered type, with its reference and receipt code."""
    kind = registry.get(case_type)
    now = timezone.now()
    case = Case.objects.create(
        reference=next_reference(timezone.localdate(now).year),
        receipt_code=_unused_receipt_code(),
        case_type=kind.slug,
        applicant=applicant,
        applicant_name=applicant_name,
        office=office,
        deadline_days=kind.deadline_days,
        created_at=now,
    )
    CaseEvent.objects.create(case=case, kind="case.created", actor=by, to_status=Status.DRAFT)
    return case


def _unused_receipt_code() -> str:
    # A collision is astronomically unlikely; the unique constraint is the real guard.
    while True:
        code = new_receipt_code()
        if not Case.objects.filter(receipt_code=code).exists():
            return code


@transaction.atomic
def submit_case(case: Case, *, by=None, note: str = "") -> Case:
    """Submit a case: the status moves, and the type's effect on its register is
    applied in the same transaction. Immediate types close at once."""
    kind = case.type
    transition(case, Status.SUBMITTED, by=by, note=note)
    if kind.on_submit is not None:
        kind.on_submit(case)
    if kind.immediate:
        transition(case, Status.CLOSED, by=by)
    return case


@transaction.atomic
def assign_case(case: Case, *, to, by) -> Case:
    """Give the case to a clerk (or take it back with `to=None`)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.assigned_to_id == (to.pk if to else None):
        return locked
    locked.assigned_to = to
    locked.save(update_fields=["assigned_to"])
    CaseEvent.objects.create(
        case=locked,
        kind="case.assigned",
        actor=by,
        public=False,
        note=to.get_username() if to else "",
    )
    case.assigned_to = to
    return locked


@transaction.atomic
def add_attachment(case: Case, upload, *, kind: str = Attachment.Kind.OTHER, by=None) -> Attachment:
    """Store an uploaded file on the case after `inspect_upload` (content, size,
    malware; images re-encoded): what is stored is what passed the checks."""
    checked = inspect_upload(upload)
    content = checked.read()
    checked.seek(0)
    attachment = Attachment(
        case=case,
        kind=kind,
        original_name=(upload.name or "")[:200],
        content_type=checked.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        malware_scan=checked.scan,
        uploaded_by=by,
    )
    attachment.file.save(upload.name or "upload", checked, save=False)
    attachment.save()
    # A rolled-back transaction leaves the stored file without a row; the
    # nightly `remove_orphan_files` task deletes such files.
    CaseEvent.objects.create(
        case=case, kind="case.attachment_added", actor=by, note=attachment.get_kind_display()
    )
    return attachment


@transaction.atomic
def record_event(
    case: Case,
    kind: str,
    *,
    by=None,
    note: str = "",
    public: bool = True,
    note_language: str | None = None,
) -> CaseEvent:
    """Add a notable action (not a status change) to the case timeline. The note is
    taken to be in the active language unless `note_language` says otherwise."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=by,
        note=note,
        public=public,
        **({"note_language": note_language} if note_language else {}),
    )
