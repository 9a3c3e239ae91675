"""Where the bridge gets PINs from: its own prompt, never the web page.

`TerminalPins` asks on the bridge's terminal (no echo, with a time limit, closed at once
when the operation is cancelled) and shows the origin and what the operation does.
`ScriptedPins` reads answers from a JSON file and exists for automated tests and the demo
only: anyone who can write that file can use the card. `PromptSafeHandler` keeps log
lines out of an open prompt.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import select
import sys
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from eszemelyi.bridge import CATALOGUE
from eszemelyi.card.i18n import N_

# The answer names are part of the contract (docs/card-bridge.md section 8). The prompt
# shows each label in Hungarian and English (the terminal has no language choice).
LABELS = {
    "pin": N_("eID PIN (6 digits)"),
    "new_pin": N_("New PIN (6 digits)"),
    "puk": N_("PUK (10 characters)"),
    "can": N_("CAN from the card front (6 digits)"),
    "activation_pin": N_("Activation PIN (5 digits)"),
    "esign_pin": N_("e-signature PIN (7 digits)"),
    "new_esign_pin": N_("New e-signature PIN (7 digits)"),
    "esign_activation_pin": N_("e-signature activation PIN (6 digits)"),
}


@dataclass(frozen=True)
class PinRequest:
    name: str  # a key of LABELS
    origin: str
    description: str  # what the operation does, shown to the citizen
    confirm: bool = False  # a new PIN: asked twice
    repeat: bool = False  # this is the second asking
    # Set when the operation is cancelled: a provider that can, stops asking at once.
    cancelled: threading.Event = field(default_factory=threading.Event, compare=False)


class PinProvider(Protocol):
    def ask(self, request: PinRequest) -> str | None:
        """The entered value, or None when the citizen cancels."""


# An unanswered prompt counts as cancelled after this long, so a citizen who walked
# away does not leave the card held for the whole operation.
PROMPT_TIMEOUT = 120.0
_MAX_ANSWER = 256
# How often an open prompt looks at the cancel flag (an Event cannot be select()ed).
_CANCEL_POLL = 0.1
TIMED_OUT = N_("Time ran out.")
CANCELLED = N_("The operation was cancelled.")


def read_secret(
    fd: int, prompt: str, timeout: float, cancelled: threading.Event | None = None
) -> str | None:
    """One line from the terminal `fd` without echo, or None after `timeout` seconds or
    once `cancelled` is set.

    The terminal stays in line mode with echo off, so the answer is only readable once
    the citizen presses Enter; echo is restored (and typed-ahead input discarded)
    whatever happens.
    """
    cancelled = cancelled or threading.Event()
    saved = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSAFLUSH, quiet)
    try:
        os.write(fd, prompt.encode())
        deadline = time.monotonic() + timeout
        answer = b""
        while not answer.endswith(b"\n"):
            if cancelled.is_set():
                os.write(fd, f"\n{CATALOGUE.side_by_side(CANCELLED)}".encode())
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                os.write(fd, f"\n{CATALOGUE.side_by_side(TIMED_OUT)}".encode())
                return None
            if not select.select([fd], [], [], min(left, _CANCEL_POLL))[0]:
                continue
            chunk = os.read(fd, _MAX_ANSWER)
            if not chunk:  # the terminal went away
                return None
            answer += chunk
            if len(answer) > _MAX_ANSWER:
                return None
        return answer.decode(errors="replace").rstrip("\r\n") or None
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)
        os.write(fd, b"\n")


class PromptSafeHandler(logging.StreamHandler):
    """A stderr handler that holds its records while a PIN prompt is open.

    stderr and the prompt are usually the same terminal: a request logged while the
    citizen types (the page polls /v1/status every second) would land in the middle of
    the prompt line. Held records are written, in order, when the prompt closes; beyond
    `limit` they are counted and the count is written instead.
    """

    def __init__(self, stream=None, limit: int = 1000) -> None:
        super().__init__(stream)
        self.limit = limit
        self._held: list[logging.LogRecord] | None = None
        self._dropped = 0

    def emit(self, record: logging.LogRecord) -> None:
        # handle() calls this under self.lock, which hold() and resume() take too.
        if self._held is None:
            super().emit(record)
        elif len(self._held) < self.limit:
            self._held.append(record)
        else:
            self._dropped += 1

    def hold(self) -> None:
        with self.lock:
            if self._held is None:
                self._held = []

    def resume(self) -> None:
        # Not `release`: logging.Handler.release() unlocks the handler's lock.
        with self.lock:
            held, self._held = self._held or [], None
            for record in held:
                super().emit(record)
            if self._dropped:
                note = f"{self._dropped} log lines were dropped while a PIN prompt was open"
                super().emit(logging.LogRecord(__name__, logging.WARNING, "", 0, note, (), None))
                self._dropped = 0

    @contextlib.contextmanager
    def held(self):
        self.hold()
        try:
            yield
        finally:
            self.resume()


class TerminalPins:
    """Prompts on the bridge's own terminal; one prompt at a time, each for at most
    `timeout` seconds (then it counts as cancelled). `logs`, when given, holds the
    bridge's log lines while a prompt is open."""

    _lock = threading.Lock()

    def __init__(
        self,
        timeout: float = PROMPT_TIMEOUT,
        tty: str = "/dev/tty",
        logs: PromptSafeHandler | None = None,
    ) -> None:
        self.timeout = timeout
        self.tty = tty
        self.logs = logs

    def ask(self, request: PinRequest) -> str | None:
        # "https://portal.example kéri / asks: <what the operation does>"
        asks = CATALOGUE.side_by_side(N_("asks"))
        heading = f"\n{request.origin} {asks}: {request.description}\n"
        again = f" ({CATALOGUE.side_by_side(N_('again'))})" if request.repeat else ""
        prompt = f"{CATALOGUE.side_by_side(LABELS[request.name])}{again}: "
        held = self.logs.held() if self.logs is not None else contextlib.nullcontext()
        with self._lock, held:
            if request.cancelled.is_set():
                return None
            try:
                fd = os.open(self.tty, os.O_RDWR | os.O_NOCTTY)
            except OSError:  # no terminal to open: the plain prompt, without a time limit
                print(heading, end="", file=sys.stderr, flush=True)
                try:
                    return getpass.getpass(prompt) or None
                except (EOFError, KeyboardInterrupt):
                    return None
            try:
                # Heading and prompt both on the terminal, so that they stay together
                # even when stderr goes to a file.
                return read_secret(fd, heading + prompt, self.timeout, request.cancelled)
            except KeyboardInterrupt:
                return None
            finally:
                os.close(fd)


class ScriptedPins:
    """TEST AND DEMO ONLY: answers from a JSON object in a file, re-read on every ask.

    Example file: {"pin": "123456", "new_pin": "654321", "can": "123456"}. A missing
    name counts as the citizen cancelling.
    """

    def __init__(self, path: Path):
        self.path = Path(path)

    def ask(self, request: PinRequest) -> str | None:
        try:
            answers = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        value = answers.get(request.name)
        return str(value) if value is not None else None


class DictPins:
    """TEST ONLY: answers from a dict the test changes between operations."""

    def __init__(self, answers: dict[str, str] | None = None):
        self.answers = answers if answers is not None else {}
        self.asked: list[str] = []

    def ask(self, request: PinRequest) -> str | None:
        self.asked.append(request.name)
        return self.answers.get(request.name)
