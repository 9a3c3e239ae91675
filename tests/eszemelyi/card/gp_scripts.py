"""A minimal issuer side for the tests: GP scripts per docs/card-bridge.md 5.2 and 5.3."""

from __future__ import annotations

import os

from eszemelyi import scp03

ISD = bytes.fromhex("a000000151000000")
NEK_PACKAGE = bytes.fromhex("f048554e454b00")
NEK_MODULE = bytes.fromhex("f048554e454b01")
NEK_INSTANCE = bytes.fromhex("f048554e454b01")
ESIGN = bytes.fromhex("f048554553494701")


def lv(value: bytes) -> bytes:
    return bytes([len(value)]) + value


def apdu(cla: int, ins: int, p1: int, p2: int, data: bytes = b"") -> bytes:
    return bytes([cla, ins, p1, p2]) + (lv(data) if data else b"")


def step1(host_challenge: bytes) -> list[bytes]:
    return [apdu(0x00, 0xA4, 0x04, 0x00, ISD), scp03.initialize_update(host_challenge)]


def open_channel(
    init_response: bytes, host_challenge: bytes, level: int = scp03.C_MAC
) -> tuple[scp03.SecureChannel, bytes]:
    parsed = scp03.InitializeUpdateResponse.parse(init_response)
    session = scp03.derive_session_keys(scp03.TEST_KEYS, host_challenge, parsed.card_challenge)
    expected = scp03.card_cryptogram(session, host_challenge, parsed.card_challenge)
    assert parsed.card_cryptogram == expected, "card cryptogram mismatch"
    channel = scp03.SecureChannel(session, level=level)
    return channel, scp03.external_authenticate(channel, host_challenge, parsed.card_challenge)


def load_file(version: tuple[int, int], body_size: int = 600) -> bytes:
    content = bytes.fromhex("decaffed") + bytes(version) + os.urandom(body_size)
    return b"\xc4\x82" + len(content).to_bytes(2, "big") + content


def nek_install(version: tuple[int, int] = (2, 1), *, update: bool = False) -> list[bytes]:
    commands = []
    if update:
        commands.append(apdu(0x80, 0xE4, 0x00, 0x80, b"\x4f" + lv(NEK_PACKAGE)))
    commands.append(
        apdu(0x80, 0xE6, 0x02, 0x00, lv(NEK_PACKAGE) + lv(ISD) + lv(b"") + lv(b"") + lv(b""))
    )
    blob = load_file(version)
    blocks = [blob[i : i + 200] for i in range(0, len(blob), 200)]
    for number, block in enumerate(blocks):
        last = 0x80 if number == len(blocks) - 1 else 0x00
        commands.append(apdu(0x80, 0xE8, last, number, block))
    commands.append(
        apdu(
            0x80,
            0xE6,
            0x0C,
            0x00,
            lv(NEK_PACKAGE)
            + lv(NEK_MODULE)
            + lv(NEK_INSTANCE)
            + lv(b"\x01\x00")
            + lv(b"\xc9\x00")
            + lv(b""),
        )
    )
    return commands


def esign_personalise(activation_pin: str) -> list[bytes]:
    pin = activation_pin.encode()
    return [
        apdu(0x80, 0xE6, 0x20, 0x00, lv(b"") + lv(b"") + lv(ESIGN) + b"\x00\x00\x00"),
        apdu(0x80, 0xE2, 0x80, 0x00, b"\x0f\x01" + lv(pin)),
    ]


def step2(
    init_response: bytes, host_challenge: bytes, commands: list[bytes], level: int = scp03.C_MAC
) -> list[bytes]:
    channel, auth = open_channel(init_response, host_challenge, level)
    return [auth, *(channel.wrap(command) for command in commands)]
