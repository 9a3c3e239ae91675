"""Two services for the fault tests: a free request and a paid one (card fee)."""

from __future__ import annotations

from django import forms

from cases import fees, registry
from cases.flow import StepForm
from cases.registry import CaseType


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
    )
)
