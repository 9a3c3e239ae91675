"""htmx is loaded by the pages whose markup needs it, and only by them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Attributes that make htmx send a request; hx-headers on <body> and hx-swap-oob in
# fragments answered to htmx requests need no script of their own on a page.
REQUESTING = re.compile(r"\shx-(?:get|post|put|patch|delete)=")
LOADS_HTMX = "{% block scripts %}<script src=\"{% static 'vendor/htmx/htmx.min.js' %}\""


def _templates() -> list[Path]:
    found = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    return sorted(p for p in found if "node_modules" not in p.parts and ".venv" not in p.parts)


def _included_by(name: str) -> list[Path]:
    pattern = re.compile(r"\{%\s*include\s+[\"']" + re.escape(name) + r"[\"']")
    return [p for p in _templates() if pattern.search(p.read_text())]


def _template_name(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return "/".join(parts[parts.index("templates") + 1 :])


def _pages_of(path: Path, seen: frozenset[Path] = frozenset()) -> list[Path]:
    """The page templates (those that extend another) that show `path`'s markup."""
    if "{% extends" in path.read_text():
        return [path]
    pages = []
    for parent in _included_by(_template_name(path)):
        if parent not in seen:
            pages += _pages_of(parent, seen | {path})
    return pages


def test_every_page_with_htmx_requests_loads_htmx():
    users = [p for p in _templates() if REQUESTING.search(p.read_text())]
    assert users, "no template sends htmx requests: is the pattern still right?"
    for template in users:
        pages = _pages_of(template)
        assert pages, f"{template} is neither a page nor included by one"
        for page in pages:
            assert LOADS_HTMX in page.read_text(), f"{page} shows hx- requests of {template}"


def test_the_base_template_loads_no_htmx_itself():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "htmx.min.js" not in base
    assert "{% block scripts %}{% endblock %}" in base
