"""GlobalPlatform SCP03 primitives (GP Card Specification 2.3, Amendment D).

Used on both ends of a secure channel: by the card (the virtual eSzemélyi's Issuer
Security Domain) and by the portal's issuer side, which prepares the MACed (and, for
secrets, encrypted) APDU scripts that the card bridge only relays. Pure functions over
`cryptography`; no I/O.

Supported: session key derivation (NIST SP 800-108 KDF in counter mode with AES-CMAC),
card/host cryptograms, C-MAC with chaining, C-DECRYPTION (command data encryption).
R-MAC/R-ENC are not implemented.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# Derivation constants (Amendment D, table 6-1).
CARD_CRYPTOGRAM = 0x00
HOST_CRYPTOGRAM = 0x01
CARD_CHALLENGE = 0x02
S_ENC = 0x04
S_MAC = 0x06
S_RMAC = 0x07

# Security levels (EXTERNAL AUTHENTICATE P1).
C_MAC = 0x01
C_DECRYPTION = 0x02

SCP03 = 0x03
TEST_KEY = bytes(range(0x40, 0x50))  # the well-known GP test key; never on a real card


class SecureChannelError(Exception):
    """A MAC or cryptogram did not match, or the APDU cannot be secured."""


@dataclass(frozen=True)
class StaticKeys:
    enc: bytes
    mac: bytes
    dek: bytes
    version: int = 0x30


TEST_KEYS = StaticKeys(TEST_KEY, TEST_KEY, TEST_KEY, 0x30)


@dataclass(frozen=True)
class SessionKeys:
    enc: bytes
    mac: bytes
    rmac: bytes


def aes_cmac(key: bytes, data: bytes) -> bytes:
    mac = cmac.CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()


def kdf(key: bytes, constant: int, context: bytes, length_bits: int) -> bytes:
    """SP 800-108 counter-mode KDF with AES-CMAC and the SCP03 label layout.

    Each block is CMAC(key, 11 x 00 || constant || 00 || L (2 bytes) || i || context).
    """
    out = b""
    counter = 1
    while len(out) * 8 < length_bits:
        label = bytes(11) + bytes([constant, 0x00]) + length_bits.to_bytes(2, "big")
        out += aes_cmac(key, label + bytes([counter]) + context)
        counter += 1
    return out[: length_bits // 8]


def derive_session_keys(
    keys: StaticKeys, host_challenge: bytes, card_challenge: bytes
) -> SessionKeys:
    context = host_challenge + card_challenge
    bits = len(keys.enc) * 8
    return SessionKeys(
        enc=kdf(keys.enc, S_ENC, context, bits),
        mac=kdf(keys.mac, S_MAC, context, bits),
        rmac=kdf(keys.mac, S_RMAC, context, bits),
    )


def card_cryptogram(session: SessionKeys, host_challenge: bytes, card_challenge: bytes) -> bytes:
    return kdf(session.mac, CARD_CRYPTOGRAM, host_challenge + card_challenge, 64)


def host_cryptogram(session: SessionKeys, host_challenge: bytes, card_challenge: bytes) -> bytes:
    return kdf(session.mac, HOST_CRYPTOGRAM, host_challenge + card_challenge, 64)


def pad80(data: bytes, block: int = 16) -> bytes:
    data += b"\x80"
    return data + bytes(-len(data) % block)


def unpad80(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise SecureChannelError("bad padding")
    return stripped[:-1]


def _aes_ecb(key: bytes, block: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def _aes_cbc(key: bytes, iv: bytes, data: bytes, *, decrypt: bool = False) -> bytes:
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv))
    worker = cipher.decryptor() if decrypt else cipher.encryptor()
    return worker.update(data) + worker.finalize()


def split_apdu(apdu: bytes) -> tuple[bytes, bytes, bytes]:
    """Split a short APDU into (header, data, le)."""
    if len(apdu) < 4:
        raise SecureChannelError("APDU shorter than its header")
    header, body = apdu[:4], apdu[4:]
    if not body:
        return header, b"", b""
    if len(body) == 1:
        return header, b"", body
    lc = body[0]
    if lc == 0 or len(body) not in (1 + lc, 2 + lc):
        raise SecureChannelError("only short APDUs with consistent Lc are supported")
    return header, body[1 : 1 + lc], body[1 + lc :]


@dataclass
class SecureChannel:
    """One side of an open SCP03 session: wraps (host) or unwraps (card) commands.

    The MAC chaining value starts at zero and becomes the full 16-byte MAC of each
    command, so commands cannot be dropped, reordered or replayed within a session.
    The encryption counter starts at 1 and counts every command after EXTERNAL
    AUTHENTICATE while C-DECRYPTION is on.
    """

    session: SessionKeys
    level: int = C_MAC
    chaining: bytes = field(default=bytes(16))
    counter: int = 1

    def _mac(self, header: bytes, data: bytes) -> bytes:
        cla = header[0] | 0x04
        lc = len(data) + 8
        if lc > 255:
            raise SecureChannelError("secured command data too long")
        full = aes_cmac(
            self.session.mac, self.chaining + bytes([cla]) + header[1:4] + bytes([lc]) + data
        )
        self.chaining = full
        return full[:8]

    def _icv(self) -> bytes:
        return _aes_ecb(self.session.enc, self.counter.to_bytes(16, "big"))

    def wrap(self, apdu: bytes, *, encrypt: bool = True) -> bytes:
        """Host side: secure one command (encrypt its data if C-DECRYPTION, then MAC)."""
        header, data, le = split_apdu(apdu)
        if self.level & C_DECRYPTION:
            if data and encrypt:
                data = _aes_cbc(self.session.enc, self._icv(), pad80(data))
            self.counter += 1
        mac = self._mac(header, data)
        cla = header[0] | 0x04
        return bytes([cla]) + header[1:4] + bytes([len(data) + 8]) + data + mac + le

    def unwrap(self, apdu: bytes, *, decrypt: bool = True) -> tuple[bytes, bytes]:
        """Card side: check the C-MAC and decrypt; return (header, plain data)."""
        header, data, _le = split_apdu(apdu)
        if not header[0] & 0x04 or len(data) < 8:
            raise SecureChannelError("command is not secured")
        body, mac = data[:-8], data[-8:]
        expected = self._mac(header, body)
        if not hmac.compare_digest(mac, expected):
            raise SecureChannelError("C-MAC mismatch")
        if self.level & C_DECRYPTION:
            if body and decrypt:
                if len(body) % 16:
                    raise SecureChannelError("encrypted data is not whole blocks")
                body = unpad80(_aes_cbc(self.session.enc, self._icv(), body, decrypt=True))
            self.counter += 1
        return bytes([header[0] & ~0x04 & 0xFF]) + header[1:4], body


def external_authenticate(
    channel: SecureChannel, host_challenge: bytes, card_challenge: bytes
) -> bytes:
    """Host side: the EXTERNAL AUTHENTICATE command that opens the session.

    It is MACed but never encrypted, and does not count for encryption.
    """
    cryptogram = host_cryptogram(channel.session, host_challenge, card_challenge)
    header = bytes([0x80, 0x82, channel.level, 0x00])
    mac = channel._mac(header, cryptogram)
    return bytes([0x84, 0x82, channel.level, 0x00, 16]) + cryptogram + mac


def check_external_authenticate(
    channel: SecureChannel, apdu: bytes, host_challenge: bytes, card_challenge: bytes
) -> None:
    """Card side: verify EXTERNAL AUTHENTICATE (MAC, then host cryptogram)."""
    header, data, _le = split_apdu(apdu)
    if header[:2] != b"\x84\x82" or len(data) != 16:
        raise SecureChannelError("not an EXTERNAL AUTHENTICATE")
    expected_mac = channel._mac(bytes([0x80]) + header[1:4], data[:8])
    if not hmac.compare_digest(data[8:], expected_mac):
        raise SecureChannelError("C-MAC mismatch")
    expected = host_cryptogram(channel.session, host_challenge, card_challenge)
    if not hmac.compare_digest(data[:8], expected):
        raise SecureChannelError("host cryptogram mismatch")


@dataclass(frozen=True)
class InitializeUpdateResponse:
    diversification: bytes
    key_version: int
    scp: int
    i_param: int
    card_challenge: bytes
    card_cryptogram: bytes

    @classmethod
    def parse(cls, data: bytes) -> InitializeUpdateResponse:
        if len(data) < 29:
            raise SecureChannelError("INITIALIZE UPDATE answer too short")
        return cls(data[:10], data[10], data[11], data[12], data[13:21], data[21:29])

    def encode(self) -> bytes:
        return (
            self.diversification
            + bytes([self.key_version, self.scp, self.i_param])
            + self.card_challenge
            + self.card_cryptogram
        )


def initialize_update(host_challenge: bytes, key_version: int = 0x30) -> bytes:
    if len(host_challenge) != 8:
        raise SecureChannelError("host challenge must be 8 bytes")
    return bytes([0x80, 0x50, key_version, 0x00, 0x08]) + host_challenge
