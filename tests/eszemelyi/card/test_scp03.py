"""SCP03 primitives: both ends agree, and any change to a secured command is caught."""

from __future__ import annotations

import os

import pytest

from eszemelyi import scp03


def _pair(level=scp03.C_MAC):
    host_challenge, card_challenge = os.urandom(8), os.urandom(8)
    session = scp03.derive_session_keys(scp03.TEST_KEYS, host_challenge, card_challenge)
    return (
        scp03.SecureChannel(session, level=level),
        scp03.SecureChannel(session, level=level),
        host_challenge,
        card_challenge,
    )


def test_kdf_layout_and_lengths():
    key = scp03.TEST_KEY
    assert len(scp03.kdf(key, scp03.S_MAC, bytes(16), 128)) == 16
    assert len(scp03.kdf(key, scp03.CARD_CRYPTOGRAM, bytes(16), 64)) == 8
    # The constant and the context both change the output.
    assert scp03.kdf(key, 0x04, bytes(16), 128) != scp03.kdf(key, 0x06, bytes(16), 128)
    assert scp03.kdf(key, 0x04, bytes(16), 128) != scp03.kdf(key, 0x04, b"\x01" * 16, 128)


def test_session_keys_differ_per_challenge():
    a = scp03.derive_session_keys(scp03.TEST_KEYS, bytes(8), bytes(8))
    b = scp03.derive_session_keys(scp03.TEST_KEYS, bytes(8), b"\x01" * 8)
    assert a != b and len({a.enc, a.mac, a.rmac}) == 3


def test_external_authenticate_round_trip():
    host, card, hc, cc = _pair()
    command = scp03.external_authenticate(host, hc, cc)
    assert command[:5] == bytes([0x84, 0x82, 0x01, 0x00, 0x10])
    scp03.check_external_authenticate(card, command, hc, cc)
    assert host.chaining == card.chaining


def test_wrapped_commands_unwrap_in_order_and_tampering_is_caught():
    host, card, hc, cc = _pair()
    scp03.check_external_authenticate(card, scp03.external_authenticate(host, hc, cc), hc, cc)
    first = host.wrap(bytes.fromhex("80e60200") + bytes([3]) + b"abc")
    second = host.wrap(bytes.fromhex("80f24000024f00"))
    assert first[0] == 0x84 and first[4] == 3 + 8
    assert card.unwrap(first) == (bytes.fromhex("80e60200"), b"abc")
    with pytest.raises(scp03.SecureChannelError):
        card.unwrap(second[:-1] + bytes([second[-1] ^ 1]))


def test_replaying_a_command_breaks_the_chain():
    host, card, hc, cc = _pair()
    scp03.check_external_authenticate(card, scp03.external_authenticate(host, hc, cc), hc, cc)
    command = host.wrap(bytes.fromhex("80e80000") + bytes([2]) + b"xy")
    card.unwrap(command)
    with pytest.raises(scp03.SecureChannelError):
        card.unwrap(command)


def test_command_encryption():
    host, card, hc, cc = _pair(level=0x03)
    scp03.check_external_authenticate(card, scp03.external_authenticate(host, hc, cc), hc, cc)
    secret = b"\x0f\x01\x06314159"
    wrapped = host.wrap(bytes.fromhex("80e28000") + bytes([len(secret)]) + secret)
    assert b"314159" not in wrapped and (wrapped[4] - 8) % 16 == 0
    assert card.unwrap(wrapped)[1] == secret


def test_initialize_update_answer_round_trip():
    answer = scp03.InitializeUpdateResponse(bytes(10), 0x30, 0x03, 0x00, b"c" * 8, b"k" * 8)
    assert scp03.InitializeUpdateResponse.parse(answer.encode()) == answer
    with pytest.raises(scp03.SecureChannelError):
        scp03.InitializeUpdateResponse.parse(b"short")
