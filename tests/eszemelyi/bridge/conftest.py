"""A bridge in front of a stand-in card, for the tests of its HTTP side (no pcscd)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest

from eszemelyi.bridge.pins import DictPins
from eszemelyi.card import errors
from tests.eszemelyi.conftest import BridgeClient, start_bridge


class BlockingCard:
    """Holds the operation at its first card command until released."""

    def __init__(self):
        self.entered, self.release = threading.Event(), threading.Event()

    def pin_status(self):
        self.entered.set()
        self.release.wait(10)
        raise errors.NoCard()


@pytest.fixture
def gate():
    card = BlockingCard()

    @contextmanager
    def open_card():
        yield card

    server, thread = start_bridge(DictPins({"pin": "123456"}), open_card=open_card)
    client = BridgeClient(server, None)
    client.card = card
    yield client
    card.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
