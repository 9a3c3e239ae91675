"""PIN providers and the token's canonical form (no card needed)."""

from __future__ import annotations

import json

import pytest

from eszemelyi.bridge import token as tokens
from eszemelyi.bridge.pins import PinRequest, ScriptedPins


def test_scripted_answers_are_reread_and_missing_means_cancel(tmp_path):
    path = tmp_path / "answers.json"
    pins = ScriptedPins(path)
    request = PinRequest("pin", "http://127.0.0.1:8000", "test")
    assert pins.ask(request) is None  # no file yet
    path.write_text(json.dumps({"pin": "123456"}))
    assert pins.ask(request) == "123456"
    path.write_text(json.dumps({"pin": "654321"}))
    assert pins.ask(request) == "654321"
    assert pins.ask(PinRequest("puk", "x", "y")) is None
    path.write_text("not json")
    assert pins.ask(request) is None


def test_canonical_json_is_sorted_compact_utf8():
    assert tokens.canonical_json({"b": 1, "a": ["é", None, True]}) == (
        '{"a":["é",null,true],"b":1}'.encode()
    )
    with pytest.raises(TypeError):
        tokens.canonical_json({"amount": 1.5})


def test_to_be_signed_hashes_each_part_separately():
    op = tokens.make_op("op", "authenticate", {}, {"completed": True}, {})
    one = tokens.to_be_signed("https://example.com", ".eu1234", op)
    other = tokens.to_be_signed("https://example.com.eu", "1234", op)
    assert len(one) == 96 and one != other
    assert op["params_sha256"] == tokens.sha256_hex(b"{}")
