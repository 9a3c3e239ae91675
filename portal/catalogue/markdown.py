"""Markdown of the service pages rendered to HTML that cannot run anything.

Content files are edited outside code review's usual eye for markup, so nothing an
editor writes may reach the page as markup of its own: raw HTML is escaped, not
passed through; a link keeps its target only for http(s), mailto, tel and relative
addresses (``javascript:``, ``data:`` and the like leave the text as it was typed);
images are off, since a page may load nothing from elsewhere (the CSP says so too).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# A scheme is letters, digits, "+", "-" or "." before the first ":" (RFC 3986 3.1);
# anything without one is a relative address.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def is_safe_link(url: str) -> bool:
    """Whether ``url`` (as markdown-it normalised it) may be a link target."""
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.validateLink = is_safe_link
    return md


_MD = _renderer()


def render(text: str) -> str:
    """The HTML of a Markdown block (paragraphs, lists, emphasis, links)."""
    return _MD.render(text)
