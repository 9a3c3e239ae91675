"""PIN providers and the token's canonical form (no card needed)."""

from __future__ import annotations

import json
import os
import pty
import select
import termios
import threading

import pytest

from eszemelyi.bridge import token as tokens
from eszemelyi.bridge.pins import PinRequest, ScriptedPins, TerminalPins


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


@pytest.fixture
def terminal():
    """A pseudo-terminal: the bridge's side (its name) and the citizen's keyboard."""
    keyboard, screen = pty.openpty()
    yield keyboard, os.ttyname(screen)
    os.close(keyboard)
    os.close(screen)


def _screen_text(keyboard) -> str:
    text = b""
    while True:
        ready = select.select([keyboard], [], [], 0.2)[0]
        if not ready:
            return text.decode(errors="replace")
        text += os.read(keyboard, 4096)


def test_the_terminal_prompt_reads_the_pin_without_echo(terminal):
    keyboard, tty = terminal
    pins = TerminalPins(timeout=5, tty=tty)
    answer = []
    asking = threading.Thread(
        target=lambda: answer.append(pins.ask(PinRequest("pin", "http://x", "test")))
    )
    asking.start()
    # Type only once the prompt is up (echo is off by then).
    shown = ""
    for _ in range(25):
        shown += _screen_text(keyboard)
        if "PIN" in shown:
            break
    os.write(keyboard, b"123456\n")
    asking.join(5)
    assert answer == ["123456"]
    assert "123456" not in shown + _screen_text(keyboard)
    # Echo is back on for the terminal afterwards.
    screen = os.open(tty, os.O_RDWR | os.O_NOCTTY)
    try:
        assert termios.tcgetattr(screen)[3] & termios.ECHO
    finally:
        os.close(screen)


def test_an_unanswered_terminal_prompt_counts_as_cancelled(terminal):
    keyboard, tty = terminal
    pins = TerminalPins(timeout=0.3, tty=tty)
    assert pins.ask(PinRequest("pin", "http://x", "test")) is None
    assert "Time ran out" in _screen_text(keyboard)


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
