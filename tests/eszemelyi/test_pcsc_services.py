"""The card services end to end through the real PC/SC stack.

Portal (Django test client) → the page's part (played here) → the card bridge over
HTTP on loopback → pyscard → pcscd → vpcd → the virtual eSzemélyi, and back: the
token the real bridge returns, signed by the virtual card, is what the portal checks.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cases.workflow import Status
from eszemelyi.models import CardAuditEvent, CardOperation, EsignRequest, OperationState
from sandbox.vcard.personalise import issuer_ca_pem
from tests.eszemelyi.conftest import ORIGIN, make_state
from tests.eszemelyi.portal_fixtures import bridge_request, post_token
from tests.factories import DocumentFactory
from tests.identity.saml_helpers import idp_session
from ugyfelkapu.models import Account
from ugyfelkapu.saml import ACCOUNT

pytestmark = [pytest.mark.pcsc, pytest.mark.django_db]
DOCUMENT = "700001AE"


@pytest.fixture
def portal(settings, tmp_path, citizen):
    path = tmp_path / "card-issuer-ca.pem"
    path.write_bytes(issuer_ca_pem())
    settings.ESZEMELYI_CARD_ISSUER_CA_FILE = str(path)
    settings.ESZEMELYI_PORTAL_ORIGIN = ORIGIN
    settings.UGYFELKAPU_CARD_ORIGIN = ORIGIN
    settings.DATA_DIR = tmp_path
    return DocumentFactory(
        holder=citizen.person,
        number=DOCUMENT,
        issued_on=date(2016, 6, 20),
        expires_on=date(2031, 6, 30),
        has_chip=True,
    )


def through_bridge(bridge, request: dict) -> tuple[int, dict]:
    status, answer, _body = bridge.operation(
        request["kind"], request["params"], nonce=request["nonce"], op_id=request["opId"]
    )
    return status, answer


def relay_all(client, bridge, request: dict, answer: dict) -> dict:
    """The page's loop for a relayed operation: portal batch → bridge → portal …"""
    responses = None
    while answer.get("status") in ("gp_ready", "gp_step"):
        if answer["status"] == "gp_step":
            responses = answer["responses"]
        batch = client.post(
            f"/eszemelyi/operations/{request['opId']}/gp-step/",
            data={"responses": responses},
            content_type="application/json",
        ).json()
        assert batch["ok"], batch
        _status, _headers, answer = bridge.request(
            "POST",
            f"/v1/operations/{request['opId']}/gp-step",
            {"apdus": batch["apdus"], "final": batch["final"]},
        )
    return answer


def test_an_emergency_number_is_written_and_read_back(citizen_client, portal, bridge):
    response = citizen_client.post(
        "/eszemelyi/emergency-numbers/start/",
        {"slot": 1, "action": "set", "number": "06 30 123 4567", "consent": "on"},
    )
    request = bridge_request(citizen_client, response)
    status, token = through_bridge(bridge, request)
    assert status == 200, token
    assert token["state"]["emergencyNumbers"] == ["+36301234567", None]
    answer = post_token(citizen_client, request, token)
    assert answer.status_code == 200, answer.json()
    assert CardOperation.objects.get(pk=request["opId"]).case.status == Status.CLOSED

    # Read back later, into the citizen's browser only.
    response = citizen_client.post("/eszemelyi/emergency-numbers/read/")
    request = bridge_request(citizen_client, response)
    status, token = through_bridge(bridge, request)
    assert token["state"] == {"emergencyNumbers": ["+36301234567", None]}
    assert post_token(citizen_client, request, token).json() == {"ok": True, "next": None}


def test_a_wrong_pin_leaves_the_operation_open_for_the_right_one(citizen_client, portal, bridge):
    response = citizen_client.post(
        "/eszemelyi/emergency-numbers/start/", {"slot": 2, "action": "delete"}
    )
    request = bridge_request(citizen_client, response)
    bridge.pins.answers["pin"] = "000000"
    status, answer = through_bridge(bridge, request)
    assert (status, answer["error"]["code"], answer["error"]["triesLeft"]) == (422, "wrong_pin", 2)
    citizen_client.post(
        f"/eszemelyi/operations/{request['opId']}/error/",
        data={"code": answer["error"]["code"]},
        content_type="application/json",
    )
    bridge.pins.answers["pin"] = "123456"
    status, token = through_bridge(bridge, request)
    assert status == 200
    assert post_token(citizen_client, request, token).status_code == 200
    assert CardAuditEvent.objects.filter(kind="bridge.error", code="wrong_pin").exists()


def test_a_replayed_bridge_result_is_refused(citizen_client, portal, bridge):
    response = citizen_client.post(
        "/eszemelyi/emergency-numbers/start/",
        {"slot": 1, "action": "set", "number": "+36201112233", "consent": "on"},
    )
    request = bridge_request(citizen_client, response)
    _status, token = through_bridge(bridge, request)
    assert post_token(citizen_client, request, token).status_code == 200
    replay = post_token(citizen_client, request, token)
    assert (replay.status_code, replay.json()["code"]) == (409, "already_used")


def test_the_nek_applet_is_installed_through_the_relay(citizen_client, portal, bridge, vcard):
    vcard.use(make_state("active", nek_version=None))
    response = citizen_client.post("/eszemelyi/nek/start/", {"action": "install"})
    request = bridge_request(citizen_client, response)
    status, answer = through_bridge(bridge, request)
    assert (status, answer["status"]) == (200, "gp_ready")
    token = relay_all(citizen_client, bridge, request, answer)
    assert token["state"] == {"nekVersion": "2.2"}
    result = post_token(citizen_client, request, token)
    assert result.status_code == 200, result.json()
    assert CardOperation.objects.get(pk=request["opId"]).case.eszemelyi_nek.version_after == "2.2"


def test_the_pin_is_activated_and_recorded(citizen_client, portal, bridge, vcard):
    vcard.use(make_state("transport"))
    bridge.pins.answers.update(activation_pin="12345", new_pin="654321")
    response = citizen_client.post("/eszemelyi/pin/activate_pin/")
    request = bridge_request(citizen_client, response)
    status, token = through_bridge(bridge, request)
    assert status == 200, token
    answer = post_token(citizen_client, request, token)
    assert answer.json() == {"ok": True, "next": "/eszemelyi/"}
    operation = CardOperation.objects.get(pk=request["opId"])
    assert operation.state == OperationState.COMPLETED and operation.case is None
    notes = " ".join(CardAuditEvent.objects.values_list("note", flat=True))
    assert "12345" not in notes and "654321" not in notes


def test_the_card_logs_its_holder_in(client, portal, bridge, citizen):
    account = Account.objects.create(
        person=citizen.person, username="kovacs.j", email="k@example.hu"
    )
    request = client.post("/ugyfelkapu/login/card/challenge/").json()["request"]
    status, token = through_bridge(bridge, request)
    assert status == 200, token
    response = client.post("/ugyfelkapu/login/?method=card", {"token": json.dumps(token)})
    assert response.status_code == 302
    # The identity provider keeps its own session (ADR 0009), not the portal's.
    assert idp_session(client)[ACCOUNT] == account.pk


def test_a_first_e_signature_certificate_lands_on_the_card(
    citizen_client, portal, bridge, vcard, django_capture_on_commit_callbacks
):
    data = {"email": "k@example.hu", "email_in_certificate": "no", "publish_in_directory": "yes"}
    reference = citizen_client.post("/eszemelyi/esign/save/", data)["Location"].split("/")[-3]
    request = bridge_request(
        citizen_client,
        citizen_client.post(f"/eszemelyi/esign/{reference}/accept/", {"accept": "yes"}),
    )
    for expected in ("esign_generate_key", "esign_write_certificate"):
        assert request["kind"] == expected
        status, token = through_bridge(bridge, request)
        assert status == 200, token
        answer = post_token(citizen_client, request, token).json()
        assert answer["ok"], answer
        page = citizen_client.get(answer["next"])
        request = page.context["config"]["request"]
    assert request["kind"] == "esign_personalise"
    status, answer = through_bridge(bridge, request)
    token = relay_all(citizen_client, bridge, request, answer)
    with django_capture_on_commit_callbacks(execute=True):
        result = post_token(citizen_client, request, token)
    assert result.status_code == 200, result.json()
    detail = EsignRequest.objects.get(case__reference=reference)
    assert detail.case.status == Status.CLOSED
    assert vcard.state["esign"]["state"] == "transport"
    assert {d.kind for d in detail.case.documents.all()} == {"contract", "pin_envelope"}

    # The citizen activates the e-signature with the CAN and the envelope's PIN.
    bridge.pins.answers.update(
        esign_activation_pin=vcard.state["esign"]["activation_pin"], new_esign_pin="7654321"
    )
    request = bridge_request(citizen_client, citizen_client.post("/eszemelyi/pin/esign_activate/"))
    status, token = through_bridge(bridge, request)
    assert status == 200, token
    assert post_token(citizen_client, request, token).status_code == 200


def test_a_card_pulled_mid_write_leaves_nothing_recorded_until_done_again(
    citizen_client, portal, bridge, vcard
):
    response = citizen_client.post(
        "/eszemelyi/emergency-numbers/start/",
        {"slot": 1, "action": "set", "number": "+36705556677", "consent": "on"},
    )
    request = bridge_request(citizen_client, response)
    vcard.os.faults = {"remove_on_ins": 0xD6}  # pulled out on UPDATE BINARY
    status, answer = through_bridge(bridge, request)
    assert (status, answer["error"]["code"]) == (503, "card_removed")
    operation = CardOperation.objects.get(pk=request["opId"])
    assert operation.state == OperationState.ISSUED
    assert operation.case.status == Status.DRAFT

    vcard.insert()
    bridge.server.bridge.monitor.poll()
    status, token = through_bridge(bridge, request)
    assert status == 200, token
    assert post_token(citizen_client, request, token).status_code == 200
