"""The virtual eSzemélyi card OS: eID and e-signature applications, dispatch, faults.

A simulation of the behaviour in docs/card-bridge.md section 5, not the real chip's
layout. Every handler takes the parsed command and returns (data, sw). Nothing a host
sends may crash the card: any exception becomes 6F00.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from sandbox.vcard import gp
from sandbox.vcard.state import PIN_TRIES, new_private_key_hex, private_key, public_key_der

EID_AID = bytes.fromhex("f0485545494401")
ESIGN_AID = bytes.fromhex("f048554553494701")
ISD_AID = bytes.fromhex("a000000151000000")

EF_EMERGENCY = 0x0E01
EF_CARD_INFO = 0x0E02
EF_AUTH_CERT = 0x0E03
EF_ESIGN_CERT = 0x0C01

PIN_EID, PIN_ESIGN, PIN_CAN = 0x81, 0x82, 0x8B
SLOT_SIZE = 20
END_OF_FILE = 0x6282  # fewer bytes than Le remained

# Historical bytes (ISO 7816-4 section 8.1.1), claiming only what this card does:
#   80           category indicator: COMPACT-TLV data objects follow
#   73 80 21 00  card capabilities, three software function tables:
#                80 DF selection by full DF name only (no partial name, path, file id
#                   or implicit selection; no short EF ids, no records),
#                21 data coding: write functions proprietary (UPDATE BINARY only),
#                   no TLV-structured EFs, data unit 1 byte,
#                00 no command chaining, short Lc/Le only, no logical channels.
#   58 "eSZ-UGY1" card issuer's data: the simulated profile and its version.
# No card service data (tag 3): the card has neither EF.DIR nor EF.ATR to announce.
HISTORICAL = bytes.fromhex("80 73 80 21 00") + bytes([0x58]) + b"eSZ-UGY1"


def make_atr() -> bytes:
    # TS 3B (direct convention); T0: TD1 follows, K historical bytes; TD1 80: TD2
    # follows, T=0; TD2 01: T=1. TCK, since T=1 is offered: XOR of T0..last byte.
    body = bytes([0x80 | len(HISTORICAL), 0x80, 0x01]) + HISTORICAL
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


ATR = make_atr()
REMOVED = object()  # returned by process(): the card was pulled out before answering


class SW(Exception):  # noqa: N818 - a status word, not an error
    def __init__(self, sw: int):
        super().__init__(f"{sw:04X}")
        self.sw = sw


@dataclass
class Command:
    raw: bytes
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None

    @classmethod
    def parse(cls, raw: bytes) -> Command:
        if len(raw) < 4:
            raise SW(0x6700)
        body = raw[4:]
        data, le = b"", None
        if len(body) == 1:
            le = body[0] or 256
        elif body:
            lc = body[0]
            if len(body) not in (1 + lc, 2 + lc):
                raise SW(0x6700)
            data = body[1 : 1 + lc]
            if len(body) == 2 + lc:
                le = body[-1] or 256
        return cls(raw, raw[0], raw[1], raw[2], raw[3], data, le)


@dataclass
class Session:
    """Security state that a reset or power-down clears."""

    app: bytes | None = None
    ef: int | None = None
    eid_verified: bool = False
    esign_verified: bool = False
    can_ok: bool = False
    pending: bytes = b""
    gp: gp.GpSession = field(default_factory=gp.GpSession)


class CardOS:
    def __init__(self, state: dict):
        self.state = state
        # Card files written before the CAN had its own counter start with a full one.
        state["eid"].setdefault("can_tries", PIN_TRIES)
        self.session = Session()
        self.lock = threading.Lock()
        # Fault injection for tests: {"remove_on_ins": 0xD6} pulls the card out when a
        # command with that INS arrives; "remove_after": n after n more commands.
        self.faults: dict = {}
        self.commands_seen = 0

    # --- power ------------------------------------------------------------------
    def reset(self) -> None:
        self.session = Session()

    # --- dispatch -----------------------------------------------------------------
    def process(self, raw: bytes):
        """Answer one APDU (bytes), or return REMOVED to simulate a pulled card."""
        with self.lock:
            self.commands_seen += 1
            if self._fault_fires(raw):
                return REMOVED
            try:
                command = Command.parse(raw)
                data, sw = self._dispatch(command)
            except SW as status:
                data, sw = b"", status.sw
            except Exception:  # a card never dies on a bad command
                data, sw = b"", 0x6F00
            return data + sw.to_bytes(2, "big")

    def _fault_fires(self, raw: bytes) -> bool:
        if "remove_after" in self.faults:
            self.faults["remove_after"] -= 1
            if self.faults["remove_after"] < 0:
                self.faults.pop("remove_after")
                return True
        ins = self.faults.get("remove_on_ins")
        if ins is not None and len(raw) > 1 and raw[1] == ins:
            self.faults.pop("remove_on_ins")
            return True
        return False

    def _dispatch(self, c: Command) -> tuple[bytes, int]:
        if c.cla in (0x80, 0x84):
            return gp.dispatch(self, c)
        if c.cla != 0x00:
            raise SW(0x6E00)
        handler = {
            0xA4: self.select,
            0x20: self.verify,
            0x24: self.change_reference_data,
            0x2C: self.reset_retry_counter,
            0xB0: self.read_binary,
            0xD6: self.update_binary,
            0xCA: self.get_data,
            0x88: self.internal_authenticate,
            0x47: self.generate_key,
            0xC0: self.get_response,
        }.get(c.ins)
        if handler is None:
            raise SW(0x6D00)
        return handler(c)

    # --- files ----------------------------------------------------------------------
    def select(self, c: Command) -> tuple[bytes, int]:
        if c.p1 == 0x04:
            aid = c.data
            version = b""
            if aid == ESIGN_AID:  # proprietary: C0 01 <01 when a key pair is on the card>
                version = bytes([0xC0, 1, 1 if self.state["esign"]["key"] else 0])
            elif aid not in (EID_AID, ISD_AID):
                app = self.state["gp"]["applications"].get(aid.hex())
                if app is None:
                    raise SW(0x6A82)
                major, minor = app["version"].split(".")
                version = bytes([0x53, 2, int(major), int(minor)])
            self.session.app, self.session.ef = aid, None
            self.session.gp = gp.GpSession()  # selecting ends any secure channel
            if c.p2 & 0x0C == 0x0C:
                return b"", 0x9000
            inner = bytes([0x84, len(aid)]) + aid + version
            return bytes([0x6F, len(inner)]) + inner, 0x9000
        if c.p1 == 0x02 and len(c.data) == 2:
            fid = int.from_bytes(c.data, "big")
            allowed = {
                EID_AID: {EF_EMERGENCY, EF_CARD_INFO, EF_AUTH_CERT},
                ESIGN_AID: {EF_ESIGN_CERT},
            }
            if fid not in allowed.get(self.session.app, set()):
                raise SW(0x6A82)
            self.session.ef = fid
            return b"", 0x9000
        raise SW(0x6A86)

    def _file(self, fid: int) -> bytes:
        s = self.state
        if fid == EF_EMERGENCY:
            out = b""
            for number in s["emergency"]:
                raw = (number or "").encode("ascii")
                out += bytes([len(raw)]) + raw + bytes(SLOT_SIZE - 1 - len(raw))
            return out
        if fid == EF_CARD_INFO:
            info = {
                k: s[k] for k in ("card_serial", "document_number", "holder_name", "valid_until")
            }
            info = {
                "cardSerial": info["card_serial"],
                "documentNumber": info["document_number"],
                "holderName": info["holder_name"],
                "validUntil": info["valid_until"],
            }
            return json.dumps(
                info, sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode()
        if fid == EF_AUTH_CERT:
            return bytes.fromhex(s["auth_cert"]) if s.get("auth_cert") else b""
        if fid == EF_ESIGN_CERT:
            return bytes.fromhex(s["esign"]["cert"]) if s["esign"]["cert"] else b""
        raise SW(0x6A82)

    def read_binary(self, c: Command) -> tuple[bytes, int]:
        fid = self.session.ef
        if fid is None:
            raise SW(0x6986)
        if fid == EF_EMERGENCY and not self.session.eid_verified:
            raise SW(0x6982)
        content = self._file(fid)
        offset = (c.p1 << 8) | c.p2
        if offset > len(content):
            raise SW(0x6B00)
        remaining = len(content) - offset
        if c.le is None:  # no Le: say how many bytes there are to read (ISO 7816-4 6Cxx)
            raise SW(0x6C00 | (min(remaining, 256) & 0xFF) if remaining else END_OF_FILE)
        data = content[offset : offset + c.le]
        return data, 0x9000 if len(data) == c.le else END_OF_FILE

    def update_binary(self, c: Command) -> tuple[bytes, int]:
        fid = self.session.ef
        offset = (c.p1 << 8) | c.p2
        if fid is None:
            raise SW(0x6986)
        if fid not in (EF_EMERGENCY, EF_ESIGN_CERT):
            raise SW(0x6982)
        if not self.session.eid_verified:
            raise SW(0x6982)
        if fid == EF_EMERGENCY:
            content = bytearray(self._file(fid))
            if offset + len(c.data) > len(content):
                raise SW(0x6700)
            content[offset : offset + len(c.data)] = c.data
            numbers = []
            for slot in range(2):
                chunk = content[slot * SLOT_SIZE : (slot + 1) * SLOT_SIZE]
                length = chunk[0]
                if length > SLOT_SIZE - 1:
                    raise SW(0x6A80)
                numbers.append(chunk[1 : 1 + length].decode("ascii") or None)
            self.state["emergency"] = numbers
            return b"", 0x9000
        return self._write_esign_cert(offset, c.data)

    def _write_esign_cert(self, offset: int, chunk: bytes) -> tuple[bytes, int]:
        esign = self.state["esign"]
        if esign["key"] is None:
            raise SW(0x6985)
        buffer = (
            bytearray() if offset == 0 else bytearray(bytes.fromhex(esign.get("cert_buffer", "")))
        )
        if offset != len(buffer):
            raise SW(0x6B00)
        buffer += chunk
        esign["cert_buffer"] = buffer.hex()
        esign["cert"] = None
        total = _der_total_length(bytes(buffer))
        if total is not None and len(buffer) >= total:
            esign.pop("cert_buffer")
            try:
                cert = x509.load_der_x509_certificate(bytes(buffer[:total]))
                spki = cert.public_key().public_bytes(
                    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            except ValueError:
                raise SW(0x6A80) from None
            if spki != public_key_der(esign["key"]):
                raise SW(0x6A80)
            esign["cert"] = bytes(buffer[:total]).hex()
        return b"", 0x9000

    # --- PINs -------------------------------------------------------------------------
    def _tries_sw(self, tries: int) -> int:
        return 0x6983 if tries <= 0 else 0x63C0 | min(tries, 15)

    def _check_eid_pin(self, candidate: bytes) -> None:
        eid = self.state["eid"]
        if eid["tries"] <= 0:
            raise SW(0x6983)
        # nPA-style suspension: the last try needs the CAN first.
        if eid["tries"] == 1 and not self.session.can_ok:
            raise SW(0x6985)
        if candidate.decode("ascii", "replace") != eid["pin"]:
            eid["tries"] -= 1
            self.session.eid_verified = False
            raise SW(self._tries_sw(eid["tries"]))
        eid["tries"] = PIN_TRIES
        self.session.eid_verified = True

    def _check_esign_pin(self, candidate: bytes, expected: str | None) -> None:
        esign = self.state["esign"]
        if not self.session.can_ok:
            raise SW(0x6982)
        if esign["tries"] <= 0:
            raise SW(0x6983)
        if candidate.decode("ascii", "replace") != expected:
            esign["tries"] -= 1
            self.session.esign_verified = False
            raise SW(self._tries_sw(esign["tries"]))
        esign["tries"] = PIN_TRIES
        self.session.esign_verified = True

    def _check_can(self, candidate: bytes) -> None:
        # Counted like a PIN (the brute force of six digits must end somewhere); a right
        # CAN restores the tries, at zero it is blocked for good.
        eid = self.state["eid"]
        if eid["can_tries"] <= 0:
            raise SW(0x6983)
        if candidate.decode("ascii", "replace") != eid["can"]:
            eid["can_tries"] -= 1
            self.session.can_ok = False
            raise SW(self._tries_sw(eid["can_tries"]))
        eid["can_tries"] = PIN_TRIES
        self.session.can_ok = True

    def verify(self, c: Command) -> tuple[bytes, int]:
        eid, esign = self.state["eid"], self.state["esign"]
        if c.p2 == PIN_CAN:
            if not c.data:  # status only, as for the PINs
                if eid["can_tries"] <= 0:
                    raise SW(0x6983)
                return b"", 0x9000 if self.session.can_ok else self._tries_sw(eid["can_tries"])
            self._check_can(c.data)
            return b"", 0x9000
        if c.p2 == PIN_EID:
            if eid["state"] == "transport":
                raise SW(0x6984)
            if not c.data:
                if eid["tries"] <= 0:
                    raise SW(0x6983)
                return b"", 0x9000 if self.session.eid_verified else self._tries_sw(eid["tries"])
            self._check_eid_pin(c.data)
            return b"", 0x9000
        if c.p2 == PIN_ESIGN:
            if esign["state"] == "none":
                raise SW(0x6A88)
            if esign["state"] == "transport":
                raise SW(0x6984)
            if not c.data:
                if esign["tries"] <= 0:
                    raise SW(0x6983)
                return b"", 0x9000 if self.session.esign_verified else self._tries_sw(
                    esign["tries"]
                )
            self._check_esign_pin(c.data, esign["pin"])
            return b"", 0x9000
        raise SW(0x6A88)

    def change_reference_data(self, c: Command) -> tuple[bytes, int]:
        eid, esign = self.state["eid"], self.state["esign"]
        if c.p2 == PIN_EID:
            if c.p1 == 0x01:  # new value only, after VERIFY
                if not self.session.eid_verified:
                    raise SW(0x6982)
                new = c.data
            elif eid["state"] == "transport":
                if len(c.data) != 11:
                    raise SW(0x6700)
                old, new = c.data[:5], c.data[5:]
                if eid["tries"] <= 0:
                    raise SW(0x6983)
                if old.decode("ascii", "replace") != eid["activation_pin"]:
                    eid["tries"] -= 1
                    raise SW(self._tries_sw(eid["tries"]))
            else:
                if len(c.data) != 12:
                    raise SW(0x6700)
                old, new = c.data[:6], c.data[6:]
                self._check_eid_pin(old)
            if not (len(new) == 6 and new.isdigit()):
                raise SW(0x6A80)
            eid.update(state="active", pin=new.decode(), activation_pin=None, tries=PIN_TRIES)
            self.session.eid_verified = True
            return b"", 0x9000
        if c.p2 == PIN_ESIGN:
            if esign["state"] == "none":
                raise SW(0x6A88)
            if not self.session.can_ok:
                raise SW(0x6982)
            old_len = 6 if esign["state"] == "transport" else 7
            if len(c.data) != old_len + 7:
                raise SW(0x6700)
            old, new = c.data[:old_len], c.data[old_len:]
            expected = esign["activation_pin"] if esign["state"] == "transport" else esign["pin"]
            self._check_esign_pin(old, expected)
            if not new.isdigit():
                raise SW(0x6A80)
            esign.update(state="active", pin=new.decode(), activation_pin=None, tries=PIN_TRIES)
            return b"", 0x9000
        raise SW(0x6A88)

    def reset_retry_counter(self, c: Command) -> tuple[bytes, int]:
        eid = self.state["eid"]
        if c.p2 != PIN_EID:
            raise SW(0x6A88)
        if eid["state"] == "transport":
            raise SW(0x6985)
        if eid["puk_tries"] <= 0:
            raise SW(0x6983)
        puk, new = c.data[:10], c.data[10:]
        if c.p1 == 0x00 and not (len(new) == 6 and new.isdigit()):
            raise SW(0x6A80)
        if puk.decode("ascii", "replace") != eid["puk"]:
            eid["puk_tries"] -= 1
            raise SW(self._tries_sw(eid["puk_tries"]))
        eid["puk_tries"] = max(eid["puk_tries"] - 1, 0)  # each use counts (10 uses)
        eid["tries"] = PIN_TRIES
        if c.p1 == 0x00:
            eid["pin"] = new.decode()
        self.session.eid_verified = True
        return b"", 0x9000

    # --- keys ------------------------------------------------------------------------------
    def get_data(self, c: Command) -> tuple[bytes, int]:
        if (c.p1, c.p2) != (0x7F, 0x49):
            raise SW(0x6A88)
        spki = public_key_der(self.state["auth_key"])
        if c.le not in (None, 256, len(spki)):
            raise SW(0x6C00 | len(spki))
        return spki, 0x9000

    def internal_authenticate(self, c: Command) -> tuple[bytes, int]:
        if not self.session.eid_verified:
            raise SW(0x6982)
        if not c.data:
            raise SW(0x6700)
        der = private_key(self.state["auth_key"]).sign(c.data, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        if c.le is None:  # case 3 command: the answer waits for GET RESPONSE (T=0 style)
            self.session.pending = raw
            return b"", 0x6100 | len(raw)
        return raw, 0x9000

    def get_response(self, c: Command) -> tuple[bytes, int]:
        """At most Le bytes of the pending answer; 61xx says how many are left."""
        pending = self.session.pending
        if not pending:
            raise SW(0x6985)
        if c.le is None:
            raise SW(0x6700)
        data, rest = pending[: c.le], pending[c.le :]
        self.session.pending = rest
        if rest:
            return data, 0x6100 | (min(len(rest), 256) & 0xFF)
        return data, 0x9000

    def generate_key(self, c: Command) -> tuple[bytes, int]:
        if self.session.app != ESIGN_AID:
            raise SW(0x6985)
        if not self.session.eid_verified:
            raise SW(0x6982)
        esign = self.state["esign"]
        esign["key"] = new_private_key_hex()
        esign["cert"] = None
        esign.pop("cert_buffer", None)
        point = (
            private_key(esign["key"])
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        )
        inner = bytes([0x86, len(point)]) + point
        return b"\x7f\x49" + bytes([len(inner)]) + inner, 0x9000


def _der_total_length(buffer: bytes) -> int | None:
    """Length of the DER SEQUENCE that starts `buffer`, once its header is complete."""
    if len(buffer) < 2 or buffer[0] != 0x30:
        return None
    first = buffer[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if len(buffer) < 2 + count:
        return None
    return 2 + count + int.from_bytes(buffer[2 : 2 + count], "big")
