"""The card issuer's side of the secure channel: NEK install or update, e-signature PIN.

GlobalPlatform SCP03 (i=00, random card challenge) needs two round trips through the
page and the bridge, which only relay (`docs/card-bridge.md`, sections 2 and 5):

1. SELECT the Issuer Security Domain and INITIALIZE UPDATE with our host challenge;
2. after checking the card's cryptogram (the card proves it holds the keys),
   EXTERNAL AUTHENTICATE and the MACed (for the PIN also encrypted) script.

Every APDU sent and every answer relayed is kept (sealed) on the operation, so the
transcript hash the card's signed token carries can be recomputed here. The keys are
the test keys of the virtual cards unless `ESZEMELYI_GP_KEYS` names real ones.
"""

from __future__ import annotations

import os
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from eszemelyi import scp03
from eszemelyi.models import CardOperation, OperationKind, OperationState
from eszemelyi.operations import OperationRefused, finish
from eszemelyi.sealing import seal, unseal
from eszemelyi.tokens import VerifiedToken, canonical_json, sha256_hex

ISD_AID = bytes.fromhex("a000000151000000")
NEK_LOAD_FILE = bytes.fromhex("f048554e454b00")
NEK_MODULE = bytes.fromhex("f048554e454b01")
NEK_INSTANCE = NEK_MODULE
ESIGN_AID = bytes.fromhex("f048554553494701")
DGI_ESIGN_ACTIVATION_PIN = 0x0F01
LOAD_BLOCK = 200  # plain bytes per LOAD: with the C-MAC well under 255
_HEX = re.compile(r"[0-9a-f]*")


def static_keys() -> scp03.StaticKeys:
    configured = settings.ESZEMELYI_GP_KEYS
    if not configured:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("ESZEMELYI_GP_KEYS must be set in production")
        return scp03.TEST_KEYS
    enc, mac, dek = (bytes.fromhex(part) for part in configured.split(":"))
    return scp03.StaticKeys(enc, mac, dek, settings.ESZEMELYI_GP_KEY_VERSION)


def _lv(value: bytes) -> bytes:
    return bytes([len(value)]) + value


def _apdu(header: str, data: bytes = b"") -> bytes:
    return bytes.fromhex(header) + (bytes([len(data)]) + data if data else b"")


def nek_load_file(version: str) -> bytes:
    """The NEK load file as the virtual card takes it: C4 { DECAFFED ‖ major ‖ minor ‖ body }."""
    major, minor = (int(part) for part in version.split("."))
    body = b"".join(f"NEK applet {version} block {n:03d};".encode() for n in range(20))
    content = bytes.fromhex("decaffed") + bytes([major, minor]) + body
    length = len(content)
    encoded_length = bytes([length]) if length < 0x80 else bytes([0x82]) + length.to_bytes(2, "big")
    return b"\xc4" + encoded_length + content


def nek_script(action: str, version: str) -> list[bytes]:
    """The plain commands of an install (or update: delete first, then install)."""
    commands = []
    if action == "update":
        commands.append(_apdu("80e40080", b"\x4f" + _lv(NEK_LOAD_FILE)))
    commands.append(
        _apdu("80e60200", _lv(NEK_LOAD_FILE) + _lv(ISD_AID) + b"\x00" + b"\x00" + b"\x00")
    )
    blob = nek_load_file(version)
    blocks = [blob[i : i + LOAD_BLOCK] for i in range(0, len(blob), LOAD_BLOCK)]
    for number, block in enumerate(blocks):
        last = 0x80 if number == len(blocks) - 1 else 0x00
        commands.append(bytes([0x80, 0xE8, last, number, len(block)]) + block)
    commands.append(
        _apdu(
            "80e60c00",
            _lv(NEK_LOAD_FILE)
            + _lv(NEK_MODULE)
            + _lv(NEK_INSTANCE)
            + _lv(b"\x00")
            + _lv(b"\xc9\x00")
            + b"\x00",
        )
    )
    return commands


def esign_pin_script(activation_pin: str) -> list[bytes]:
    """Set the e-signature activation PIN: INSTALL [for personalization], then STORE DATA
    with DGI 0F01 (encrypted by the channel's C-DECRYPTION)."""
    dgi = DGI_ESIGN_ACTIVATION_PIN.to_bytes(2, "big") + _lv(activation_pin.encode("ascii"))
    return [
        _apdu("80e62000", b"\x00\x00" + _lv(ESIGN_AID) + b"\x00\x00\x00"),
        _apdu("80e28000", dgi),
    ]


# --- The relay steps -----------------------------------------------------------------------
def _session(operation: CardOperation) -> dict:
    return unseal(operation.gp_sealed) if operation.gp_sealed else {"transcript": [], "step": 0}


def _save(operation: CardOperation, session: dict, state: str) -> None:
    operation.gp_sealed = seal(session)
    operation.step = session["step"]
    operation.state = state
    operation.save(update_fields=["gp_sealed", "step", "state"])


def _answers(responses, expected: int) -> list[tuple[str, str]]:
    if not isinstance(responses, list) or len(responses) != expected:
        raise OperationRefused("bad_format")
    answers = []
    for response in responses:
        sw = str(response.get("sw", "")).lower() if isinstance(response, dict) else ""
        data = str(response.get("data", "")).lower() if isinstance(response, dict) else ""
        if len(sw) != 4 or not _HEX.fullmatch(sw + data) or len(data) % 2:
            raise OperationRefused("bad_format")
        answers.append((data, sw))
    return answers


def _fail(request, operation: CardOperation, code: str) -> OperationRefused:
    finish(operation, OperationState.FAILED, code, request=request)
    return OperationRefused(code)


def next_batch(request, operation: CardOperation, responses) -> dict:
    """The next APDUs for the bridge: {"apdus": [hex…], "final": bool}."""
    from eszemelyi.operations import params_of

    session = _session(operation)
    if session["step"] == 0:
        if responses is not None:
            raise OperationRefused("bad_format")
        host_challenge = os.urandom(8)
        apdus = [
            _apdu("00a40400", ISD_AID),
            scp03.initialize_update(host_challenge, static_keys().version),
        ]
        session.update(
            step=1, host_challenge=host_challenge.hex(), pending=[a.hex() for a in apdus]
        )
        _save(operation, session, OperationState.GP_STEP)
        return {"apdus": session["pending"], "final": False}
    if session["step"] != 1:
        raise OperationRefused("already_used")
    answers = _answers(responses, len(session["pending"]))
    session["transcript"] += [
        [apdu, data, sw] for apdu, (data, sw) in zip(session["pending"], answers, strict=True)
    ]
    if any(sw != "9000" for _data, sw in answers):
        raise _fail(request, operation, "gp_failed")
    host_challenge = bytes.fromhex(session["host_challenge"])
    try:
        answer = scp03.InitializeUpdateResponse.parse(bytes.fromhex(answers[1][0]))
    except scp03.SecureChannelError:
        raise _fail(request, operation, "gp_failed") from None
    keys = static_keys()
    keys_of_session = scp03.derive_session_keys(keys, host_challenge, answer.card_challenge)
    expected = scp03.card_cryptogram(keys_of_session, host_challenge, answer.card_challenge)
    if answer.key_version != keys.version or answer.card_cryptogram != expected:
        # Not our card's keys: never answer with a host cryptogram (the card would count
        # a failed authentication, and locks after ten).
        raise _fail(request, operation, "gp_failed")
    params = params_of(operation)
    if operation.kind == OperationKind.NEK:
        level = scp03.C_MAC
        plain = nek_script(params.get("action", "install"), settings.ESZEMELYI_NEK_VERSION)
    else:
        level = scp03.C_MAC | scp03.C_DECRYPTION
        plain = esign_pin_script(_esign_secrets(operation)["activation_pin"])
    channel = scp03.SecureChannel(keys_of_session, level=level)
    apdus = [scp03.external_authenticate(channel, host_challenge, answer.card_challenge)]
    apdus += [channel.wrap(command) for command in plain]
    session.update(step=2, pending=[a.hex() for a in apdus])
    _save(operation, session, OperationState.GP_STEP)
    return {"apdus": session["pending"], "final": True}


def _esign_secrets(operation: CardOperation) -> dict:
    detail = operation.case.eszemelyi_esign
    return unseal(detail.envelope_sealed)


def check_relayed(operation: CardOperation, verified: VerifiedToken) -> str | None:
    """The signed token's transcript must be the APDUs we wrote and the answers relayed."""
    session = _session(operation)
    if session.get("step") != 2:
        return "not_completed"
    result = verified.result
    responses = result.get("responses")
    if not isinstance(responses, list) or len(responses) > len(session["pending"]):
        return "transcript_mismatch"
    try:
        answers = _answers(responses, len(responses))
    except OperationRefused:
        return "transcript_mismatch"
    transcript = session["transcript"] + [
        [apdu, data, sw] for apdu, (data, sw) in zip(session["pending"], answers, strict=False)
    ]
    if result.get("transcriptSha256") != sha256_hex(canonical_json(transcript)):
        return "transcript_mismatch"
    if len(answers) != len(session["pending"]) or any(sw != "9000" for _d, sw in answers):
        return _gp_refusal(session["pending"], answers)
    return None


def _gp_refusal(pending: list[str], answers: list[tuple[str, str]]) -> str:
    """Name what the card refused, where a citizen can do something about it."""
    for apdu, (_data, sw) in zip(pending, answers, strict=False):
        if sw == "9000":
            continue
        if apdu.startswith("84e60200") and sw == "6985":
            return "nek_already_installed"
        if apdu.startswith("84e4") and sw == "6a88":
            return "nek_not_installed"
        return "gp_failed"
    return "gp_failed"
