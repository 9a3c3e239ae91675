"""The interface is Hungarian first: every message of the catalogue is translated."""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def test_the_hungarian_catalogue_is_complete():
    catalogue = polib.pofile(str(ROOT / "locale/hu/LC_MESSAGES/django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    catalogue = polib.pofile(str(ROOT / "locale/hu/LC_MESSAGES/django.po"))
    broken = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural
        and sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(entry.msgstr))
    ]
    assert broken == []
