"""The case state machine: the only place where a case's status is written.

`transition()` locks the case row, rejects moves the table below does not
allow, keeps the dates that follow from a move (receipt, deadline, decision,
the suspended deadline clock), records a `CaseEvent` and schedules the
citizen's notification and the documents the case type issues at the new
status for after the commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from cases.models import Case, CaseEvent


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    DEFICIENCY_REQUESTED = "deficiency_requested", _("Deficiency notice sent")
    DECIDED_APPROVED = "decided_approved", _("Decided: approved")
    DECIDED_REFUSED = "decided_refused", _("Decided: refused")
    TERMINATED = "terminated", _("Terminated")
    CLOSED = "closed", _("Closed")

    @classmethod
    def final(cls) -> frozenset[Status]:
        return frozenset({cls.TERMINATED, cls.CLOSED})

    @classmethod
    def decided(cls) -> frozenset[Status]:
        return frozenset({cls.DECIDED_APPROVED, cls.DECIDED_REFUSED})


S = Status

# Every allowed move, literally. A move not listed here is refused.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.DRAFT: frozenset({S.AWAITING_PAYMENT, S.SUBMITTED, S.TERMINATED}),
    S.AWAITING_PAYMENT: frozenset({S.DRAFT, S.SUBMITTED, S.TERMINATED}),
    # Services with immediate effect close at once after submission.
    S.SUBMITTED: frozenset(
        {
            S.IN_PROGRESS,
            S.DEFICIENCY_REQUESTED,
            S.DECIDED_APPROVED,
            S.DECIDED_REFUSED,
            S.TERMINATED,
            S.CLOSED,
        }
    ),
    S.IN_PROGRESS: frozenset(
        {S.DEFICIENCY_REQUESTED, S.DECIDED_APPROVED, S.DECIDED_REFUSED, S.TERMINATED}
    ),
    # Resubmission resumes the work; a missed deficiency deadline ends the case.
    S.DEFICIENCY_REQUESTED: frozenset({S.IN_PROGRESS, S.TERMINATED}),
    S.DECIDED_APPROVED: frozenset({S.CLOSED}),
    S.DECIDED_REFUSED: frozenset({S.CLOSED}),
    S.TERMINATED: frozenset(),
    S.CLOSED: frozenset(),
}

# What the citizen reads: plain words, separate from the internal status.
CITIZEN_STATUS_TEXT: dict[Status, str] = {
    S.DRAFT: pgettext_lazy("citizen status", "Not yet submitted"),
    S.AWAITING_PAYMENT: pgettext_lazy("citizen status", "Waiting for your payment"),
    S.SUBMITTED: pgettext_lazy("citizen status", "Received, waiting for an official"),
    S.IN_PROGRESS: pgettext_lazy("citizen status", "Being dealt with"),
    S.DEFICIENCY_REQUESTED: pgettext_lazy(
        "citizen status", "We need more information from you (see our letter)"
    ),
    S.DECIDED_APPROVED: pgettext_lazy("citizen status", "Decided: your request was granted"),
    S.DECIDED_REFUSED: pgettext_lazy("citizen status", "Decided: your request was refused"),
    S.TERMINATED: pgettext_lazy("citizen status", "Procedure ended without a decision"),
    S.CLOSED: pgettext_lazy("citizen status", "Completed"),
}

# Every move into these statuses is news to the citizen and is e-mailed, with a
# paragraph of its own in templates/emails/case_status/<language>/<status>.txt.
# The two left out are steps the citizen takes on the page in front of them.
NOTIFY_APPLICANT_ON: frozenset[Status] = frozenset(
    {
        S.SUBMITTED,
        S.IN_PROGRESS,
        S.DEFICIENCY_REQUESTED,
        S.DECIDED_APPROVED,
        S.DECIDED_REFUSED,
        S.TERMINATED,
        S.CLOSED,
    }
)
CITIZENS_OWN_STEPS: frozenset[Status] = frozenset({S.DRAFT, S.AWAITING_PAYMENT})


def tells_applicant(current: Status, to: Status) -> bool:
    """Whether the move from `current` to `to` is e-mailed to the applicant. A
    draft the citizen discards was never filed, so its end is no news."""
    return to in NOTIFY_APPLICANT_ON and not (current == S.DRAFT and to == S.TERMINATED)


class TransitionNotAllowed(Exception):
    def __init__(self, case: Case, to: Status) -> None:
        self.case, self.to = case, to
        super().__init__(f"{case.reference}: {case.status} -> {to} is not allowed")


def citizen_status_text(status: str) -> str:
    return str(CITIZEN_STATUS_TEXT[Status(status)])


def allowed_moves(status: str) -> frozenset[Status]:
    return TRANSITIONS[Status(status)]


def _issue_documents_on(case: Case, status: Status) -> None:
    """Enqueue, after the commit, the documents the case type issues at `status`:
    by then the effect on the register (`on_submit`) is stored, and a rollback
    leaves no document behind."""
    from cases.tasks import issue_case_document

    case_id = case.pk
    for kind, spec in case.type.documents.items():
        if spec.issue_on == status:
            transaction.on_commit(lambda kind=kind: issue_case_document.delay(case_id, kind))


def transition(
    case: Case,
    to: Status | str,
    *,
    by=None,
    note: str = "",
    public: bool = True,
    note_language: str | None = None,
) -> CaseEvent:
    """Move `case` to status `to`, or raise `TransitionNotAllowed`. The note is
    taken to be in the active language unless `note_language` says otherwise.

    The row is re-read under `SELECT … FOR UPDATE`, so two clerks acting at
    once see each other's move and the second one is judged against the new
    status. The caller's `case` object is refreshed with what was written.
    """
    from cases import deadlines
    from cases.models import Case, CaseEvent

    to = Status(to)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        current = Status(locked.status)
        if to not in TRANSITIONS[current]:
            raise TransitionNotAllowed(locked, to)

        today = timezone.localdate()
        fields = ["status"]
        if to == S.SUBMITTED and locked.received_on is None:
            locked.received_on = today
            fields.append("received_on")
            if locked.deadline_days is not None:
                locked.deadline = deadlines.due_date(today, locked.deadline_days)
                fields.append("deadline")
        if to == S.DEFICIENCY_REQUESTED:
            # Ákr. 50. § (5): the client's default does not count toward the deadline.
            locked.suspended_since = today
            fields.append("suspended_since")
        if current == S.DEFICIENCY_REQUESTED and locked.suspended_since:
            locked.suspended_days += (today - locked.suspended_since).days
            locked.suspended_since = None
            fields += ["suspended_days", "suspended_since"]
            if locked.received_on and locked.deadline_days is not None:
                locked.deadline = deadlines.due_date(
                    locked.received_on, locked.deadline_days + locked.suspended_days
                )
                fields.append("deadline")
        if to in Status.decided():
            locked.decided_on = today
            fields.append("decided_on")
        if to in Status.final():
            locked.closed_at = timezone.now()
            fields.append("closed_at")

        locked.status = to
        locked.save(update_fields=fields)
        event = CaseEvent.objects.create(
            case=locked,
            kind=f"case.{to}",
            actor=by,
            from_status=current,
            to_status=to,
            note=note,
            public=public,
            **({"note_language": note_language} if note_language else {}),
        )
        if tells_applicant(current, to) and locked.applicant_id:
            from cases.tasks import queue_status_email

            # Into the outbox in this transaction: committed with the move, delivered
            # after it, redelivered by the outbox if the broker is down.
            queue_status_email(event.pk)
        _issue_documents_on(locked, to)

    for field in fields:
        setattr(case, field, getattr(locked, field))
    return event
