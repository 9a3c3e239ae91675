"""The bridge's HTTP gate: Host, Origin, CORS, media type, size, one operation at a time.

These need no card (the card opener is a stand-in), so they run everywhere.
"""

from __future__ import annotations

import base64
import threading
from contextlib import contextmanager

import pytest

from eszemelyi.bridge.pins import DictPins
from eszemelyi.card import errors
from tests.eszemelyi.conftest import ORIGIN, BridgeClient, start_bridge


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


def test_preflight_answers_the_exact_origin(gate):
    status, headers, body = gate.request("OPTIONS", "/v1/operations")
    assert status == 204 and body is None
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert headers["Access-Control-Allow-Private-Network"] == "true"
    assert headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert headers["Access-Control-Allow-Headers"] == "Content-Type"
    assert headers["Vary"] == "Origin"
    assert headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("origin", [None, "https://evil.example", ORIGIN + "/", "null"])
def test_foreign_or_missing_origin_is_refused_without_cors(gate, origin):
    for method in ("OPTIONS", "GET"):
        status, headers, body = gate.request(method, "/v1/status", origin=origin)
        assert status == 403
        assert body["error"]["code"] == "origin_not_allowed"
        assert "Access-Control-Allow-Origin" not in headers


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1", "127.0.0.1:1", "rebind.example:80"])
def test_wrong_host_is_refused(gate, host):
    status, headers, body = gate.request("GET", "/v1/status", host=host)
    assert status == 421
    assert body["error"]["code"] == "host_not_allowed"


def test_localhost_is_an_accepted_host(gate):
    status, headers, body = gate.request("GET", "/v1/status", host=f"localhost:{gate.port}")
    assert status == 200
    assert body["app"] == "ugysegeg-card-bridge" and body["protocol"] == 1
    assert headers["Access-Control-Allow-Origin"] == ORIGIN


def test_json_only(gate):
    status, _, body = gate.request(
        "POST", "/v1/operations", raw=b"opId=1", content_type="text/plain"
    )
    assert (status, body["error"]["code"]) == (415, "unsupported_media_type")
    status, _, body = gate.request("POST", "/v1/operations", raw=b"[1, 2]")
    assert (status, body["error"]["code"]) == (400, "bad_request")


def test_body_limit(gate):
    status, _, body = gate.request("POST", "/v1/operations", raw=b"{" + b" " * 8200 + b"}")
    assert (status, body["error"]["code"]) == (413, "too_large")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# Fixed values: pytest-xdist workers must collect the same test ids.
@pytest.mark.parametrize(
    "nonce",
    [
        _b64url(bytes(range(31))),  # 248 bits
        "a" * 20,
        "not base64!" * 5,
        _b64url(bytes(range(32))) + "=",
    ],
    ids=["248-bits", "short", "not-base64", "padded"],
)
def test_short_or_malformed_nonce_is_refused(gate, nonce):
    status, answer, _ = gate.operation("emergency_read", nonce=nonce)
    assert (status, answer["error"]["code"]) == (400, "bad_nonce")


@pytest.mark.parametrize(
    ("kind", "params", "code"),
    [
        ("format_card", {}, "unknown_kind"),
        ("emergency_set", {"slot": 3, "number": "+36301234567"}, "bad_params"),
        ("emergency_set", {"slot": 1, "number": "06301234567"}, "bad_params"),
        ("emergency_set", {"slot": True, "number": "+36301234567"}, "bad_params"),
        ("emergency_delete", {"slot": 1, "pin": "123456"}, "bad_params"),
        ("nek", {"action": "format"}, "bad_params"),
        ("esign_write_certificate", {"certificate": "%%%"}, "bad_params"),
    ],
)
def test_bad_requests_never_reach_the_card(gate, kind, params, code):
    status, answer, _ = gate.operation(kind, params)
    assert (status, answer["error"]["code"]) == (400, code)
    assert not gate.card.entered.is_set()


def test_one_operation_at_a_time(gate):
    results = {}

    def first():
        results["first"] = gate.operation("emergency_read", op_id="first")

    worker = threading.Thread(target=first)
    worker.start()
    assert gate.card.entered.wait(5)
    status, answer, _ = gate.operation("emergency_read", op_id="second")
    assert (status, answer["error"]["code"]) == (409, "busy")
    status, _, body = gate.request("GET", "/v1/status")
    assert body["busy"] is True
    gate.card.release.set()
    worker.join(5)
    status, answer, _ = results["first"]
    assert status == 503 and answer["error"]["code"] == "no_card"
    assert answer["error"]["message"]["hu"].startswith("Helyezze be")


def test_unknown_operation_step(gate):
    status, _, answer = gate.request(
        "POST", "/v1/operations/nope/gp-step", {"apdus": ["00a4040000"], "final": True}
    )
    assert (status, answer["error"]["code"]) == (404, "unknown_operation")


def test_other_methods_are_refused(gate):
    status, _, answer = gate.request("DELETE", "/v1/status")
    assert (status, answer["error"]["code"]) == (405, "method_not_allowed")


def test_unknown_path(gate):
    status, _, answer = gate.request("GET", "/admin")
    assert (status, answer["error"]["code"]) == (404, "unknown_path")


def test_bridge_listens_on_loopback_only(gate):
    assert gate.server.server_address[0] == "127.0.0.1"


def test_bridge_needs_exact_origins():
    from eszemelyi.bridge.server import Bridge

    for bad in ([], ["*"], ["http://127.0.0.1:8000/"], ["null"]):
        with pytest.raises(ValueError):
            Bridge(bad, DictPins())
