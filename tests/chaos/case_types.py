"""Services for the fault tests: a free request, a paid one (card fee) whose effect a
test can hold (tests/chaos/stalls.py), and a free one that issues a PDF."""

from __future__ import annotations

from django import forms

from cases import fees, registry
from cases.documents import DocumentSpec
from cases.flow import StepForm
from cases.registry import CaseType
from tests.chaos.stalls import held_effect


class NoteStep(StepForm):
    title = "Note"
    note = forms.CharField(max_length=40)


registry.register(
    CaseType(slug="chaos.request", label="Fault-test request", deadline_days=8, forms=[NoteStep])
)
registry.register(
    CaseType(
        slug="chaos.paid",
        label="Fault-test paid request",
        deadline_days=8,
        forms=[NoteStep],
        fee=fees.Flat(2300, "Administrative service fee"),
        on_submit=held_effect,
    )
)
registry.register(
    CaseType(
        slug="chaos.certified",
        label="Fault-test request with a certificate",
        deadline_days=8,
        forms=[NoteStep],
        documents={
            "certificate": DocumentSpec(
                title="Fault-test certificate",
                template="pdf/case_summary.html",
                legal_basis="the fault tests",
            )
        },
    )
)
