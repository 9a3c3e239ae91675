"""Where the bridge gets PINs from: its own prompt, never the web page.

`TerminalPins` asks on the bridge's terminal (getpass, no echo) and shows the origin
and what the operation does. `ScriptedPins` reads answers from a JSON file and exists
for automated tests and the demo only: anyone who can write that file can use the card.
"""

from __future__ import annotations

import getpass
import json
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# The answer names are part of the contract (docs/card-bridge.md section 8).
LABELS = {
    "pin": ("eSzemélyi PIN-kód (6 számjegy)", "eID PIN (6 digits)"),
    "new_pin": ("Új PIN-kód (6 számjegy)", "New PIN (6 digits)"),
    "puk": ("PUK-kód (10 karakter)", "PUK (10 characters)"),
    "can": ("CAN-szám a kártya előlapjáról (6 számjegy)", "CAN from the card front (6 digits)"),
    "activation_pin": ("Aktiváló PIN-kód (5 számjegy)", "Activation PIN (5 digits)"),
    "esign_pin": ("e-aláírási PIN-kód (7 számjegy)", "e-signature PIN (7 digits)"),
    "new_esign_pin": ("Új e-aláírási PIN-kód (7 számjegy)", "New e-signature PIN (7 digits)"),
    "esign_activation_pin": (
        "e-aláírási aktiváló PIN-kód (6 számjegy)",
        "e-signature activation PIN (6 digits)",
    ),
}


@dataclass(frozen=True)
class PinRequest:
    name: str  # a key of LABELS
    origin: str
    description: str  # what the operation does, shown to the citizen
    confirm: bool = False  # a new PIN: asked twice
    repeat: bool = False  # this is the second asking


class PinProvider(Protocol):
    def ask(self, request: PinRequest) -> str | None:
        """The entered value, or None when the citizen cancels."""


class TerminalPins:
    """Prompts on the bridge's own terminal; one prompt at a time."""

    _lock = threading.Lock()

    def ask(self, request: PinRequest) -> str | None:
        hu, en = LABELS[request.name]
        with self._lock:
            print(
                f"\n{request.origin} kéri / asks: {request.description}",
                file=sys.stderr,
                flush=True,
            )
            try:
                again = " (még egyszer / again)" if request.repeat else ""
                return getpass.getpass(f"{hu} / {en}{again}: ") or None
            except (EOFError, KeyboardInterrupt):
                return None


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
