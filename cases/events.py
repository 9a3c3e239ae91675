"""What a timeline event says: a short label for clerks, a sentence for the citizen.

Apps name their own event kinds and describe them where they register their
case types (`describe("title.published", _("…"), _("…sentence…"))`); a kind
nobody described is shown as a plain "Note", never by its internal name, and
a test fails if a kind written anywhere in the code has no sentence.

A note is shown to the citizen only for kinds whose notes are written for
them (an official's words on a decision, the gazette dates of a title);
other notes are bookkeeping for clerks (order references, digests).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.workflow import Status

if TYPE_CHECKING:
    from cases.models import Case, CaseEvent

_labels: dict[str, Any] = {}
_sentences: dict[str, Any] = {}
_notes_for_the_citizen: set[str] = set()


def describe(kind: str, label: Any, sentence: Any = None, *, shows_note: bool = False) -> None:
    _labels[kind] = label
    if sentence is not None:
        _sentences[kind] = sentence
    if shows_note:
        _notes_for_the_citizen.add(kind)


def label_of(kind: str) -> str:
    return str(_labels.get(kind, _("Note")))


def event_label(kind: str, to_status: str = "") -> str:
    """A timeline entry as a clerk reads it: a status change by the status's
    name (`case.submitted` -> "Submitted"), anything else as its app described it."""
    if to_status in Status.values and kind == f"case.{to_status}":
        return str(Status(to_status).label)
    return label_of(kind)


def has_sentence(kind: str) -> bool:
    return kind in _sentences


def sentence_of(event: CaseEvent) -> str:
    """The timeline entry as the citizen reads it, in the active language."""
    return str(_sentences.get(event.kind, _("Note")))


def citizen_note(event: CaseEvent) -> str:
    """The event's note if it was written for the citizen, else nothing."""
    return event.note if event.kind in _notes_for_the_citizen else ""


@dataclass(frozen=True)
class Ending:
    """How and when a case ended, as its page and My requests say it."""

    status: Status  # the decision if there was one, else the final status
    on: date


def ending(case: Case) -> Ending | None:
    """None while the case is open. A decided case ends with its decision; a
    closed one keeps the decision it was closed after."""
    decision = None
    if _closed_after_decision(case):
        event = case.events.filter(to_status__in=Status.decided()).order_by("-at", "-pk").first()
        decision = event.to_status if event else None
    return _ending(case, decision)


def endings(cases: Iterable[Case]) -> dict[int, Ending | None]:
    """`ending` of each case, by id: one query for the whole list (My requests),
    not one per closed row."""
    cases = list(cases)
    closed = [case.pk for case in cases if _closed_after_decision(case)]
    decisions: dict[int, str] = {}
    if closed:
        from cases.models import CaseEvent

        # Oldest first, so that each case's latest decision is the one the dict keeps.
        decisions = dict(
            CaseEvent.objects.filter(case_id__in=closed, to_status__in=Status.decided())
            .order_by("case_id", "at", "pk")
            .values_list("case_id", "to_status")
        )
    return {case.pk: _ending(case, decisions.get(case.pk)) for case in cases}


def _closed_after_decision(case: Case) -> bool:
    return case.status in Status.final() and case.decided_on is not None


def _ending(case: Case, decision: str | None) -> Ending | None:
    if case.status in Status.decided():
        return Ending(Status(case.status), case.decided_on or timezone.localdate())
    if case.status not in Status.final():
        return None
    closed_on = timezone.localdate(case.closed_at) if case.closed_at else timezone.localdate()
    return Ending(Status(decision) if decision else Status(case.status), closed_on)


ENDING_TEXT: dict[Status, Any] = {
    Status.DECIDED_APPROVED: pgettext_lazy("case ending", "Your request was granted"),
    Status.DECIDED_REFUSED: pgettext_lazy("case ending", "Your request was refused"),
    Status.TERMINATED: pgettext_lazy("case ending", "The procedure ended without a decision"),
    Status.CLOSED: pgettext_lazy("case ending", "Completed"),
}


# A status change's note is an official's words to the citizen (a deficiency
# notice, the reason of a refusal); the system writes none.
_STATUS_SENTENCES = {
    Status.DRAFT: _("The request was taken back for changes."),
    Status.AWAITING_PAYMENT: _("The request is ready; it is sent once the fee is paid."),
    Status.SUBMITTED: _("Your request was submitted and received."),
    Status.IN_PROGRESS: _("An official is dealing with your request."),
    Status.DEFICIENCY_REQUESTED: _("We asked you for more information."),
    Status.DECIDED_APPROVED: _("Your request was granted."),
    Status.DECIDED_REFUSED: _("Your request was refused."),
    Status.TERMINATED: _("The procedure ended without a decision."),
    Status.CLOSED: _("The case was closed."),
}
for _status, _sentence in _STATUS_SENTENCES.items():
    describe(f"case.{_status}", _status.label, _sentence, shows_note=True)

describe("case.created", _("Request started"), _("You started the request."))
describe("case.assigned", _("Assigned to a clerk"), _("An official took up your request."))
describe("case.attachment_added", _("Document attached"), _("A document was attached."))
describe(
    "document.delivered",
    _("Placed in the document inbox"),
    _("A document was placed in your document inbox."),
)
describe("payment.received", _("Payment received"), _("We received your payment."))
describe(
    "payment.failed",
    _("Payment failed"),
    _("The payment did not succeed; no money was taken."),
)
describe(
    "payment.cancelled",
    _("Payment cancelled"),
    _("The payment was cancelled; no money was taken."),
)
describe(
    "payment.timed_out",
    _("Payment timed out"),
    _("The payment was not completed in time; no money was taken."),
)
describe("payment.refunded", _("Payment refunded"), _("Money was refunded to your card."))
describe(
    "payment.submission_failed",
    _("Paid; the submission waits for an official"),
    _("We received your payment; an official will send the request on."),
)
describe(
    "payment.transfer_missing",
    _("The bank transfer has not arrived yet"),
    _("Your bank transfer has not arrived yet."),
)
describe(
    "bank_transfer.declared",
    _("Bank transfer declared"),
    _("You told us that your bank accepted the transfer."),
)
describe("bank_transfer.manual_match", _("Bank transfer booked"), _("Your bank transfer arrived."))
describe("bank_transfer.statement", _("Bank transfer booked"), _("Your bank transfer arrived."))
