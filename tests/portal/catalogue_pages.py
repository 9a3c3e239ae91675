"""Reading a rendered service page back as text, section by section, for the page tests."""

from __future__ import annotations

import html
import re

from django.conf import settings
from django.urls import reverse

_TAG = re.compile(r"<[^>]+>")
_FACT = re.compile(r"<dt>(?P<label>.*?)</dt>\s*<dd>(?P<value>.*?)</dd>", re.DOTALL)
_NOTES = re.compile(r"<h2 class=\"h4\">[^<]*</h2>\s*<ul>(?P<items>.*?)</ul>", re.DOTALL)


def text(fragment: str) -> str:
    """The words of an HTML fragment, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", fragment))).strip()


def items(fragment: str) -> list[str]:
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", fragment, re.DOTALL)]


def get_page(client, code: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("portal:service_info", args=[code]))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    return response.content.decode()


def sections(body: str) -> dict[str, str]:
    """The facts list by its (translated) labels, plus "notes": HTML fragments."""
    main = body[body.index('<dl class="facts">') :]
    found = {text(m["label"]): m["value"] for m in _FACT.finditer(main)}
    notes = _NOTES.search(main)
    found["notes"] = notes["items"] if notes else ""
    return found
