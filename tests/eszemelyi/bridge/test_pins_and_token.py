"""PIN providers and the token's canonical form (no card needed)."""

from __future__ import annotations

import io
import json
import logging
import os
import pty
import select
import termios
import threading
import time

import pytest

from eszemelyi.bridge import token as tokens
from eszemelyi.bridge.pins import PinRequest, PromptSafeHandler, ScriptedPins, TerminalPins


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


def _wait_for_prompt(keyboard) -> str:
    shown = ""
    for _ in range(25):
        shown += _screen_text(keyboard)
        if "PIN" in shown:
            return shown
    raise AssertionError(f"no prompt on the terminal: {shown!r}")


def test_a_cancel_closes_the_open_prompt(terminal):
    keyboard, tty = terminal
    pins = TerminalPins(timeout=30, tty=tty)
    request = PinRequest("pin", "http://x", "test")
    answer = []
    asking = threading.Thread(target=lambda: answer.append(pins.ask(request)))
    asking.start()
    _wait_for_prompt(keyboard)
    started = time.monotonic()
    request.cancelled.set()
    asking.join(5)
    assert answer == [None]
    assert time.monotonic() - started < 1
    assert "The operation was cancelled" in _screen_text(keyboard)


def test_log_lines_wait_until_the_prompt_closes(terminal):
    keyboard, tty = terminal
    screen = open(tty, "w")  # noqa: SIM115 - closed below
    handler = PromptSafeHandler(screen)
    handler.setFormatter(logging.Formatter("LOG %(message)s"))
    logger = logging.getLogger("tests.bridge.prompt")
    logger.addHandler(handler)
    logger.propagate = False
    # Its own level: another test (an in-process Celery worker) may raise the root's.
    logger.setLevel(logging.INFO)
    try:
        pins = TerminalPins(timeout=5, tty=tty, logs=handler)
        answer = []
        asking = threading.Thread(
            target=lambda: answer.append(pins.ask(PinRequest("pin", "http://x", "test")))
        )
        asking.start()
        shown = _wait_for_prompt(keyboard)
        logger.info('127.0.0.1 "GET /v1/status HTTP/1.1" 200 -')
        shown += _screen_text(keyboard)
        assert "LOG" not in shown  # held: the prompt line stays whole
        os.write(keyboard, b"123456\n")
        asking.join(5)
        shown += _screen_text(keyboard)
        assert answer == ["123456"]
        prompt_at = shown.index("eID PIN (6 digits): ")
        log_at = shown.index('LOG 127.0.0.1 "GET /v1/status HTTP/1.1" 200 -')
        assert prompt_at < log_at and shown[log_at - 1] == "\n"
        logger.info("after")  # and once the prompt is closed, lines go out at once
        assert "LOG after" in _screen_text(keyboard)
    finally:
        logger.removeHandler(handler)
        screen.close()


def test_held_log_lines_beyond_the_limit_are_counted():
    stream = io.StringIO()
    handler = PromptSafeHandler(stream, limit=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("tests.bridge.held")
    logger.addHandler(handler)
    logger.propagate = False
    # Its own level: another test (an in-process Celery worker) may raise the root's.
    logger.setLevel(logging.INFO)
    try:
        with handler.held():
            for number in range(5):
                logger.warning("line %d", number)
            assert stream.getvalue() == ""
        assert stream.getvalue() == (
            "line 0\nline 1\n3 log lines were dropped while a PIN prompt was open\n"
        )
    finally:
        logger.removeHandler(handler)


@pytest.mark.pcsc
def test_cancel_while_the_prompt_is_open_releases_the_card(terminal, vcard):
    from tests.eszemelyi.conftest import ORIGIN, BridgeClient, start_bridge

    keyboard, tty = terminal
    server, thread = start_bridge(TerminalPins(timeout=30, tty=tty))
    client = BridgeClient(server, None)
    params = {"slot": 1, "number": "+36301234567"}
    results = {}

    def run(name, op_id):
        results[name] = client.operation("emergency_set", params, op_id=op_id)

    try:
        first = threading.Thread(target=run, args=("first", "op-1"))
        first.start()
        _wait_for_prompt(keyboard)
        started = time.monotonic()
        status, _, answer = client.request("POST", "/v1/operations/op-1/cancel", {})
        assert (status, answer) == (200, {"status": "cancelled", "opId": "op-1"})
        assert time.monotonic() - started < 2
        first.join(5)
        status, answer, _ = results["first"]
        assert (status, answer["error"]["code"]) == (422, "cancelled")
        assert "The operation was cancelled" in _screen_text(keyboard)
        # Typing into the closed prompt reaches nobody: no card command, no token.
        os.write(keyboard, b"000000\n")
        _screen_text(keyboard)
        assert vcard.state["emergency"] == [None, None]
        assert vcard.state["eid"]["tries"] == 3
        assert client.request("GET", "/v1/status")[2]["busy"] is False
        # The next operation gets the card (it was released) and a fresh prompt, which
        # does not take the keys typed into the closed one.
        second = threading.Thread(target=run, args=("second", "op-2"))
        second.start()
        _wait_for_prompt(keyboard)
        os.write(keyboard, b"123456\n")
        second.join(10)
        status, answer, body = results["second"]
        assert status == 200 and answer["op"]["op_id"] == "op-2"
        assert tokens.verify(answer, origin=ORIGIN, nonce=body["nonce"], params=params)
        assert vcard.state["emergency"] == ["+36301234567", None]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
