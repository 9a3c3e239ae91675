"""The virtual card on a stand-in vpcd (no pcscd needed): framing, control codes, faults."""

from __future__ import annotations

import socket
import threading

from sandbox.vcard.cardos import ATR, CardOS
from sandbox.vcard.vpcd import VpcdCard
from tests.eszemelyi.conftest import make_state


def _frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(2, "big") + payload


def _read(conn: socket.socket) -> bytes | None:
    header = conn.recv(2)
    if len(header) < 2:
        return None
    size = int.from_bytes(header, "big")
    data = b""
    while len(data) < size:
        data += conn.recv(size - len(data))
    return data


def test_vpcd_framing_and_control_codes():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    os_ = CardOS(make_state("active"))
    card = VpcdCard(os_, "127.0.0.1", port)
    card.connect()
    conn, _ = server.accept()
    worker = threading.Thread(target=card.run, daemon=True)
    worker.start()
    try:
        conn.sendall(_frame(b"\x04"))  # ATR
        assert _read(conn) == ATR
        conn.sendall(_frame(b"\x01"))  # power on: no answer expected
        conn.sendall(_frame(bytes.fromhex("00a4040007f0485545494401")))
        assert _read(conn)[-2:] == b"\x90\x00"
        conn.sendall(_frame(bytes.fromhex("00200081")))
        assert _read(conn) == b"\x63\xc3"
        conn.sendall(_frame(b"\x00\x99\x00\x00"))  # unknown instruction: the card survives
        assert _read(conn) == b"\x6d\x00"
        conn.sendall(_frame(b"\x01"))  # garbage: too short for an APDU and not a control code
        conn.sendall(_frame(b"\x00"))
        os_.faults = {"remove_on_ins": 0xB0}
        conn.sendall(_frame(bytes.fromhex("00b0000000")))
        assert _read(conn) is None  # "removed": the connection closes without an answer
    finally:
        card.stop()
        conn.close()
        server.close()
        worker.join(2)


def test_card_os_never_crashes_on_malformed_apdus():
    os_ = CardOS(make_state("active"))
    for raw in (b"\x00", b"\x00\xa4\x04\x00\x09\x01", b"\x80\x50\x00\x00\x03abc", b"\xff" * 6):
        answer = os_.process(raw)
        assert len(answer) == 2 and answer != b"\x90\x00"
