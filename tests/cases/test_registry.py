"""The registry refuses an entry whose facts contradict each other."""

from __future__ import annotations

import pytest
from django import forms

from cases.flow import StepForm
from cases.registry import CaseType


class NameStep(StepForm):
    name = forms.CharField()


def test_a_slug_names_its_group():
    with pytest.raises(ValueError, match="'group.name'"):
        CaseType(slug="nogroup", label="No group")


def test_the_generic_flow_files_only_for_a_logged_in_applicant():
    with pytest.raises(ValueError, match="testing.anonymous: a service filed by the generic"):
        CaseType(slug="testing.anonymous", label="Anonymous", forms=(NameStep,), needs_login=False)
    # Without steps (own views, or information only) it may be open to anyone.
    assert not CaseType(slug="testing.open", label="Open", needs_login=False).needs_login
    assert CaseType(slug="testing.flow", label="Flow", forms=(NameStep,)).needs_login
