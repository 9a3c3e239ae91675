"""Pages of the card services: who sees what, PIN operations, the records for supervisors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.workflow import Status
from eszemelyi.models import CardAuditEvent, CardOperation, OperationState
from eszemelyi.tasks import expire_operations
from tests.eszemelyi.portal_fixtures import *  # noqa: F403  (fixtures)
from tests.eszemelyi.portal_fixtures import bridge_request, post_token
from tests.factories import ClerkFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/eszemelyi/",
    "/eszemelyi/emergency-numbers/",
    "/eszemelyi/nek/",
    "/eszemelyi/esign/",
]
POSTS = [
    "/eszemelyi/pin/change_pin/",
    "/eszemelyi/emergency-numbers/start/",
    "/eszemelyi/emergency-numbers/read/",
    "/eszemelyi/nek/start/",
    "/eszemelyi/esign/save/",
]


@pytest.mark.parametrize("url", PAGES + POSTS)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.post(url) if url in POSTS else client.get(url)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_open_for_a_citizen_with_a_chip_card(citizen_client, chip_id_card, url):
    assert citizen_client.get(url).status_code == 200


@pytest.mark.parametrize("url", POSTS)
def test_get_never_starts_anything(citizen_client, chip_id_card, url):
    assert citizen_client.get(url).status_code == 405
    assert not CardOperation.objects.exists()


def test_a_citizen_without_a_chip_card_is_told_why(citizen_client):
    page = citizen_client.get("/eszemelyi/")
    assert page.context["no_chip_reason"]
    response = citizen_client.post("/eszemelyi/emergency-numbers/start/", {"slot": 1})
    assert response.status_code == 200 and response.context["reasons"]
    assert citizen_client.post("/eszemelyi/pin/change_pin/").status_code == 302
    assert not CardOperation.objects.exists()


def test_an_unknown_pin_operation_is_not_found(citizen_client, chip_id_card):
    assert citizen_client.post("/eszemelyi/pin/emergency_set/").status_code == 404


def test_a_pin_change_is_recorded_when_the_card_signs_with_the_new_pin(citizen_client, soft_card):
    request = bridge_request(citizen_client, citizen_client.post("/eszemelyi/pin/change_pin/"))
    assert (request["kind"], request["params"]) == ("change_pin", {})
    token = soft_card.token(
        request, result={"pinState": "active"}, state={"pinState": "active", "triesLeft": 3}
    )
    assert post_token(citizen_client, request, token).json() == {"ok": True, "next": "/eszemelyi/"}
    operation = CardOperation.objects.get(pk=request["opId"])
    assert operation.state == OperationState.COMPLETED and operation.case is None
    kinds = list(CardAuditEvent.objects.values_list("kind", flat=True))
    assert kinds == ["operation.issued", "card.bound", "operation.completed"]


def test_a_pin_operation_whose_card_reports_another_state_is_refused(citizen_client, soft_card):
    request = bridge_request(citizen_client, citizen_client.post("/eszemelyi/pin/unblock_pin/"))
    token = soft_card.token(request, state={"pinState": "blocked", "triesLeft": 0})
    assert post_token(citizen_client, request, token).json()["code"] == "state_mismatch"


def test_the_operation_page_hands_the_bridge_only_its_request(citizen_client, soft_card, settings):
    response = citizen_client.post("/eszemelyi/pin/activate_pin/")
    page = citizen_client.get(response["Location"])
    config = page.context["config"]
    assert config["bridgeUrl"] == settings.ESZEMELYI_BRIDGE_URL
    assert set(config["request"]) == {"opId", "nonce", "kind", "params"}
    assert b"card.js" in page.content
    assert settings.ESZEMELYI_BRIDGE_URL in page["Content-Security-Policy"]


def test_a_finished_operation_page_explains_instead_of_starting(citizen_client, soft_card):
    response = citizen_client.post("/eszemelyi/pin/activate_pin/")
    op_id = response["Location"].split("/")[-2]
    citizen_client.post(f"/eszemelyi/operations/{op_id}/cancel/")
    page = citizen_client.get(response["Location"])
    assert page.context["config"] is None
    assert "card.js" not in page.content.decode()


def test_supervisors_read_the_audit_trail_and_its_integrity(citizen_client, soft_card):
    citizen_client.post("/eszemelyi/pin/change_pin/")
    clerk = ClerkFactory(is_superuser=True)
    device = TOTPDevice.objects.create(user=clerk, name="test", confirmed=True)
    client = Client()
    client.force_login(clerk)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get(reverse("admin:eszemelyi_cardauditevent_changelist"))
    assert page.status_code == 200
    assert page.context["title"] in ("Card audit events (chain intact)", "Kártyanapló (a lánc ép)")
    event = CardAuditEvent.objects.first()
    change = client.post(reverse("admin:eszemelyi_cardauditevent_change", args=[event.pk]), {})
    assert change.status_code == 403


def test_starting_card_operations_is_rate_limited(citizen_client, chip_id_card):
    statuses = [citizen_client.post("/eszemelyi/pin/change_pin/").status_code for _ in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_the_expiry_job_wipes_open_operations_and_ends_their_requests(citizen_client, soft_card):
    response = citizen_client.post(
        "/eszemelyi/emergency-numbers/start/",
        {"slot": 1, "action": "set", "number": "+36301234567", "consent": "on"},
    )
    request = bridge_request(citizen_client, response)
    assert expire_operations() == 0
    CardOperation.objects.filter(pk=request["opId"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert expire_operations() == 1
    operation = CardOperation.objects.get(pk=request["opId"])
    assert (operation.state, operation.params_sealed) == (OperationState.EXPIRED, "")
    assert operation.case.status == Status.TERMINATED
    page = citizen_client.get(f"/eszemelyi/operations/{request['opId']}/")
    assert page.context["config"] is None and page.context["refusal"]
