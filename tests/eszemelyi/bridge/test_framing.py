"""Request framing over a raw socket against the running bridge server (no pcscd).

Raw bytes, not http.client: a library client never sends a negative Content-Length, two
Host headers or a TRACE. Every answer must be the contract's JSON, with `no-store`,
and come back at once: a refusal never hangs or drops the connection.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from tests.eszemelyi.conftest import ORIGIN

BODY = b'{"opId": "op-1", "nonce": "x", "kind": "emergency_read", "params": {}}'


def _exchange(port: int, request: bytes, *, half_close: bool = False):
    """Send `request`, read until the server closes: (status, headers, body bytes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(lines[0].split()[1]), headers, body


def _request(gate, method: str, path: str = "/v1/status", *, extra: str = "", body: bytes = b""):
    head = f"{method} {path} HTTP/1.1\r\nHost: {gate.host}\r\nOrigin: {ORIGIN}\r\n{extra}\r\n"
    return head.encode("latin-1") + body


def _error(status_headers_body):
    status, headers, body = status_headers_body
    assert headers["cache-control"] == ["no-store"]
    assert headers["content-type"] == ["application/json; charset=utf-8"]
    answer = json.loads(body)
    assert answer["status"] == "error"
    assert set(answer["error"]["message"]) == {"hu", "en"}
    return status, answer["error"]["code"], headers


def _post(gate, length_headers: str, body: bytes = BODY, **kwargs):
    extra = f"Content-Type: application/json\r\n{length_headers}"
    return _exchange(gate.port, _request(gate, "POST", "/v1/operations", extra=extra, body=body))


@pytest.mark.parametrize("length", ["-1", "abc", "+70", "70 70", "0x46", "7_0", "", "70.0"])
def test_content_length_must_be_one_plain_number(gate, length):
    status, code, headers = _error(_post(gate, f"Content-Length: {length}\r\n"))
    assert (status, code) == (400, "bad_length")
    assert headers["access-control-allow-origin"] == [ORIGIN]
    assert not gate.card.entered.is_set()


def test_a_post_without_content_length_is_refused(gate):
    status, code, _ = _error(_post(gate, ""))
    assert (status, code) == (400, "bad_length")


def test_chunked_bodies_are_refused(gate):
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY)
    answer = _post(gate, "Transfer-Encoding: chunked\r\n", body=chunked)
    assert _error(answer)[:2] == (400, "bad_length")


def test_a_body_shorter_than_announced_is_refused_not_waited_for(gate):
    started = time.monotonic()
    answer = _exchange(
        gate.port,
        _request(
            gate,
            "POST",
            "/v1/operations",
            extra="Content-Type: application/json\r\nContent-Length: 500\r\n",
            body=BODY,
        ),
        half_close=True,
    )
    assert _error(answer)[:2] == (400, "bad_length")
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 4000 + b"]" * 4000,
        b'{"opId": ' + b"[" * 40 + b"]" * 40 + b"}",
        b'{"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": {"l": {"m": '
        b'{"n": {"o": {"p": {"q": 1}}}}}}}}}}}}}}}}}',
    ],
    ids=["4000-deep", "40-deep", "17-deep"],
)
def test_deeply_nested_json_is_a_400(gate, body):
    answer = _post(gate, f"Content-Length: {len(body)}\r\n", body=body)
    assert _error(answer)[:2] == (400, "too_deep")
    # The server is still there for the next request.
    status, _, _ = _exchange(gate.port, _request(gate, "GET"))
    assert status == 200


def test_brackets_inside_strings_do_not_count_as_nesting(gate):
    body = json.dumps({"opId": "[" * 100, "nonce": "{" * 100, "kind": "x", "params": {}})
    answer = _post(gate, f"Content-Length: {len(body)}\r\n", body=body.encode())
    assert _error(answer)[:2] == (400, "bad_request")  # the opId, not the nesting


@pytest.mark.parametrize("header", ["Host", "Origin", "Content-Length", "Content-Type"])
def test_a_repeated_header_is_a_400(gate, header):
    values = {
        "Host": gate.host,
        "Origin": ORIGIN,
        "Content-Length": str(len(BODY)),
        "Content-Type": "application/json",
    }
    lines = "".join(f"{name}: {value}\r\n" for name, value in values.items())
    request = f"POST /v1/operations HTTP/1.1\r\n{lines}{header}: {values[header]}\r\n\r\n"
    status, code, headers = _error(_exchange(gate.port, request.encode() + BODY))
    assert (status, code) == (400, "duplicate_header")
    assert "access-control-allow-origin" not in headers
    assert not gate.card.entered.is_set()


def test_two_different_hosts_are_a_400_not_a_421_or_a_pass(gate):
    request = (
        f"GET /v1/status HTTP/1.1\r\nHost: evil.example\r\nHost: {gate.host}\r\n"
        f"Origin: {ORIGIN}\r\n\r\n"
    )
    assert _error(_exchange(gate.port, request.encode()))[:2] == (400, "duplicate_header")


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND", "FOO"])
def test_every_other_method_gets_the_json_405(gate, method):
    status, code, headers = _error(_exchange(gate.port, _request(gate, method)))
    assert (status, code) == (405, "method_not_allowed")
    assert headers["allow"] == ["GET, POST, OPTIONS"]
    assert headers["access-control-allow-origin"] == [ORIGIN]


def test_head_gets_the_405_headers_without_a_body(gate):
    status, headers, body = _exchange(gate.port, _request(gate, "HEAD"))
    assert status == 405 and body == b""
    assert headers["cache-control"] == ["no-store"]
    assert headers["content-type"] == ["application/json; charset=utf-8"]
    assert int(headers["content-length"][0]) > 0
    assert headers["allow"] == ["GET, POST, OPTIONS"]


@pytest.mark.parametrize("method", ["HEAD", "TRACE", "CONNECT"])
def test_other_methods_pass_the_host_and_origin_checks_first(gate, method):
    wrong_host = f"{method} /v1/status HTTP/1.1\r\nHost: evil.example\r\nOrigin: {ORIGIN}\r\n\r\n"
    status, headers, body = _exchange(gate.port, wrong_host.encode())
    assert status == 421 and headers["cache-control"] == ["no-store"]
    if method != "HEAD":
        assert json.loads(body)["error"]["code"] == "host_not_allowed"
    foreign = (
        f"{method} /v1/status HTTP/1.1\r\nHost: {gate.host}\r\nOrigin: https://evil.example\r\n\r\n"
    )
    status, headers, body = _exchange(gate.port, foreign.encode())
    assert status == 403 and "access-control-allow-origin" not in headers
    if method != "HEAD":
        assert json.loads(body)["error"]["code"] == "origin_not_allowed"


def test_too_many_headers_get_a_json_answer(gate):
    many = "".join(f"X-Filler-{n}: {n}\r\n" for n in range(120))
    status, code, _ = _error(_exchange(gate.port, _request(gate, "GET", extra=many)))
    assert (status, code) == (431, "too_large")
