"""Bridge operations end to end: HTTP -> bridge -> pcscd -> virtual card, tokens checked."""

from __future__ import annotations

import base64
import datetime as dt
import os

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from eszemelyi import scp03
from eszemelyi.bridge import token as tokens
from tests.eszemelyi.card import gp_scripts
from tests.eszemelyi.conftest import ORIGIN, TEST_PIN, make_state

pytestmark = pytest.mark.pcsc


def _verified(answer, body):
    assert answer["status"] == "done", answer
    assert tokens.verify(answer, origin=ORIGIN, nonce=body["nonce"], params=body["params"])
    return answer


def test_emergency_set_returns_a_card_signed_token(bridge, vcard):
    status, answer, body = bridge.operation("emergency_set", {"slot": 2, "number": "+36301234567"})
    assert status == 200
    _verified(answer, body)
    assert answer["op"]["kind"] == "emergency_set"
    assert answer["op"]["result"] == {"completed": True, "slot": 2, "number": "+36301234567"}
    assert answer["state"] == {"emergencyNumbers": [None, "+36301234567"]}
    assert vcard.state["emergency"] == [None, "+36301234567"]
    assert bridge.pins.asked == ["pin"]
    # The signature covers origin, nonce and params: any change breaks it.
    assert not tokens.verify(
        answer, origin="http://evil.example", nonce=body["nonce"], params=body["params"]
    )
    assert not tokens.verify(
        answer, origin=ORIGIN, nonce=body["nonce"] + "x", params=body["params"]
    )
    assert not tokens.verify(
        answer, origin=ORIGIN, nonce=body["nonce"], params={"slot": 1, "number": "+36301234567"}
    )
    tampered = {**answer, "state": {"emergencyNumbers": ["+36700000000", "+36301234567"]}}
    assert not tokens.verify(tampered, origin=ORIGIN, nonce=body["nonce"], params=body["params"])


def test_the_portal_verifier_accepts_the_bridge_token(bridge):
    portal_tokens = pytest.importorskip("eszemelyi.tokens")
    from sandbox.vcard.personalise import issuer_ca_certificate

    status, answer, body = bridge.operation("authenticate")
    assert status == 200
    verified = portal_tokens.verify_token(
        answer,
        origin=ORIGIN,
        nonce=body["nonce"],
        op_id=body["opId"],
        kind="authenticate",
        params={},
        issuer=issuer_ca_certificate(),
    )
    assert verified.document_number == "700001AE"
    assert verified.result["documentNumber"] == "700001AE"


def test_emergency_delete_and_read(bridge, vcard):
    vcard.state["emergency"] = ["+36201111111", "+36302222222"]
    status, answer, body = bridge.operation("emergency_delete", {"slot": 1})
    _verified(answer, body)
    assert answer["state"] == {"emergencyNumbers": [None, "+36302222222"]}
    status, answer, body = bridge.operation("emergency_read", op_id="op-2")
    assert answer["state"] == {"emergencyNumbers": [None, "+36302222222"]}


def test_wrong_pin_is_an_error_with_tries_left(bridge, vcard):
    bridge.pins.answers["pin"] = "000000"
    status, answer, _ = bridge.operation("emergency_read")
    assert status == 422
    assert answer["error"]["code"] == "wrong_pin"
    assert answer["error"]["triesLeft"] == 2
    assert answer["error"]["sw"] == "63C2"
    assert answer["error"]["message"]["hu"] == "Hibás PIN-kód. Még 2 próbálkozási lehetősége van."
    assert "000000" not in str(answer)


def test_suspended_pin_asks_for_the_can_first(bridge, vcard):
    vcard.state["eid"]["tries"] = 1
    status, answer, body = bridge.operation("emergency_read")
    _verified(answer, body)
    assert bridge.pins.asked == ["can", "pin"]


def test_blocked_pin_then_puk_unblock(bridge, vcard):
    vcard.use(make_state("blocked"))
    status, answer, _ = bridge.operation("emergency_read")
    assert (status, answer["error"]["code"]) == (422, "pin_blocked")
    bridge.pins.answers.update(puk="1234567890", new_pin="135790")
    status, answer, body = bridge.operation("unblock_pin", op_id="op-2")
    _verified(answer, body)
    assert answer["state"] == {"pinState": "active", "triesLeft": 3}
    assert vcard.state["eid"]["pin"] == "135790"


def test_activation(bridge, vcard):
    vcard.use(make_state("transport"))
    status, answer, _ = bridge.operation("emergency_read")
    assert (status, answer["error"]["code"]) == (422, "not_activated")
    bridge.pins.answers.update(activation_pin="12345", new_pin="112233")
    status, answer, body = bridge.operation("activate_pin", op_id="op-2")
    _verified(answer, body)
    assert vcard.state["eid"]["state"] == "active"
    status, answer, _ = bridge.operation("activate_pin", op_id="op-3")
    assert (status, answer["error"]["code"]) == (422, "already_activated")


def test_change_pin_and_mismatched_confirmation(bridge, vcard):
    class Mismatch:
        def __init__(self):
            self.count = 0

        def ask(self, request):
            if request.name == "new_pin":
                self.count += 1
                return "111111" if self.count == 1 else "222222"
            return TEST_PIN

    bridge.server.bridge.pins = Mismatch()
    status, answer, _ = bridge.operation("change_pin")
    assert (status, answer["error"]["code"]) == (422, "pin_mismatch")
    assert vcard.state["eid"]["pin"] == TEST_PIN
    bridge.server.bridge.pins = bridge.pins
    bridge.pins.answers["new_pin"] = "246802"
    status, answer, body = bridge.operation("change_pin", op_id="op-2")
    _verified(answer, body)
    assert vcard.state["eid"]["pin"] == "246802"


def test_cancelled_prompt(bridge, vcard):
    bridge.pins.answers.clear()
    status, answer, _ = bridge.operation("emergency_read")
    assert (status, answer["error"]["code"]) == (422, "cancelled")


def test_card_info_is_unsigned_and_needs_no_pin(bridge, vcard):
    status, answer, _ = bridge.operation("read_card_info")
    assert status == 200 and bridge.pins.asked == []
    assert answer["signature"] is None and answer["algorithm"] is None
    result = answer["op"]["result"]
    assert result["documentNumber"] == "700001AE"
    assert result["pinState"] == "active" and result["pinTriesLeft"] == 3
    assert result["nek"] == {"installed": True, "version": "2.1"}
    assert result["esign"] == {"pinState": "none", "hasKey": False, "hasCertificate": False}
    spki = base64.b64decode(answer["publicKey"])
    cert = x509.load_der_x509_certificate(base64.b64decode(answer["certificate"]))
    assert (
        cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        == spki
    )


def _issue(spki_b64: str) -> str:
    ca = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Kovács János")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(serialization.load_der_public_key(base64.b64decode(spki_b64)))
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=730))
        .sign(ca, hashes.SHA256())
    )
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def test_esign_key_generation_and_certificate(bridge, vcard):
    status, answer, body = bridge.operation("esign_generate_key")
    _verified(answer, body)
    spki = answer["op"]["result"]["publicKey"]
    certificate = _issue(spki)
    status, answer, body = bridge.operation(
        "esign_write_certificate", {"certificate": certificate}, op_id="op-2"
    )
    _verified(answer, body)
    digest = tokens.sha256_hex(base64.b64decode(certificate))
    assert answer["op"]["result"]["certificateSha256"] == digest
    # A certificate for another key is refused by the card.
    other = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    status, answer, _ = bridge.operation(
        "esign_write_certificate",
        {"certificate": _issue(base64.b64encode(other).decode())},
        op_id="op-3",
    )
    assert (status, answer["error"]["code"]) == (422, "bad_certificate")


def _gp(bridge, kind, params, commands, level=scp03.C_MAC, tamper=None):
    status, answer, body = bridge.operation(kind, params)
    assert (status, answer) == (200, {"status": "gp_ready", "opId": "op-1"})
    host_challenge = os.urandom(8)
    apdus = [a.hex() for a in gp_scripts.step1(host_challenge)]
    status, _, step = bridge.request(
        "POST", "/v1/operations/op-1/gp-step", {"apdus": apdus, "final": False}
    )
    assert status == 200 and step["status"] == "gp_step" and step["step"] == 1
    init = bytes.fromhex(step["responses"][1]["data"])
    script = gp_scripts.step2(init, host_challenge, commands, level)
    if tamper is not None:
        script[tamper] = script[tamper][:-1] + bytes([script[tamper][-1] ^ 1])
    status, _, done = bridge.request(
        "POST", "/v1/operations/op-1/gp-step", {"apdus": [a.hex() for a in script], "final": True}
    )
    assert status == 200
    _verified(done, body)
    # The portal recomputes the transcript from what it sent and what came back.
    sent = apdus + [a.hex() for a in script]
    received = step["responses"] + done["op"]["result"]["responses"]
    transcript = [[a, r["data"], r["sw"].lower()] for a, r in zip(sent, received, strict=False)]
    assert done["op"]["result"]["transcriptSha256"] == tokens.sha256_hex(
        tokens.canonical_json(transcript)
    )
    return done


def test_nek_install_through_the_bridge(bridge, vcard):
    vcard.use(make_state(nek_version=None))
    done = _gp(bridge, "nek", {"action": "install"}, gp_scripts.nek_install((2, 1)))
    assert done["op"]["result"]["completed"] is True
    assert done["state"] == {"nekVersion": "2.1"}


def test_tampered_nek_script_is_refused_by_the_card(bridge, vcard):
    vcard.use(make_state(nek_version=None))
    done = _gp(bridge, "nek", {"action": "install"}, gp_scripts.nek_install((2, 1)), tamper=3)
    assert done["op"]["result"]["completed"] is False
    assert done["op"]["result"]["responses"][-1]["sw"] == "6982"
    assert done["state"] == {"nekVersion": None}


def test_esign_personalise_then_activate(bridge, vcard):
    done = _gp(bridge, "esign_personalise", {}, gp_scripts.esign_personalise("271828"), level=0x03)
    assert done["state"] == {"esignPinState": "transport"}
    bridge.pins.answers.update(esign_activation_pin="271828", new_esign_pin="1234567")
    status, answer, body = bridge.operation("esign_activate", op_id="op-2")
    _verified(answer, body)
    assert answer["state"] == {"esignPinState": "active", "esignTriesLeft": 3}
    assert vcard.state["esign"]["pin"] == "1234567"


def test_relay_refuses_pin_commands(bridge, vcard):
    status, answer, _ = bridge.operation("nek", {"action": "install"})
    assert answer["status"] == "gp_ready"
    status, _, refused = bridge.request(
        "POST",
        "/v1/operations/op-1/gp-step",
        {"apdus": ["0020008106" + b"000000".hex()], "final": False},
    )
    assert (status, refused["error"]["code"]) == (400, "apdu_not_allowed")
    assert vcard.state["eid"]["tries"] == 3
    status, _, cancelled = bridge.request("POST", "/v1/operations/op-1/cancel", {})
    assert cancelled == {"status": "cancelled", "opId": "op-1"}


def test_card_removed_mid_operation(bridge, vcard):
    vcard.os.faults = {"remove_on_ins": 0xD6}
    status, answer, _ = bridge.operation("emergency_set", {"slot": 1, "number": "+36301234567"})
    assert (status, answer["error"]["code"]) == (503, "card_removed")
    assert answer["error"]["message"]["en"].startswith("The card was removed")


def test_status_reports_the_card_and_its_removal(bridge, vcard):
    status, _, first = bridge.request("GET", "/v1/status")
    assert first["service"] is True and first["busy"] is False
    assert first["card"]["present"] is True and first["card"]["known"] is True
    vcard.remove()
    bridge.server.bridge.monitor.poll()
    _, _, second = bridge.request("GET", "/v1/status")
    assert second["card"]["present"] is False
    assert second["cardEvents"] == first["cardEvents"] + 1
    status, answer, _ = bridge.operation("emergency_read")
    assert (status, answer["error"]["code"]) == (503, "no_card")
    vcard.insert()


def test_pins_never_reach_answers_or_logs(bridge, vcard, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    bridge.pins.answers.update(new_pin="987654")
    status, answer, _ = bridge.operation("change_pin")
    assert status == 200
    status, wrong, _ = bridge.operation("emergency_read", op_id="op-2")  # PIN now differs
    assert wrong["error"]["code"] == "wrong_pin"
    text = caplog.text + str(answer) + str(wrong)
    for secret in (TEST_PIN, "987654"):
        assert secret not in text
        assert secret.encode().hex() not in text
    assert "POST /v1/operations" in caplog.text
