"""Stored text in another language than the page's carries its lang (WCAG 3.1.2).

The language is stored with the text when it is written (a timeline note's
`note_language`, an issued document's `language`, a closure's `reason_language`);
nothing is guessed from the words.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cases.actions import create_case, record_event, submit_case
from cases.models import IssuedDocument
from cases.workflow import Status, transition

RENDER = Template("{% load portal_tags %}{{ text|in_language:language }}")


def _render(text, language, page):
    with translation.override(page):
        return RENDER.render(Context({"text": text, "language": language}))


def test_a_text_in_another_language_than_the_pages_is_marked_with_it():
    assert _render("Kérjük, pótolja a hiányt.", "hu", "en") == (
        '<span lang="hu">Kérjük, pótolja a hiányt.</span>'
    )
    # The words do not decide: Hungarian without accented letters is marked too,
    # an English text stored as English is not.
    assert _render("Kerem, kuldje el", "hu", "en") == '<span lang="hu">Kerem, kuldje el</span>'
    assert _render("Send page 2.", "en", "hu") == '<span lang="en">Send page 2.</span>'


def test_a_text_in_the_pages_language_or_without_a_language_is_left_alone():
    assert _render("Kérjük, pótolja a hiányt.", "hu", "hu") == "Kérjük, pótolja a hiányt."
    assert _render("Please send page 2.", "en", "en") == "Please send page 2."
    assert _render("Kérjük", "", "en") == "Kérjük"
    assert _render(None, "hu", "en") == ""
    assert _render("<b>ő</b>", "hu", "en") == '<span lang="hu">&lt;b&gt;ő&lt;/b&gt;</span>'


@pytest.mark.django_db
def test_a_note_keeps_the_language_it_was_written_in(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    with translation.override("en"):
        submitted = submit_case(case, by=citizen).events.get(kind="case.submitted")
        said = record_event(case, "case.note", note="Kérem, pótolja.", note_language="hu")
    with translation.override("hu"):
        written = transition(case, Status.IN_PROGRESS, by=citizen, note="Vizsgálat alatt.")
    assert submitted.note_language == "en"
    assert said.note_language == "hu"
    assert written.note_language == "hu"


@pytest.mark.django_db
def test_the_case_page_marks_a_note_by_its_stored_language(
    citizen_client, citizen, sample_case_type
):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    transition(
        case,
        Status.DEFICIENCY_REQUESTED,
        by=citizen,
        note="Kuldje el a szerzodes 2. oldalat.",  # Hungarian typed without accents
        note_language="hu",
    )
    citizen_client.cookies["django_language"] = "en"
    body = citizen_client.get(case.get_absolute_url()).content.decode()
    assert '<span lang="hu">Kuldje el a szerzodes 2. oldalat.</span>' in body

    citizen_client.cookies["django_language"] = "hu"
    body = citizen_client.get(case.get_absolute_url()).content.decode()
    assert " Kuldje el a szerzodes 2. oldalat.</li>" in body
    assert 'lang="hu">Kuldje' not in body


@pytest.mark.django_db
def test_the_clerk_says_which_language_the_note_is_in(clerk_client, citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    url = reverse("admin:cases_case_change", args=[case.pk])
    clerk_client.cookies["django_language"] = "en"
    form = clerk_client.get(url).content.decode()
    assert '<option value="en" selected>English</option>' in form  # the clerk's own by default
    clerk_client.post(
        url,
        {
            "office": "",
            "assigned_to": "",
            "move_to": "deficiency_requested",
            "move_note": "Küldje el a szerződés 2. oldalát.",
            "move_note_language": "hu",
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
            "documents-TOTAL_FORMS": 0,
            "documents-INITIAL_FORMS": 0,
        },
    )
    event = case.events.get(kind="case.deficiency_requested")
    assert event.note_language == "hu"


@pytest.mark.django_db
def test_a_document_named_only_by_its_stored_title_is_marked_with_its_language(
    citizen_client, citizen, sample_case_type
):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    IssuedDocument.objects.create(
        case=case,
        kind="letter",  # no spec and no title rule names it: only the stored title does
        title="Tájékoztató levél",
        language="hu",
        file=ContentFile(b"%PDF-1.7", name="letter.pdf"),
        sha256="0" * 64,
        size=8,
    )
    citizen_client.cookies["django_language"] = "en"
    body = citizen_client.get(case.get_absolute_url()).content.decode()
    assert '<span lang="hu">Tájékoztató levél</span></a> (PDF)' in body
    citizen_client.cookies["django_language"] = "hu"
    body = citizen_client.get(case.get_absolute_url()).content.decode()
    assert ">Tájékoztató levél</a> (PDF)" in body
