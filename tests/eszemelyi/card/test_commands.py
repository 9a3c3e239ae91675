"""The card command layer against the virtual card, through the real pcscd."""

from __future__ import annotations

import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from eszemelyi.card import errors, open_card
from sandbox.vcard.personalise import issuer_ca_certificate
from tests.eszemelyi.conftest import TEST_PIN, make_state

pytestmark = pytest.mark.pcsc


def test_card_info_and_authentication_certificate(card):
    info = card.read_card_info()
    assert info["documentNumber"] == "700001AE"
    assert info["holderName"] == "Kovács János"
    assert info["validUntil"] == "2031-06-30"
    cert = x509.load_der_x509_certificate(card.read_auth_certificate())
    cert.verify_directly_issued_by(issuer_ca_certificate())
    serial = cert.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value
    assert serial == "700001AE"
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert card.auth_public_key() == spki


def test_wrong_pins_suspend_then_block(card):
    with pytest.raises(errors.WrongPin) as first:
        card.verify("000000")
    assert (first.value.tries_left, first.value.sw) == (2, 0x63C2)
    with pytest.raises(errors.WrongPin) as second:
        card.verify("000000")
    assert second.value.tries_left == 1
    assert card.pin_status().suspended
    # The last try needs the CAN first.
    with pytest.raises(errors.PinSuspended):
        card.verify(TEST_PIN)
    with pytest.raises(errors.WrongCan):
        card.verify_can("999999")
    card.verify_can("123456")
    with pytest.raises(errors.PinBlocked) as blocked:
        card.verify("000000")
    assert blocked.value.sw == 0x6983
    with pytest.raises(errors.PinBlocked):
        card.verify(TEST_PIN)
    assert card.pin_status().state == "blocked"


def test_the_right_pin_resets_the_counter(card, vcard):
    with pytest.raises(errors.WrongPin):
        card.verify("000000")
    card.verify(TEST_PIN)
    assert card.pin_status().state == "verified"
    assert vcard.state["eid"]["tries"] == 3


def test_puk_unblocks_with_a_new_pin(card, vcard):
    vcard.use(make_state("blocked"))
    with pytest.raises(errors.WrongPuk) as wrong:
        card.unblock("0000000000", "654321")
    assert wrong.value.tries_left == 9
    card.unblock("1234567890", "654321")
    assert card.pin_status().state == "verified"
    card.verify("654321")
    assert vcard.state["eid"]["pin"] == "654321"


def test_activation_replaces_the_one_time_pin(card, vcard):
    vcard.use(make_state("transport"))
    assert card.pin_status().state == "transport"
    with pytest.raises(errors.NotActivated):
        card.verify("123456")
    with pytest.raises(errors.WrongPin) as wrong:
        card.activate("99999", "112233")
    assert wrong.value.tries_left == 2
    card.activate("12345", "112233")
    assert card.pin_status().state == "verified"
    assert vcard.state["eid"]["state"] == "active"
    # The activation PIN works only once.
    with pytest.raises(errors.WrongPin):
        card.change_pin("012345", "223344")


@pytest.mark.parametrize(
    "pin",
    ["12345", "12345\n", "١٢٣٤٥٦", "²²²²²²", "12 456"],
    ids=["short", "newline", "arabic-indic", "superscript", "space"],
)
def test_pin_format_is_checked_before_the_card(card, vcard, pin):
    with pytest.raises(errors.PinFormat):
        card.verify(pin)
    assert vcard.state["eid"]["tries"] == 3
    assert card.connection.trace == []  # nothing was sent


def test_a_puk_with_a_control_character_is_refused_before_the_card(card, vcard):
    vcard.use(make_state("blocked"))
    with pytest.raises(errors.PinFormat):
        card.unblock("123456789\n", "654321")
    assert vcard.state["eid"]["puk_tries"] == 10


def test_wrong_can_counts_down_then_blocks(card, vcard):
    with pytest.raises(errors.WrongCan) as first:
        card.verify_can("999999")
    assert (first.value.tries_left, first.value.sw) == (2, 0x63C2)
    assert first.value.as_json()["triesLeft"] == 2
    assert first.value.messages()["en"].endswith("2 tries left.")
    with pytest.raises(errors.WrongCan):
        card.verify_can("999999")
    with pytest.raises(errors.CanBlocked) as blocked:
        card.verify_can("999999")
    assert (blocked.value.code, blocked.value.sw) == ("can_blocked", 0x6983)
    with pytest.raises(errors.CanBlocked):
        card.verify_can("123456")
    assert vcard.state["eid"]["can_tries"] == 0


@pytest.mark.parametrize("size", [447, 448, 449], ids=["short-last", "whole-chunks", "one-more"])
def test_read_binary_stops_at_the_end_of_file(card, vcard, size):
    # 448 = 2 x 224: the card answers the third read, at the very end, with 6282 and
    # nothing; the others end with a short read and 6282.
    blob = bytes(range(256)) * 2
    vcard.state["auth_cert"] = blob[:size].hex()
    assert card.read_auth_certificate() == blob[:size]
    reads = [entry.sw for entry in card.connection.trace if entry.ins == 0xB0]
    assert reads == ([0x9000, 0x9000, 0x6282] if size >= 448 else [0x9000, 0x6282])


def test_change_pin(card, vcard):
    card.change_pin(TEST_PIN, "246810")
    assert vcard.state["eid"]["pin"] == "246810"


def test_emergency_numbers_need_the_pin_and_read_back(card):
    with pytest.raises(errors.AccessDenied):
        card.read_emergency()
    card.verify(TEST_PIN)
    card.write_emergency(1, "+36301234567")
    card.write_emergency(2, "+36209876543")
    assert card.read_emergency() == ["+36301234567", "+36209876543"]
    card.write_emergency(1, None)
    assert card.read_emergency() == [None, "+36209876543"]


def test_card_signature_verifies_with_the_auth_key(card):
    with pytest.raises(errors.AccessDenied):
        card.internal_authenticate(b"challenge")
    card.verify(TEST_PIN)
    raw = card.internal_authenticate(b"challenge")  # answered with 61xx + GET RESPONSE
    public = serialization.load_der_public_key(card.auth_public_key())
    signature = encode_dss_signature(
        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    )
    public.verify(signature, b"challenge", ec.ECDSA(hashes.SHA256()))
    assert any(entry.sw & 0xFF00 == 0x6100 for entry in card.connection.trace)


def test_wrong_le_is_corrected(card):
    card.select_aid(card.profile.eid_aid)
    response = card.transmit(bytes.fromhex("00ca7f4910"))  # Le 16, the key is 91 bytes
    assert response.sw == 0x9000 and len(response.data) == 91
    assert [entry.sw >> 8 for entry in card.connection.trace][-2:] == [0x6C, 0x90]


def test_trace_holds_no_data(card):
    card.verify(TEST_PIN)
    text = " ".join(str(entry) for entry in card.connection.trace)
    assert TEST_PIN not in text and TEST_PIN.encode().hex() not in text


def _certificate_for(spki_der: bytes) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Test eSign CA")])
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Kovács János")]))
        .issuer_name(name)
        .public_key(serialization.load_der_public_key(spki_der))
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=730))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def test_esign_key_on_card_and_certificate(card):
    with pytest.raises(errors.AccessDenied):
        card.esign_generate_key()
    card.verify(TEST_PIN)
    spki = card.esign_generate_key()
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    foreign = _certificate_for(
        other.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(errors.BadCertificate):
        card.esign_write_certificate(foreign)
    der = _certificate_for(spki)
    card.esign_write_certificate(der)
    assert card.esign_read_certificate() == der
    assert hashlib.sha256(der).hexdigest()


def test_card_removed_mid_operation(card, vcard):
    card.verify(TEST_PIN)
    vcard.os.faults = {"remove_on_ins": 0xD6}
    with pytest.raises(errors.CardRemoved):
        card.write_emergency(1, "+36301234567")
    assert vcard.state["emergency"] == [None, None]


def test_second_connection_is_refused_while_one_is_open(card):
    with pytest.raises(errors.SharingViolation), open_card():
        pass
