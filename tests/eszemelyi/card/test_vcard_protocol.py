"""The virtual card on a stand-in vpcd (no pcscd needed): framing, control codes, faults."""

from __future__ import annotations

import socket
import threading

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from sandbox.vcard.cardos import ATR, CardOS
from sandbox.vcard.state import public_key_der
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


def _send(os_: CardOS, hex_apdu: str) -> tuple[bytes, int]:
    answer = os_.process(bytes.fromhex(hex_apdu.replace(" ", "")))
    return answer[:-2], int.from_bytes(answer[-2:], "big")


def _card_info(os_: CardOS) -> bytes:
    assert _send(os_, "00 a4 04 0c 07 f0485545494401")[1] == 0x9000
    assert _send(os_, "00 a4 02 0c 02 0e02")[1] == 0x9000
    return os_._file(0x0E02)


def test_read_binary_beyond_the_end_answers_6282_with_what_is_left():
    os_ = CardOS(make_state("active"))
    content = _card_info(os_)
    size = len(content)
    assert 16 < size < 256
    # Le = 00 in a short APDU asks for 256 bytes: fewer remain, so 6282.
    assert _send(os_, "00 b0 00 00 00") == (content, 0x6282)
    # Exactly what remains: 9000; less: 9000 with Le bytes.
    assert _send(os_, f"00 b0 00 00 {size:02x}") == (content, 0x9000)
    assert _send(os_, "00 b0 00 00 10") == (content[:16], 0x9000)
    assert _send(os_, f"00 b0 00 10 {size:02x}") == (content[16:], 0x6282)
    # At the very end nothing is left; past it the offset is wrong.
    assert _send(os_, f"00 b0 00 {size:02x} 10") == (b"", 0x6282)
    assert _send(os_, f"00 b0 00 {size + 1:02x} 10") == (b"", 0x6B00)
    # Without Le the card says how many bytes there are (6Cxx).
    assert _send(os_, "00 b0 00 00") == (b"", 0x6C00 | size)


def test_get_response_honours_le():
    os_ = CardOS(make_state("active"))
    _send(os_, "00 a4 04 0c 07 f0485545494401")
    assert _send(os_, "00 20 00 81 06 " + b"123456".hex())[1] == 0x9000
    # Case 3 INTERNAL AUTHENTICATE: the 64-byte signature waits for GET RESPONSE.
    assert _send(os_, "00 88 00 00 04 01020304") == (b"", 0x6140)
    first, sw = _send(os_, "00 c0 00 00 10")
    assert (len(first), sw) == (16, 0x6130)
    second, sw = _send(os_, "00 c0 00 00 20")
    assert (len(second), sw) == (32, 0x6110)
    third, sw = _send(os_, "00 c0 00 00 00")  # Le = 00: up to 256, only 16 are left
    assert (len(third), sw) == (16, 0x9000)
    assert _send(os_, "00 c0 00 00 00") == (b"", 0x6985)  # nothing pending any more
    signature = first + second + third
    public_key = serialization.load_der_public_key(public_key_der(os_.state["auth_key"]))
    public_key.verify(
        encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        ),
        bytes.fromhex("01020304"),
        ec.ECDSA(hashes.SHA256()),
    )


def test_the_can_has_a_retry_counter():
    os_ = CardOS(make_state("active"))
    wrong, right = "00 20 00 8b 06 " + b"999999".hex(), "00 20 00 8b 06 " + b"123456".hex()
    assert _send(os_, "00 20 00 8b") == (b"", 0x63C3)  # status: three tries
    assert _send(os_, wrong) == (b"", 0x63C2)
    assert _send(os_, right) == (b"", 0x9000)  # the right CAN restores the tries
    assert os_.state["eid"]["can_tries"] == 3
    assert _send(os_, "00 20 00 8b") == (b"", 0x9000)  # verified in this session
    assert [_send(os_, wrong)[1] for _ in range(3)] == [0x63C2, 0x63C1, 0x6983]
    assert _send(os_, right) == (b"", 0x6983)  # blocked: even the right CAN is refused
    assert _send(os_, "00 20 00 8b") == (b"", 0x6983)
    assert os_.state["eid"]["can_tries"] == 0


def test_a_card_file_from_before_the_can_counter_starts_with_full_tries():
    state = make_state("active")
    del state["eid"]["can_tries"]
    os_ = CardOS(state)
    assert _send(os_, "00 20 00 8b") == (b"", 0x63C3)


def _compact_tlv(data: bytes) -> list[tuple[int, bytes]]:
    objects, pos = [], 0
    while pos < len(data):
        tag, length = data[pos] >> 4, data[pos] & 0x0F
        assert pos + 1 + length <= len(data), "a compact-TLV object runs past the end"
        objects.append((tag, data[pos + 1 : pos + 1 + length]))
        pos += 1 + length
    return objects


def test_the_atr_is_well_formed_and_claims_only_what_the_card_does():
    assert ATR[0] == 0x3B  # direct convention
    t0, td1, td2 = ATR[1], ATR[2], ATR[3]
    assert t0 >> 4 == 0b1000 and td1 == 0x80 and td2 == 0x01  # T=0, then T=1
    historical = ATR[4 : 4 + (t0 & 0x0F)]
    assert len(ATR) == 4 + len(historical) + 1
    tck = 0
    for byte in ATR[1:]:
        tck ^= byte
    assert tck == 0  # T0 .. TCK XOR to zero
    assert historical[0] == 0x80  # category: compact-TLV objects, nothing after them
    assert _compact_tlv(historical[1:]) == [
        (0x7, bytes([0x80, 0x21, 0x00])),  # full DF name only; 1-byte units; no chaining
        (0x5, b"eSZ-UGY1"),
    ]
    # The card capabilities hold: a partial DF name, a path, chaining, extended length
    # or a logical channel is refused.
    os_ = CardOS(make_state("active"))
    assert _send(os_, "00 a4 04 00 04 f0485545")[1] == 0x6A82
    assert _send(os_, "00 a4 08 00 02 0e02")[1] == 0x6A86
    assert _send(os_, "10 a4 04 00 07 f0485545494401")[1] == 0x6E00
    assert _send(os_, "01 a4 04 00 07 f0485545494401")[1] == 0x6E00
    assert _send(os_, "00 b0 00 00 00 01 00")[1] == 0x6700
