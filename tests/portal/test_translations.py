"""The interface is Hungarian first: every message of the catalogue is translated."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
HUNGARIAN = sorted(
    [ROOT / "locale/hu/LC_MESSAGES/django.po", *ROOT.glob("*/locale/hu/LC_MESSAGES/django.po")]
)


@pytest.mark.parametrize("path", HUNGARIAN, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_hungarian_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", HUNGARIAN, ids=lambda path: str(path.relative_to(ROOT)))
def test_placeholders_survive_translation(path):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    catalogue = polib.pofile(str(path))
    broken = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural
        and sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(entry.msgstr))
    ]
    assert broken == []
