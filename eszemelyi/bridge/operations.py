"""The operation kinds of docs/card-bridge.md section 4, run against an open card.

One `Flow` per operation: it checks the request, asks the PINs through the bridge's
own provider, runs the card commands, reads the state back and has the card sign the
result. GP kinds stop after the eID PIN and continue step by step (`gp_step`).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import re
import threading
from dataclasses import dataclass, field

from eszemelyi.bridge import CATALOGUE
from eszemelyi.bridge import token as tokens
from eszemelyi.bridge.pins import PinProvider, PinRequest
from eszemelyi.bridge.refusals import Refused
from eszemelyi.card import errors
from eszemelyi.card.commands import EszemelyiCard
from eszemelyi.card.i18n import N_

MAX_CERTIFICATE = 3000
MAX_APDUS = 32
# Always used with fullmatch: `$` in re.match also accepts a trailing newline, which
# would then be written to the chip or signed into the token.
E164 = re.compile(r"\+[0-9]{8,15}")
OP_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
NONCE = re.compile(r"[A-Za-z0-9_-]{43,512}")
APDU_HEX = re.compile(r"(?:[0-9A-Fa-f]{2}){4,261}")  # a short APDU: header to Le
GP_KINDS = frozenset({"nek", "esign_personalise"})


def _slot(value) -> int:
    if type(value) is not int or value not in (1, 2):
        raise Refused("bad_params", "slot must be 1 or 2")
    return value


def _number(value) -> str:
    if not isinstance(value, str) or not E164.fullmatch(value):
        raise Refused("bad_params", "number must be E.164")
    return value


def _certificate(value) -> bytes:
    try:
        der = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        der = b""
    if not der or len(der) > MAX_CERTIFICATE:
        raise Refused("bad_params", "certificate must be base64 DER up to 3000 bytes")
    return der


def _action(value) -> str:
    if value not in ("install", "update"):
        raise Refused("bad_params", "action must be install or update")
    return value


# kind -> {param: validator}; every listed param is required, no others allowed.
KINDS: dict[str, dict] = {
    "read_card_info": {},
    "authenticate": {},
    "activate_pin": {},
    "change_pin": {},
    "unblock_pin": {},
    "esign_activate": {},
    "esign_change_pin": {},
    "emergency_read": {},
    "emergency_set": {"slot": _slot, "number": _number},
    "emergency_delete": {"slot": _slot},
    "esign_generate_key": {},
    "esign_write_certificate": {"certificate": _certificate},
    "nek": {"action": _action},
    "esign_personalise": {},
}


def check_request(body: dict) -> tuple[str, str, str, dict]:
    """(op_id, nonce, kind, params) from a POST /v1/operations body, or Refused."""
    if set(body) != {"opId", "nonce", "kind", "params"}:
        raise Refused("bad_request", "expected exactly opId, nonce, kind, params")
    op_id, nonce, kind, params = body["opId"], body["nonce"], body["kind"], body["params"]
    if not isinstance(op_id, str) or not OP_ID.fullmatch(op_id):
        raise Refused("bad_request", "opId")
    # 43 characters of base64url are 256 bits (checked again on the decoded bytes).
    if not isinstance(nonce, str) or not NONCE.fullmatch(nonce):
        raise Refused("bad_nonce")
    try:
        raw = base64.urlsafe_b64decode(nonce + "=" * (-len(nonce) % 4))
    except (binascii.Error, ValueError):
        raise Refused("bad_nonce") from None
    if len(raw) < 32:  # at least 256 bits, as Web eID requires
        raise Refused("bad_nonce", "nonce shorter than 256 bits")
    if not isinstance(kind, str) or kind not in KINDS:  # a list is not even hashable
        raise Refused("unknown_kind")
    if not isinstance(params, dict) or set(params) != set(KINDS[kind]):
        raise Refused("bad_params", "unexpected or missing params")
    for name, validator in KINDS[kind].items():
        validator(params[name])
    return op_id, nonce, kind, params


def check_gp_step(body: dict) -> tuple[list[bytes], bool]:
    if set(body) != {"apdus", "final"} or not isinstance(body["final"], bool):
        raise Refused("bad_request", "expected apdus and final")
    items = body["apdus"]
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_APDUS:
        raise Refused("bad_request", "1 to 32 APDUs")
    apdus = []
    for item in items:
        # fullmatch, not bytes.fromhex alone: fromhex skips spaces and newlines.
        if not isinstance(item, str) or not APDU_HEX.fullmatch(item):
            raise Refused("bad_request", "APDUs are hex strings of 4 to 261 bytes")
        apdu = bytes.fromhex(item)
        # Relay only what a GP script needs, so a page cannot try PINs through it.
        allowed = (
            apdu[:3] == b"\x00\xa4\x04"
            or apdu[:2] == b"\x80\x50"
            or (apdu[0] == 0x80 and apdu[1] in (0xCA, 0xF2))
            or apdu[0] == 0x84
        )
        if not allowed:
            raise Refused("apdu_not_allowed")
        apdus.append(apdu)
    return apdus, body["final"]


def _mask(number: str) -> str:
    return number[:5] + "*" * max(len(number) - 9, 0) + number[-4:]


# What each operation does, in words for the PIN prompt.
DESCRIPTIONS = {
    "read_card_info": N_("read card data"),
    "authenticate": N_("log in with the card"),
    "activate_pin": N_("activate the PIN"),
    "change_pin": N_("change the PIN"),
    "unblock_pin": N_("unblock the PIN with the PUK"),
    "esign_activate": N_("activate the e-signature PIN"),
    "esign_change_pin": N_("change the e-signature PIN"),
    "emergency_read": N_("read the emergency numbers"),
    "esign_generate_key": N_("generate the e-signature key"),
    "esign_write_certificate": N_("write the certificate"),
    "nek": N_("install the NEK applet"),
    "esign_personalise": N_("prepare the e-signature"),
}


def describe(kind: str, params: dict) -> str:
    """The operation in words for the PIN prompt, "Hungarian / English"."""
    if kind == "emergency_set":
        return CATALOGUE.side_by_side(
            N_("write emergency number %(slot)s: %(number)s"),
            slot=params["slot"],
            number=_mask(params["number"]),
        )
    if kind == "emergency_delete":
        return CATALOGUE.side_by_side(N_("delete emergency number %(slot)s"), slot=params["slot"])
    return CATALOGUE.side_by_side(DESCRIPTIONS[kind])


@dataclass
class Flow:
    card: EszemelyiCard
    pins: PinProvider
    origin: str
    op_id: str
    nonce: str
    kind: str
    params: dict
    app_version: str
    # Set by a cancel: closes an open prompt; nothing is sent or signed after it.
    cancelled: threading.Event = field(default_factory=threading.Event)
    transcript: list = field(default_factory=list)
    steps: int = 0

    # --- helpers ---------------------------------------------------------------------
    def _go_on(self) -> None:
        if self.cancelled.is_set():
            raise errors.Cancelled()

    def ask(self, name: str, *, confirm: bool = False) -> str:
        request = PinRequest(
            name, self.origin, describe(self.kind, self.params), confirm, cancelled=self.cancelled
        )
        value = self.pins.ask(request)
        # A provider that cannot be interrupted (getpass) may still return an answer
        # after the cancel: it is dropped, never sent to the card.
        self._go_on()
        if value is None:
            raise errors.Cancelled()
        if confirm:
            again = self.pins.ask(dataclasses.replace(request, repeat=True))
            self._go_on()
            if again is None:
                raise errors.Cancelled()
            if again != value:
                raise errors.PinMismatch()
        return value

    def verify_eid(self) -> None:
        status = self.card.pin_status()
        if status.state == "verified":
            return
        if status.state == "transport":
            raise errors.NotActivated()
        if status.state == "blocked":
            raise errors.PinBlocked()
        if status.suspended:
            self.card.verify_can(self.ask("can"))
        self.card.verify(self.ask("pin"))

    def _pin_state(self) -> dict:
        status = self.card.pin_status()
        state = "active" if status.state == "verified" else status.state
        if status.suspended:
            state = "suspended"
        return {
            "pinState": state,
            "triesLeft": 3 if status.state == "verified" else status.tries_left,
        }

    def finish(
        self, result: dict, state: dict, *, signed: bool = True, completed: bool = True
    ) -> dict:
        result = {"completed": completed, **result}
        op = tokens.make_op(self.op_id, self.kind, self.params, result, state)
        self._go_on()  # a cancelled operation never yields a token
        signature = None
        if signed:
            signature = self.card.internal_authenticate(
                tokens.to_be_signed(self.origin, self.nonce, op)
            )
        return tokens.token(
            origin=self.origin,
            op=op,
            state=state,
            signature=signature,
            public_key=self.card.auth_public_key(),
            certificate=self.card.read_auth_certificate(),
            app_version=self.app_version,
        )

    # --- kinds --------------------------------------------------------------------------
    def run(self) -> dict:
        """The token, or {"status": "gp_ready"} for GP kinds."""
        return getattr(self, f"_{self.kind}")()

    def _read_card_info(self) -> dict:
        info = self.card.read_card_info()
        esign = self.card.esign_pin_status()
        has_certificate = self.card.esign_read_certificate() is not None
        nek = self.card.nek_version()
        pin = self._pin_state()
        result = {
            "documentNumber": info["documentNumber"],
            "cardSerial": info["cardSerial"],
            "holderName": info["holderName"],
            "validUntil": info["validUntil"],
            "pinState": pin["pinState"],
            "pinTriesLeft": pin["triesLeft"],
            "esign": {
                "pinState": "active" if esign.state == "verified" else esign.state,
                "hasKey": self.card.esign_has_key(),
                "hasCertificate": has_certificate,
            },
            "nek": {"installed": nek is not None, "version": nek},
        }
        return self.finish(result, {}, signed=False)

    def _authenticate(self) -> dict:
        self.verify_eid()
        return self.finish({"documentNumber": self.card.read_card_info()["documentNumber"]}, {})

    def _activate_pin(self) -> dict:
        if self.card.pin_status().state != "transport":
            raise errors.AlreadyActivated()
        activation = self.ask("activation_pin")
        self.card.activate(activation, self.ask("new_pin", confirm=True))
        return self.finish({"pinState": "active"}, self._pin_state())

    def _change_pin(self) -> dict:
        status = self.card.pin_status()
        if status.state == "transport":
            raise errors.NotActivated()
        if status.state == "blocked":
            raise errors.PinBlocked()
        if status.suspended:
            self.card.verify_can(self.ask("can"))
        current = self.ask("pin")
        self.card.change_pin(current, self.ask("new_pin", confirm=True))
        return self.finish({"pinState": "active"}, self._pin_state())

    def _unblock_pin(self) -> dict:
        if self.card.pin_status().state == "transport":
            raise errors.NotActivated()
        puk = self.ask("puk")
        self.card.unblock(puk, self.ask("new_pin", confirm=True))
        return self.finish({"pinState": "active"}, self._pin_state())

    def _esign_state(self) -> dict:
        status = self.card.esign_pin_status()
        state = "active" if status.state == "verified" else status.state
        tries = 3 if status.state == "verified" else status.tries_left
        return {"esignPinState": state, "esignTriesLeft": tries}

    def _esign_activate(self) -> dict:
        self.verify_eid()
        status = self.card.esign_pin_status()
        if status.state == "none":
            raise errors.NotFound()
        if status.state != "transport":
            raise errors.AlreadyActivated()
        self.card.verify_can(self.ask("can"))
        activation = self.ask("esign_activation_pin")
        self.card.esign_activate(activation, self.ask("new_esign_pin", confirm=True))
        return self.finish({"esignPinState": "active"}, self._esign_state())

    def _esign_change_pin(self) -> dict:
        self.verify_eid()
        self.card.verify_can(self.ask("can"))
        current = self.ask("esign_pin")
        self.card.esign_change_pin(current, self.ask("new_esign_pin", confirm=True))
        return self.finish({"esignPinState": "active"}, self._esign_state())

    def _emergency_state(self) -> dict:
        return {"emergencyNumbers": self.card.read_emergency()}

    def _emergency_read(self) -> dict:
        self.verify_eid()
        return self.finish({}, self._emergency_state())

    def _emergency_set(self) -> dict:
        self.verify_eid()
        slot = self.params["slot"]
        self.card.write_emergency(slot, self.params["number"])
        state = self._emergency_state()
        if state["emergencyNumbers"][slot - 1] != self.params["number"]:
            raise errors.CardError("the number read back differs from the one written")
        return self.finish({"slot": slot, "number": state["emergencyNumbers"][slot - 1]}, state)

    def _emergency_delete(self) -> dict:
        self.verify_eid()
        slot = self.params["slot"]
        self.card.write_emergency(slot, None)
        state = self._emergency_state()
        if state["emergencyNumbers"][slot - 1] is not None:
            raise errors.CardError("the slot is not empty after deletion")
        return self.finish({"slot": slot}, state)

    def _esign_generate_key(self) -> dict:
        self.verify_eid()
        spki = self.card.esign_generate_key()
        state = {"esignPublicKeySha256": hashlib.sha256(spki).hexdigest()}
        return self.finish({"publicKey": tokens.b64(spki)}, state)

    def _esign_write_certificate(self) -> dict:
        self.verify_eid()
        der = _certificate(self.params["certificate"])
        self.card.esign_write_certificate(der)
        digest = hashlib.sha256(self.card.esign_read_certificate() or b"").hexdigest()
        if digest != hashlib.sha256(der).hexdigest():
            raise errors.CardError("the certificate read back differs from the one written")
        return self.finish({"certificateSha256": digest}, {"esignCertificateSha256": digest})

    def _nek(self) -> dict:
        self.verify_eid()
        return {"status": "gp_ready", "opId": self.op_id}

    _esign_personalise = _nek

    # --- GlobalPlatform relay ------------------------------------------------------------
    def gp_step(self, apdus: list[bytes], final: bool) -> dict:
        self.steps += 1
        responses = self.card.relay(apdus)
        for apdu, response in zip(apdus, responses, strict=False):
            self.transcript.append([apdu.hex(), response.data.hex(), f"{response.sw:04x}"])
        answers = [{"sw": f"{r.sw:04X}", "data": r.data.hex()} for r in responses]
        completed = all(r.ok for r in responses) and len(responses) == len(apdus)
        if completed and not final:
            return {
                "status": "gp_step",
                "opId": self.op_id,
                "step": self.steps,
                "responses": answers,
            }
        if self.kind == "nek":
            state = {"nekVersion": self.card.nek_version()}
        else:
            state = {"esignPinState": self._esign_state()["esignPinState"]}
        result = {
            "steps": self.steps,
            "responses": answers,
            "transcriptSha256": tokens.sha256_hex(tokens.canonical_json(self.transcript)),
        }
        return self.finish(result, state, completed=completed)
