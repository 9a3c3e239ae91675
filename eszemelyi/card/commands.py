"""ISO 7816-4 operations on an eSzemélyi: PINs, files, keys, GP relay.

Each method sends the APDUs of one step and raises a typed error (`errors.py`) when
the card refuses. PINs pass through as arguments only; they are never kept or logged
(the connection's trace holds instruction bytes and status words only).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from eszemelyi.card import errors
from eszemelyi.card.pcsc import Connection, Response
from eszemelyi.card.profile import CardProfile

CHUNK = 0xE0  # bytes per READ/UPDATE BINARY; fits any reader's short APDUs
END_OF_FILE = 0x6282  # ISO 7816-4: end of file reached before Le bytes were read
OFFSET_OUTSIDE_FILE = 0x6B00
# Whole-value patterns (fullmatch): str.isdigit() also accepts "²" or Arabic-Indic
# digits, and a PUK must not carry a newline or other control characters to the card.
_DIGITS = re.compile(r"[0-9]+")
_PUK = re.compile(r"[\x21-\x7e]+")


@dataclass(frozen=True)
class PinStatus:
    state: str  # "verified" | "active" | "transport" | "blocked" | "none"
    tries_left: int | None = None

    @property
    def suspended(self) -> bool:
        return self.state == "active" and self.tries_left == 1


def _apdu(cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
    out = bytes([cla, ins, p1, p2])
    if data:
        out += bytes([len(data)]) + data
    if le is not None:
        out += bytes([le & 0xFF])
    return out


def _digits(value: str, length: int, what: str) -> bytes:
    if not isinstance(value, str) or len(value) != length or not _DIGITS.fullmatch(value):
        raise errors.PinFormat(what, length)
    return value.encode("ascii")


class EszemelyiCard:
    def __init__(self, connection: Connection, profile: CardProfile):
        self.connection, self.profile = connection, profile

    # --- plumbing -----------------------------------------------------------------
    def transmit(self, apdu: bytes) -> Response:
        return self.connection.transmit(apdu)

    def _check(self, response: Response, *, pin_kind: str = "pin") -> Response:
        error = errors.error_for_sw(response.sw, pin_kind=pin_kind)
        if error is not None:
            raise error
        return response

    def select_aid(self, aid: bytes) -> bytes:
        return self._check(self.transmit(_apdu(0x00, 0xA4, 0x04, 0x00, aid, 0x00))).data

    def select_ef(self, fid: int) -> None:
        self._check(self.transmit(_apdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))))

    def read_binary(self) -> bytes:
        """The whole transparent EF, in CHUNK-sized reads until the card says it ended:
        6282 with the last bytes (ISO 7816-4), a short read with 9000 (older cards), or
        6B00 for an offset just past a file whose size is a multiple of CHUNK."""
        out = b""
        while True:
            offset = len(out)
            response = self.transmit(_apdu(0x00, 0xB0, offset >> 8, offset & 0xFF, le=CHUNK))
            if response.sw == END_OF_FILE:
                return out + response.data
            if response.sw == OFFSET_OUTSIDE_FILE and offset > 0:
                return out
            out += self._check(response).data
            if len(response.data) < CHUNK:
                return out

    def update_binary(self, content: bytes) -> None:
        for offset in range(0, len(content), CHUNK):
            chunk = content[offset : offset + CHUNK]
            self._check(self.transmit(_apdu(0x00, 0xD6, offset >> 8, offset & 0xFF, chunk)))

    # --- eID PIN --------------------------------------------------------------------------
    def pin_status(self, reference: int | None = None) -> PinStatus:
        """VERIFY without data: the PIN state and tries left, without spending a try."""
        reference = reference or self.profile.pin_eid
        sw = self.transmit(_apdu(0x00, 0x20, 0x00, reference)).sw
        if sw == 0x9000:
            return PinStatus("verified")
        if sw & 0xFFF0 == 0x63C0:
            return PinStatus("active", sw & 0x0F)
        if sw == 0x6983:
            return PinStatus("blocked", 0)
        if sw == 0x6984:
            return PinStatus("transport")
        if sw in (0x6A88, 0x6A82):
            return PinStatus("none")
        if sw == 0x6982:
            return PinStatus("active")  # state readable only with the CAN (e-signature PIN)
        raise errors.error_for_sw(sw) or errors.CardError()

    def verify_can(self, can: str) -> None:
        data = _digits(can, self.profile.can_length, "CAN")
        self._check(
            self.transmit(_apdu(0x00, 0x20, 0x00, self.profile.pin_can, data)), pin_kind="can"
        )

    def verify(self, pin: str) -> None:
        data = _digits(pin, self.profile.eid_pin_length, "PIN")
        self._check(self.transmit(_apdu(0x00, 0x20, 0x00, self.profile.pin_eid, data)))

    def activate(self, activation_pin: str, new_pin: str) -> None:
        """Replace the one-time activation PIN with the citizen's own PIN."""
        old = _digits(activation_pin, self.profile.activation_pin_length, "activation PIN")
        new = _digits(new_pin, self.profile.eid_pin_length, "PIN")
        self._check(self.transmit(_apdu(0x00, 0x24, 0x00, self.profile.pin_eid, old + new)))

    def change_pin(self, old_pin: str, new_pin: str) -> None:
        old = _digits(old_pin, self.profile.eid_pin_length, "PIN")
        new = _digits(new_pin, self.profile.eid_pin_length, "PIN")
        self._check(self.transmit(_apdu(0x00, 0x24, 0x00, self.profile.pin_eid, old + new)))

    def unblock(self, puk: str, new_pin: str) -> None:
        """RESET RETRY COUNTER with the PUK and a new PIN."""
        if len(puk) != self.profile.puk_length or not _PUK.fullmatch(puk):
            raise errors.PinFormat("PUK", self.profile.puk_length)
        new = _digits(new_pin, self.profile.eid_pin_length, "PIN")
        response = self.transmit(_apdu(0x00, 0x2C, 0x00, self.profile.pin_eid, puk.encode() + new))
        self._check(response, pin_kind="puk")

    # --- e-signature PIN -----------------------------------------------------------------
    def esign_pin_status(self) -> PinStatus:
        return self.pin_status(self.profile.pin_esign)

    def esign_activate(self, activation_pin: str, new_pin: str) -> None:
        """Needs the CAN verified first (`verify_can`)."""
        old = _digits(activation_pin, self.profile.esign_activation_pin_length, "activation PIN")
        new = _digits(new_pin, self.profile.esign_pin_length, "e-signature PIN")
        response = self.transmit(_apdu(0x00, 0x24, 0x00, self.profile.pin_esign, old + new))
        self._check(response, pin_kind="esign")

    def esign_change_pin(self, old_pin: str, new_pin: str) -> None:
        old = _digits(old_pin, self.profile.esign_pin_length, "e-signature PIN")
        new = _digits(new_pin, self.profile.esign_pin_length, "e-signature PIN")
        response = self.transmit(_apdu(0x00, 0x24, 0x00, self.profile.pin_esign, old + new))
        self._check(response, pin_kind="esign")

    # --- files ---------------------------------------------------------------------------
    def read_card_info(self) -> dict:
        self.select_aid(self.profile.eid_aid)
        self.select_ef(self.profile.ef_card_info)
        return json.loads(self.read_binary().decode("utf-8"))

    def read_auth_certificate(self) -> bytes | None:
        self.select_aid(self.profile.eid_aid)
        self.select_ef(self.profile.ef_auth_cert)
        return self.read_binary() or None

    def read_emergency(self) -> list[str | None]:
        """Both emergency-number slots (needs the eID PIN verified)."""
        self.select_aid(self.profile.eid_aid)
        self.select_ef(self.profile.ef_emergency)
        content = self.read_binary()
        size = self.profile.emergency_slot_size
        numbers: list[str | None] = []
        for slot in range(self.profile.emergency_slots):
            chunk = content[slot * size : (slot + 1) * size]
            length = chunk[0] if chunk else 0
            numbers.append(chunk[1 : 1 + length].decode("ascii") or None if length else None)
        return numbers

    def write_emergency(self, slot: int, number: str | None) -> None:
        """Write (or with None clear) slot 1 or 2 (needs the eID PIN verified)."""
        size = self.profile.emergency_slot_size
        if slot not in range(1, self.profile.emergency_slots + 1):
            raise ValueError("slot out of range")
        raw = (number or "").encode("ascii")
        if len(raw) > size - 1:
            raise ValueError("number too long")
        self.select_aid(self.profile.eid_aid)
        self.select_ef(self.profile.ef_emergency)
        record = bytes([len(raw)]) + raw + bytes(size - 1 - len(raw))
        offset = (slot - 1) * size
        self._check(self.transmit(_apdu(0x00, 0xD6, offset >> 8, offset & 0xFF, record)))

    # --- keys ------------------------------------------------------------------------------
    def auth_public_key(self) -> bytes:
        """The eID authentication public key, SubjectPublicKeyInfo DER."""
        self.select_aid(self.profile.eid_aid)
        return self._check(self.transmit(_apdu(0x00, 0xCA, 0x7F, 0x49, le=0x00))).data

    def internal_authenticate(self, data: bytes) -> bytes:
        """The card's ECDSA P-256 signature (raw r||s) over SHA-256(data); needs the eID PIN."""
        self.select_aid(self.profile.eid_aid)
        response = self._check(self.transmit(_apdu(0x00, 0x88, 0x00, 0x00, data)))
        if len(response.data) != 64:
            raise errors.CardError("unexpected signature length")
        return response.data

    def esign_has_key(self) -> bool:
        fci = self.select_aid(self.profile.esign_aid)
        marker = fci.find(b"\xc0\x01")
        return marker >= 0 and fci[marker + 2] == 1

    def esign_generate_key(self) -> bytes:
        """Generate the e-signature key pair on the card; returns the SPKI DER."""
        self.select_aid(self.profile.esign_aid)
        data = self._check(self.transmit(_apdu(0x00, 0x47, 0x80, 0x00, le=0x00))).data
        # 7F49 L { 86 L 04||X||Y }
        if data[:2] != b"\x7f\x49" or data[3] != 0x86:
            raise errors.CardError("unexpected key template")
        point = data[5 : 5 + data[4]]
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        return key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def esign_write_certificate(self, der: bytes) -> None:
        self.select_aid(self.profile.esign_aid)
        self.select_ef(self.profile.ef_esign_cert)
        try:
            self.update_binary(der)
        except errors.CardError as exc:
            if exc.sw == 0x6A80:
                raise errors.BadCertificate(sw=exc.sw) from None
            raise

    def esign_read_certificate(self) -> bytes | None:
        self.select_aid(self.profile.esign_aid)
        self.select_ef(self.profile.ef_esign_cert)
        return self.read_binary() or None

    # --- applets and GlobalPlatform -------------------------------------------------------
    def nek_version(self) -> str | None:
        response = self.transmit(_apdu(0x00, 0xA4, 0x04, 0x00, self.profile.nek_instance_aid, 0x00))
        if response.sw in (0x6A82, 0x6A88):
            return None
        fci = self._check(response).data
        marker = fci.find(b"\x53\x02")
        if marker < 0:
            return None
        return f"{fci[marker + 2]}.{fci[marker + 3]}"

    def relay(self, apdus: list[bytes]) -> list[Response]:
        """Send a prepared batch in order; stop after the first answer that is not 9000."""
        responses = []
        for apdu in apdus:
            response = self.transmit(apdu)
            responses.append(response)
            if not response.ok:
                break
        return responses
