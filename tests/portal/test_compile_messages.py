"""scripts/compile_messages.py (`make messages`): which catalogues it compiles."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "compile_messages.py"


def _script():
    spec = importlib.util.spec_from_file_location("compile_messages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalogue(path: Path, msgid: str, msgstr: str) -> Path:
    path.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "hu"}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return path


def test_the_project_app_and_django_free_package_catalogues_are_compiled(tmp_path, capsys):
    wanted = [
        _catalogue(tmp_path / "locale/hu/LC_MESSAGES/django.po", "Home", "Kezdőlap"),
        _catalogue(tmp_path / "cases/locale/hu/LC_MESSAGES/django.po", "Case", "Ügy"),
        _catalogue(tmp_path / "eszemelyi/card/locale/hu/LC_MESSAGES/card.po", "again", "újra"),
    ]
    others = [
        _catalogue(tmp_path / ".venv/django/locale/hu/LC_MESSAGES/django.po", "a", "b"),
        _catalogue(tmp_path / "node_modules/pkg/locale/hu/LC_MESSAGES/pkg.po", "a", "b"),
    ]
    assert _script().main(tmp_path) == 0
    assert capsys.readouterr().out == "compiled 3 message catalogue(s)\n"
    assert [path for path in wanted + others if path.with_suffix(".mo").exists()] == wanted
    card = gettext.translation("card", tmp_path / "eszemelyi/card/locale", languages=["hu"])
    assert card.gettext("again") == "újra"


def test_the_repositorys_own_catalogues_include_the_card_layers_and_the_bridges():
    found = [path.relative_to(ROOT).as_posix() for path in _script().catalogues(ROOT)]
    assert "eszemelyi/card/locale/hu/LC_MESSAGES/card.po" in found
    assert "eszemelyi/bridge/locale/hu/LC_MESSAGES/bridge.po" in found
    assert "eszemelyi/locale/hu/LC_MESSAGES/django.po" in found
    assert [path for path in found if path.startswith((".", "node_modules/"))] == []
