"""Stored text in another language than the page's carries its lang (WCAG 3.1.2)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from cases.actions import create_case, submit_case
from cases.workflow import Status, transition

RENDER = Template("{% load portal_tags %}{{ text|in_its_language }}")


def _render(text, language):
    with translation.override(language):
        return RENDER.render(Context({"text": text}))


def test_a_hungarian_text_on_an_english_page_is_marked():
    assert _render("Kérjük, pótolja a szerződés 2. oldalát.", "en") == (
        '<span lang="hu">Kérjük, pótolja a szerződés 2. oldalát.</span>'
    )


def test_text_in_the_pages_language_or_without_hungarian_letters_is_left_alone():
    assert _render("Kérjük, pótolja a hiányt.", "hu") == "Kérjük, pótolja a hiányt."
    assert _render("Please send page 2.", "en") == "Please send page 2."
    assert _render("<b>ő</b>", "en") == '<span lang="hu">&lt;b&gt;ő&lt;/b&gt;</span>'  # escaped
    assert _render(None, "en") == ""


@pytest.mark.django_db
def test_a_clerks_hungarian_note_on_the_english_case_page(
    citizen_client, citizen, sample_case_type
):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    transition(
        case, Status.DEFICIENCY_REQUESTED, by=citizen, note="Küldje el a szerződés 2. oldalát."
    )
    citizen_client.cookies["django_language"] = "en"
    body = citizen_client.get(case.get_absolute_url()).content.decode()
    assert '<span lang="hu">Küldje el a szerződés 2. oldalát.</span>' in body
