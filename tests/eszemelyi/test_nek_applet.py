"""NEK install and update: the portal's SCP03 script, relayed to the virtual card's OS.

The page's and the bridge's part is played here: APDUs from the portal's gp-step
endpoint go to the sandbox card OS in-process (the same OS that runs behind pcscd in
the `pcsc` tests), its answers go back, and the final token is signed by a software
card key (the portal checks that signature, not the relay).
"""

from __future__ import annotations

from datetime import date

import pytest

from cases.workflow import Status
from eszemelyi.models import CardOperation, OperationState
from eszemelyi.tokens import canonical_json, sha256_hex
from sandbox.vcard.cardos import CardOS
from sandbox.vcard.personalise import new_card_state
from sandbox.vcard.state import activated
from tests.eszemelyi.portal_fixtures import *  # noqa: F403  (fixtures)
from tests.eszemelyi.portal_fixtures import SoftCard, bridge_request, post_token
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_card(citizen):
    return DocumentFactory(
        holder=citizen.person,
        number="700911AE",
        issued_on=date(2016, 6, 20),
        expires_on=date(2030, 11, 3),
        has_chip=True,
    )


@pytest.fixture
def auth_card(card_issuer, old_card):
    return SoftCard(card_issuer, old_card.number)


def virtual_card(nek_version=None) -> CardOS:
    state = new_card_state(
        document_number="700911AE",
        holder_name="Teszt Elek",
        valid_until="2030-11-03",
        nek_version=nek_version,
    )
    card = CardOS(activated(state))
    card.session.eid_verified = True  # the bridge verified the eID PIN first
    return card


def gp_step(client, request, responses):
    return client.post(
        f"/eszemelyi/operations/{request['opId']}/gp-step/",
        data={"responses": responses},
        content_type="application/json",
    )


def relay(card, apdus, *, tamper=None):
    """What the bridge does with a batch: run in order, stop at the first non-9000."""
    log, answers = [], []
    for index, apdu in enumerate(apdus):
        sent = tamper(index, apdu) if tamper else apdu
        raw = card.process(bytes.fromhex(sent))
        data, sw = raw[:-2].hex(), raw[-2:].hex()
        log.append([sent, data, sw])
        answers.append({"sw": sw, "data": data})
        if sw != "9000":
            break
    return log, answers


def run_install(client, auth, card, action="install", tamper=None):
    response = client.post("/eszemelyi/nek/start/", {"action": action})
    request = bridge_request(client, response)
    first = gp_step(client, request, None).json()
    assert first["final"] is False
    log, answers = relay(card, first["apdus"])
    second = gp_step(client, request, answers).json()
    assert second["ok"] is True and second["final"] is True
    final_log, final_answers = relay(card, second["apdus"], tamper=tamper)
    log += final_log
    app = card.state["gp"]["applications"].get("f048554e454b01")
    result = {
        "completed": all(a["sw"] == "9000" for a in final_answers)
        and len(final_answers) == len(second["apdus"]),
        "steps": 2,
        "responses": final_answers,
        "transcriptSha256": sha256_hex(canonical_json(log)),
    }
    state = {"nekVersion": app["version"] if app else None}
    return request, post_token(client, request, auth.token(request, result=result, state=state))


def test_the_applet_is_installed_under_the_secure_channel(citizen_client, auth_card):
    card = virtual_card(nek_version=None)
    request, response = run_install(citizen_client, auth_card, card)
    assert response.status_code == 200, response.json()
    operation = CardOperation.objects.get(pk=request["opId"])
    assert operation.state == OperationState.COMPLETED
    assert operation.gp_sealed == ""
    assert operation.case.status == Status.CLOSED
    assert operation.case.eszemelyi_nek.version_after == "2.2"
    assert card.state["gp"]["applications"]["f048554e454b01"]["version"] == "2.2"


def test_an_installed_applet_is_updated(citizen_client, auth_card):
    card = virtual_card(nek_version="2.1")
    _request, response = run_install(citizen_client, auth_card, card, action="update")
    assert response.status_code == 200, response.json()
    assert card.state["gp"]["applications"]["f048554e454b01"]["version"] == "2.2"


def test_installing_over_an_installed_applet_says_to_update(citizen_client, auth_card):
    card = virtual_card(nek_version="2.1")
    _request, response = run_install(citizen_client, auth_card, card, action="install")
    assert response.status_code == 400
    assert response.json()["code"] == "nek_already_installed"


def test_a_tampered_script_is_refused_by_the_card_and_the_portal(citizen_client, auth_card):
    card = virtual_card(nek_version=None)

    def flip_a_load_byte(index, apdu):
        return (
            apdu[:-20] + ("0" if apdu[-20] != "0" else "1") + apdu[-19:]
            if apdu[2:4] == "e8"
            else apdu
        )

    request, response = run_install(citizen_client, auth_card, card, tamper=flip_a_load_byte)
    assert response.status_code == 400
    # The bridge's transcript holds the altered APDU; the portal's holds its own.
    assert response.json()["code"] == "transcript_mismatch"
    assert "f048554e454b01" not in card.state["gp"]["applications"]
    assert CardOperation.objects.get(pk=request["opId"]).case.status == Status.TERMINATED


def test_a_card_with_other_keys_gets_no_host_cryptogram(citizen_client, auth_card):
    card = virtual_card()
    card.state["gp"]["keys"]["mac"] = "00" * 16
    response = citizen_client.post("/eszemelyi/nek/start/", {"action": "install"})
    request = bridge_request(citizen_client, response)
    first = gp_step(citizen_client, request, None).json()
    _log, answers = relay(card, first["apdus"])
    second = gp_step(citizen_client, request, answers)
    assert second.status_code == 400
    assert second.json()["code"] == "gp_failed"
    assert card.state["gp"]["failed_auth"] == 0


def test_a_card_issued_after_the_cutoff_is_told_it_has_the_applet(citizen_client, chip_id_card):
    page = citizen_client.get("/eszemelyi/nek/")
    assert "2016. november 14" in " ".join(page.context["reasons"])
    assert citizen_client.post("/eszemelyi/nek/start/", {"action": "install"}).status_code == 302
    assert not CardOperation.objects.exists()


def test_gp_steps_are_only_for_relayed_operations(citizen_client, auth_card):
    response = citizen_client.post(
        "/eszemelyi/emergency-numbers/start/", {"slot": 1, "action": "delete"}
    )
    request = bridge_request(citizen_client, response)
    assert gp_step(citizen_client, request, None).json()["code"] == "wrong_operation"
