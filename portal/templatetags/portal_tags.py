from __future__ import annotations

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from cases import events, flow
from cases.workflow import citizen_status_text

register = template.Library()


@register.filter
def tr(text) -> str:
    """The current language's version of a catalogue `Text`."""
    return text.get(translation.get_language() or "hu")


@register.filter
def citizen_status(status: str) -> str:
    return citizen_status_text(status)


@register.filter
def document_title(document) -> str:
    """An issued document's name in the reader's language."""
    return document.title_in_active_language


@register.filter
def event_sentence(event) -> str:
    """A timeline entry as a sentence in the citizen's language."""
    return events.sentence_of(event)


@register.filter
def event_note(event) -> str:
    """The event's note if it was written for the citizen."""
    return events.citizen_note(event)


@register.filter
def ending_text(status: str) -> str:
    """How a case ended: "Your request was refused", "Completed"."""
    return str(events.ENDING_TEXT[status])


@register.simple_tag
def case_ending(case):
    """How and when the case ended (`cases.events.Ending`), or None while open."""
    return events.ending(case)


@register.simple_tag
def error_links(form) -> list[tuple[str, str]]:
    """(anchor id, text) of each field error of `form`, for the error summary."""
    return flow.error_links(form) if form is not None and form.is_bound else []


@register.filter
def whole_errors(bound_field) -> list[str]:
    """A field's errors that are not about one input of its group (those stand
    under their own input, `cases.flow.InputGroup`)."""
    return flow.part_errors(bound_field.form, bound_field.name)[0]


@register.filter
def in_language(text, language) -> str:
    """A text from the database beside the language it was written in (a timeline
    note's `note_language`, an issued document's `title_language`, a closure's
    `reason_language`): on a page in another language it is marked with its `lang`,
    so that a screen reader reads it in its own language (WCAG 3.1.2). The language
    is stored with the text when it is written; nothing is guessed from the words."""
    text = "" if text is None else str(text)
    page = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if text and language and str(language).split("-")[0] != page:
        return format_html('<span lang="{}">{}</span>', language, text)
    return text
