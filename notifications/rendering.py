"""Rendering of message templates, one set of files per language.

`templates/emails/<name>/<lang>/subject.txt`, `body.txt` and optionally
`body.html`; a language without its own files falls back to Hungarian.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string, select_template
from django.utils import translation


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str | None


def _names(template: str, language: str, part: str) -> list[str]:
    return [f"emails/{template}/{language}/{part}", f"emails/{template}/hu/{part}"]


def render_message(template: str, language: str, context: dict) -> RenderedMessage:
    with translation.override(language):
        subject = select_template(_names(template, language, "subject.txt")).render(context)
        text = select_template(_names(template, language, "body.txt")).render(context)
        try:
            html_template = select_template(_names(template, language, "body.html"))
        except TemplateDoesNotExist:
            html = None
        else:
            html = html_template.render(context)
    return RenderedMessage(subject=" ".join(subject.split()), text=text.strip() + "\n", html=html)


def render_sms(template: str, language: str, context: dict) -> str:
    with translation.override(language):
        return render_to_string(_names(template, language, "sms.txt"), context).strip()
