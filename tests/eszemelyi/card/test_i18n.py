"""The texts of the card layer and the card bridge: English msgids, the Hungarian from
their own gettext catalogues, both in every answer (no Django, no pcscd)."""

from __future__ import annotations

import ast
import re

import polib
import pytest

from eszemelyi.bridge import CATALOGUE as BRIDGE
from eszemelyi.bridge.operations import DESCRIPTIONS, describe
from eszemelyi.bridge.pins import DictPins
from eszemelyi.bridge.refusals import REFUSALS, Refused
from eszemelyi.bridge.server import Bridge
from eszemelyi.card import errors
from eszemelyi.card.i18n import Catalogue

CATALOGUES = {"card": errors.CATALOGUE, "bridge": BRIDGE}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _marked(catalogue: Catalogue) -> set[str]:
    """The texts marked with N_() in the package's modules, as `xgettext --keyword=N_`
    finds them: only a literal can be extracted."""
    found = set()
    for path in catalogue.localedir.parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                [text] = node.args
                assert isinstance(text, ast.Constant), f"{path.name}:{node.lineno}"
                found.add(text.value)
    return found


def _po(catalogue: Catalogue) -> polib.POFile:
    return polib.pofile(str(catalogue.localedir / "hu" / "LC_MESSAGES" / f"{catalogue.domain}.po"))


@pytest.mark.parametrize("catalogue", CATALOGUES.values(), ids=CATALOGUES)
def test_every_marked_text_has_a_hungarian_translation_and_nothing_else_is_kept(catalogue):
    po = _po(catalogue)
    assert {entry.msgid for entry in po} == _marked(catalogue)
    assert [entry.msgid for entry in po if not entry.msgstr or entry.fuzzy] == []


@pytest.mark.parametrize("catalogue", CATALOGUES.values(), ids=CATALOGUES)
def test_a_translation_fills_in_the_same_values_as_its_english(catalogue):
    for entry in _po(catalogue):
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(
            PLACEHOLDER.findall(entry.msgid)
        ), entry.msgid
        assert ("python-format" in entry.flags) == bool(PLACEHOLDER.search(entry.msgid))


def test_a_card_error_answers_in_both_languages_with_its_values():
    assert errors.WrongPin(1, sw=0x63C1).as_json() == {
        "code": "wrong_pin",
        "sw": "63C1",
        "triesLeft": 1,
        "message": {
            "hu": "Hibás PIN-kód. Még 1 próbálkozási lehetősége van.",
            "en": "Wrong PIN. 1 tries left.",
        },
    }
    assert errors.WrongCan(2).messages() == {
        "hu": "Hibás CAN-szám. A hat számjegyű CAN a kártya előlapján található. "
        "Még 2 próbálkozási lehetősége van.",
        "en": "Wrong CAN. The six-digit CAN is printed on the front of the card. 2 tries left.",
    }
    assert errors.PinFormat("PUK", 10).messages() == {
        "hu": "A kódnak 10 számjegyből kell állnia.",
        "en": "The code must have 10 digits.",
    }
    assert errors.NoCard().as_json() == {
        "code": "no_card",
        "message": {
            "hu": "Helyezze be az eSzemélyit a kártyaolvasóba.",
            "en": "Please insert your eID card into the reader.",
        },
    }


def test_every_card_error_and_refusal_has_its_own_hungarian():
    # The ones made without values; those with values are checked exactly above.
    simple = [
        cls()
        for cls in [errors.CardError, *_subclasses(errors.CardError)]
        if cls.__init__ is errors.CardError.__init__
    ]
    assert len({error.text for error in simple}) == 20
    refusals = [Refused(code) for code in REFUSALS]
    for error in simple + refusals:
        texts = error.messages()
        assert texts["hu"] != texts["en"], error.code
    assert Refused("busy").as_json() == {
        "code": "busy",
        "message": {
            "hu": "Egy másik kártyaművelet még folyamatban van. Várja meg a végét, "
            "vagy szakítsa meg.",
            "en": "Another card operation is still running. Wait for it to end or cancel it.",
        },
    }
    assert Refused("busy").http_status == 409


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_the_pin_prompt_describes_the_operation_in_hungarian_and_english():
    assert describe("emergency_set", {"slot": 2, "number": "+36201234567"}) == (
        "Vészhelyzeti telefonszám írása a(z) 2. helyre: +3620***4567 / "
        "write emergency number 2: +3620***4567"
    )
    assert describe("nek", {}) == "NEK alkalmazás telepítése / install the NEK applet"
    assert all(" / " in describe(kind, {}) for kind in DESCRIPTIONS)


def test_a_missing_compiled_catalogue_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"card\.mo is missing: run `make messages`"):
        Catalogue("card", tmp_path).load()


def test_the_bridge_does_not_start_without_its_hungarian_texts(tmp_path, monkeypatch):
    monkeypatch.setattr(errors, "CATALOGUE", Catalogue("card", tmp_path))
    with pytest.raises(FileNotFoundError):
        Bridge(["http://127.0.0.1:8000"], DictPins())
