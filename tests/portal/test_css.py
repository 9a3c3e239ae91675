"""The committed Bootstrap subset (static/css/bootstrap.css, `make css`) is not stale.

Node is not needed here: the test reads the same sources as scripts/build_css.mjs,
splits them into words as PurgeCSS's default extractor does, and fails when a
Bootstrap class named anywhere in them is missing from the committed subset.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
BUILT = ROOT / "static" / "css" / "bootstrap.css"
SKIPPED = {"node_modules", ".venv", "tests", "staticfiles"}

# PurgeCSS's default extractor: runs of letters, digits, "_" and "-".
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
URL = re.compile(r"url\([^)]*\)")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
SELECTORS = re.compile(r"([^{}]+)\{")


def _content_files() -> list[Path]:
    patterns = [
        "templates/**/*.html",
        "*/templates/**/*.html",
        "static/js/**/*.js",
        "*/static/**/*.js",
        "*/**/*.py",
    ]
    found = {path for pattern in patterns for path in ROOT.glob(pattern)}
    return sorted(p for p in found if not SKIPPED & set(p.relative_to(ROOT).parts))


def _clean(css: str) -> str:
    return URL.sub("", COMMENT.sub("", css))


def _classes(css: str) -> set[str]:
    return set(CLASS.findall(_clean(css)))


def _selectors(css: str) -> list[set[str]]:
    """The classes of each selector of each rule (at-rule preludes left out)."""
    preludes = (p for p in SELECTORS.findall(_clean(css)) if not p.strip().startswith("@"))
    return [set(CLASS.findall(selector)) for p in preludes for selector in p.split(",")]


def test_every_bootstrap_class_the_markup_names_is_in_the_committed_subset():
    words = {word for path in _content_files() for word in WORD.findall(path.read_text())}
    # A rule is kept when every class of one of its selectors is named somewhere
    # (".toast.showing" goes when "toast" is never used, even if "showing" is).
    used = set().union(*(c for c in _selectors(SOURCE.read_text()) if c and c <= words))
    missing = sorted(used - _classes(BUILT.read_text()))
    assert missing == [], f"run `make css` and commit static/css/bootstrap.css: {missing}"


def test_the_subset_is_a_fraction_of_bootstrap():
    assert len(BUILT.read_bytes()) < len(SOURCE.read_bytes()) / 4
    assert {"btn", "btn-primary", "container", "table", "visually-hidden", "alert-danger"} <= (
        _classes(BUILT.read_text())
    )


def test_pages_link_the_subset_and_never_the_whole_of_bootstrap():
    for path in _content_files():
        if path.suffix == ".html":
            assert "vendor/bootstrap/bootstrap.min.css" not in path.read_text(), path
