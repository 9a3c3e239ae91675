"""What the citizen reads for a timeline event that is not a status change.

Apps name their own event kinds (`describe("title.published", _("…"))`); a
kind nobody described is shown as a plain "Note", never by its internal name.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.workflow import Status

_labels: dict[str, Any] = {}


def describe(kind: str, label: Any) -> None:
    _labels[kind] = label


def label_of(kind: str) -> str:
    return str(_labels.get(kind, _("Note")))


def event_label(kind: str, to_status: str = "") -> str:
    """A timeline entry as a clerk reads it: a status change by the status's
    name (`case.submitted` -> "Submitted"), anything else as its app described it."""
    if to_status in Status.values and kind == f"case.{to_status}":
        return str(Status(to_status).label)
    return label_of(kind)


describe("case.created", _("Request started"))
describe("case.assigned", _("Assigned to a clerk"))
describe("case.attachment_added", _("Document attached"))
describe("payment.received", _("Payment received"))
describe("payment.failed", _("Payment failed"))
describe("payment.cancelled", _("Payment cancelled"))
describe("payment.timed_out", _("Payment timed out"))
describe("payment.refunded", _("Payment refunded"))
describe("payment.submission_failed", _("Paid; the submission waits for an official"))
describe("payment.transfer_missing", _("The bank transfer has not arrived yet"))
describe("bank_transfer.declared", _("Bank transfer declared"))
describe("bank_transfer.manual_match", _("Bank transfer booked"))
describe("bank_transfer.statement", _("Bank transfer booked"))
