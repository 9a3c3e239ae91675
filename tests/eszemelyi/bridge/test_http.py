"""The bridge's HTTP gate: Host, Origin, CORS, media type, size, one operation at a time.

These need no card (the card opener is a stand-in, `gate` in conftest.py), so they run
everywhere.
"""

from __future__ import annotations

import base64
import threading
import time

import pytest

from eszemelyi.bridge.pins import DictPins
from tests.eszemelyi.conftest import ORIGIN


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


_NONCE = _b64url(bytes(range(32)))


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"opId": "op-1\n", "kind": "emergency_read", "params": {}}, "bad_request"),
        ({"opId": "op-1", "nonce": _NONCE + "\n", "kind": "emergency_read"}, "bad_nonce"),
        ({"opId": "op-1", "kind": "emergency_read\n", "params": {}}, "unknown_kind"),
        ({"opId": "op-1", "kind": ["emergency_read"], "params": {}}, "unknown_kind"),
        (
            {
                "opId": "op-1",
                "kind": "emergency_set",
                "params": {"slot": 1, "number": "+36301234567\n"},
            },
            "bad_params",
        ),
        (
            {
                "opId": "op-1",
                "kind": "esign_write_certificate",
                "params": {"certificate": "MAo=\n"},
            },
            "bad_params",
        ),
        ({"opId": "op-1", "kind": "nek", "params": {"action": "install\n"}}, "bad_params"),
    ],
    ids=["op-id", "nonce", "kind", "kind-list", "number", "certificate", "action"],
)
def test_a_trailing_newline_is_refused_before_the_card(gate, body, code):
    body = {"nonce": _NONCE, "params": {}, **body}
    status, _, answer = gate.request("POST", "/v1/operations", body)
    assert (status, answer["error"]["code"]) == (400, code)
    assert not gate.card.entered.is_set()


@pytest.mark.parametrize("apdu", ["00a4040000\n", "00a40400 00", " 00a4040000", "00a404000"])
def test_relayed_apdus_are_whole_hex_strings(apdu):
    from eszemelyi.bridge.operations import check_gp_step
    from eszemelyi.bridge.refusals import Refused

    assert check_gp_step({"apdus": ["00A4040000"], "final": False}) == (
        [bytes.fromhex("00a4040000")],
        False,
    )
    with pytest.raises(Refused) as refused:
        check_gp_step({"apdus": [apdu], "final": False})
    assert refused.value.code == "bad_request"


def _start_in_background(gate, kind, params=None):
    results = {}
    worker = threading.Thread(
        target=lambda: results.setdefault("answer", gate.operation(kind, params))
    )
    worker.start()
    assert gate.card.entered.wait(5)
    return worker, results


def test_a_gp_step_to_an_operation_that_relays_nothing_is_refused_at_once(gate):
    worker, results = _start_in_background(gate, "emergency_read")
    started = time.monotonic()
    status, _, answer = gate.request(
        "POST", "/v1/operations/op-1/gp-step", {"apdus": ["00a4040000"], "final": True}
    )
    assert (status, answer["error"]["code"]) == (409, "not_gp_operation")
    assert answer["error"]["message"]["en"] == "This operation does not relay card commands."
    assert time.monotonic() - started < 2
    # The operation's own answer still goes to the request that started it.
    gate.card.release.set()
    worker.join(5)
    status, answer, _ = results["answer"]
    assert (status, answer["error"]["code"]) == (503, "no_card")


def test_a_gp_step_before_the_operation_waits_for_one_is_refused(gate):
    worker, results = _start_in_background(gate, "nek", {"action": "install"})
    status, _, answer = gate.request(
        "POST", "/v1/operations/op-1/gp-step", {"apdus": ["00a4040000"], "final": False}
    )
    assert (status, answer["error"]["code"]) == (409, "step_not_expected")
    gate.card.release.set()
    worker.join(5)
    assert results["answer"][1]["error"]["code"] == "no_card"
