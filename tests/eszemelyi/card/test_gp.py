"""NEK install/update and e-signature personalisation under SCP03, relayed to the card."""

from __future__ import annotations

import os

import pytest

from eszemelyi import scp03
from eszemelyi.card import errors
from tests.eszemelyi.card import gp_scripts
from tests.eszemelyi.conftest import TEST_PIN, make_state

pytestmark = pytest.mark.pcsc


def _run(card, commands, level=scp03.C_MAC, tamper=None):
    host_challenge = os.urandom(8)
    first = card.relay(gp_scripts.step1(host_challenge))
    assert [r.sw for r in first] == [0x9000, 0x9000]
    script = gp_scripts.step2(first[1].data, host_challenge, commands, level)
    if tamper is not None:
        script[tamper] = script[tamper][:-1] + bytes([script[tamper][-1] ^ 0x01])
    return card.relay(script)


def test_nek_install_on_an_old_card(card, vcard):
    vcard.use(make_state(nek_version=None))
    card.verify(TEST_PIN)
    assert card.nek_version() is None
    responses = _run(card, gp_scripts.nek_install((2, 1)))
    assert {r.sw for r in responses} == {0x9000}
    assert card.nek_version() == "2.1"
    assert vcard.state["gp"]["applications"]["f048554e454b01"]["version"] == "2.1"


def test_nek_update_replaces_the_applet(card, vcard):
    card.verify(TEST_PIN)
    assert card.nek_version() == "2.1"
    responses = _run(card, gp_scripts.nek_install((2, 2), update=True))
    assert {r.sw for r in responses} == {0x9000}
    assert card.nek_version() == "2.2"


def test_a_tampered_script_is_refused(card, vcard):
    vcard.use(make_state(nek_version=None))
    card.verify(TEST_PIN)
    responses = _run(card, gp_scripts.nek_install((2, 1)), tamper=2)  # first LOAD block
    assert [r.sw for r in responses] == [0x9000, 0x9000, 0x6982]
    assert card.nek_version() is None
    assert vcard.state["gp"]["packages"] == {}


def test_install_without_a_secure_channel_is_refused(card, vcard):
    vcard.use(make_state(nek_version=None))
    card.verify(TEST_PIN)
    card.select_aid(gp_scripts.ISD)
    plain = gp_scripts.nek_install((2, 1))[0]
    assert card.transmit(plain).sw == 0x6982


def test_install_needs_the_eid_pin(card, vcard):
    vcard.use(make_state(nek_version=None))
    responses = _run(card, gp_scripts.nek_install((2, 1)))
    assert responses[-1].sw == 0x6982
    assert card.nek_version() is None


def test_a_wrong_key_fails_mutual_authentication(card, vcard):
    host_challenge = os.urandom(8)
    first = card.relay(gp_scripts.step1(host_challenge))
    parsed = scp03.InitializeUpdateResponse.parse(first[1].data)
    wrong = scp03.StaticKeys(bytes(16), bytes(16), bytes(16))
    session = scp03.derive_session_keys(wrong, host_challenge, parsed.card_challenge)
    assert parsed.card_cryptogram != scp03.card_cryptogram(
        session, host_challenge, parsed.card_challenge
    )
    channel = scp03.SecureChannel(session)
    auth = scp03.external_authenticate(channel, host_challenge, parsed.card_challenge)
    assert card.transmit(auth).sw == 0x6982
    assert vcard.state["gp"]["failed_auth"] == 1


def test_esign_activation_pin_is_personalised_encrypted_then_activated(card, vcard):
    card.verify(TEST_PIN)
    # Without C-DECRYPTION the card refuses to take a PIN.
    responses = _run(card, gp_scripts.esign_personalise("314159"))
    assert responses[-1].sw == 0x6982
    responses = _run(card, gp_scripts.esign_personalise("314159"), level=0x03)
    assert {r.sw for r in responses} == {0x9000}
    assert vcard.state["esign"]["state"] == "transport"
    assert card.esign_pin_status().state == "transport"
    # Activation needs the CAN session first.
    with pytest.raises(errors.AccessDenied):
        card.esign_activate("314159", "7654321")
    card.verify_can("123456")
    with pytest.raises(errors.WrongPin):
        card.esign_activate("000000", "7654321")
    card.esign_activate("314159", "7654321")
    assert vcard.state["esign"]["pin"] == "7654321"
    card.esign_change_pin("7654321", "1357913")
    assert vcard.state["esign"]["pin"] == "1357913"
