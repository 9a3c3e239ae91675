"""Every timeline event reads as a sentence in the citizen's language (cases.events)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cases import events
from cases.models import CaseEvent
from cases.workflow import Status

ROOT = Path(settings.BASE_DIR)
SKIPPED = {"tests", "node_modules", "migrations", "docs", "scripts", "static", "templates"}


def _sources():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or SKIPPED & set(parts):
            continue
        yield path


def _constant(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def kinds_written_in_the_code() -> set[str]:
    """Every literal kind given to `record_event` or `CaseEvent.objects.create`."""
    found: set[str] = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            is_case_event = (
                name == "create"
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Attribute)
                and isinstance(func.value.value, ast.Name)
                and func.value.value.id == "CaseEvent"
            )
            if name == "record_event" and len(node.args) >= 2:
                found.add(_constant(node.args[1]))
            if name == "record_event" or is_case_event:
                found |= {_constant(k.value) for k in node.keywords if k.arg == "kind"}
    return found - {None}


def test_the_scan_sees_the_kinds_it_should():
    # If the scan broke, the test below would pass on an empty set.
    assert {"case.created", "case.attachment_added", "title.published"} <= (
        kinds_written_in_the_code()
    )


def test_every_event_kind_used_in_the_code_has_a_sentence():
    from payments.workflow import _CASE_EVENT

    kinds = kinds_written_in_the_code() | set(_CASE_EVENT.values())
    kinds |= {f"case.{status}" for status in Status}  # written by `transition`
    assert sorted(kind for kind in kinds if not events.has_sentence(kind)) == []


@pytest.mark.parametrize("kind", sorted(events._sentences))
def test_every_sentence_is_translated(kind):
    event = CaseEvent(kind=kind)
    with translation.override("en"):
        english = events.sentence_of(event)
    with translation.override("hu"):
        hungarian = events.sentence_of(event)
    assert english != hungarian, kind
    assert kind not in english and kind not in hungarian


def test_an_unknown_kind_is_a_plain_note_and_its_text_stays_hidden():
    event = CaseEvent(kind="someone.forgot", note="ORDER-123: 3000 HUF")
    with translation.override("en"):
        assert events.sentence_of(event) == "Note"
    assert events.citizen_note(event) == ""


def test_a_payment_note_is_for_clerks_and_an_officials_note_for_the_citizen():
    paid = CaseEvent(kind="payment.received", note="UGY-2026-000001-L4H2JX: 3000 HUF")
    refused = CaseEvent(kind="case.decided_refused", note="The seller did not sign.")
    assert events.citizen_note(paid) == ""
    assert events.citizen_note(refused) == "The seller did not sign."
