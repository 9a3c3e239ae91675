"""`register.change_notice`: sent at once to the body's gateway, through the outbox."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from access_log.models import AccessRecord
from cases.workflow import Status
from notifications.models import Notification
from notifications.tasks import deliver_notification
from population.models import Address
from register.models import ChangeNotice
from sandbox.models import GatewayMessage
from tests.factories import AddressFactory
from tests.register.conftest import file

pytestmark = pytest.mark.django_db
SLUG = "register.change_notice"


@pytest.fixture
def mover(citizen):
    AddressFactory(person=citizen.person, kind=Address.Kind.RESIDENCE, street_address="Új utca 2.")
    return citizen


def test_the_notice_is_queued_for_the_bodys_gateway(client, mover):
    client.force_login(mover)
    case = file(client, SLUG, {"body": "trusts", "items": ["name", "residence"]})
    assert case.status == Status.CLOSED
    notice = ChangeNotice.objects.get(case=case)
    assert notice.items == ["name", "residence"]
    assert "Új utca 2." in notice.sent_data["residence"]
    message = notice.notification
    assert message.channel == Notification.Channel.GATEWAY
    assert message.recipient == "MNB"
    assert message.context["person"]["personal_id"] == mover.person.personal_id
    record = AccessRecord.objects.get(person=mover.person)
    assert record.accessor_kind == "body"
    assert record.office == "Hungarian National Bank"
    assert record.items[-2:] == ["name", "residence"]


def test_the_same_change_is_sent_once(client, mover):
    client.force_login(mover)
    first = file(client, SLUG, {"body": "mediators", "items": ["residence"]})
    response = client.post(
        reverse("flow:save_first", args=[SLUG]), {"body": "mediators", "items": ["residence"]}
    )
    assert response.status_code == 422
    assert first.reference in response.content.decode()
    # Another body may be told of the same change.
    file(client, SLUG, {"body": "trusts", "items": ["residence"]})


def test_delivery_posts_to_the_configured_gateway_and_retries(settings, client, mover, monkeypatch):
    client.force_login(mover)
    case = file(client, SLUG, {"body": "enkk_trainees", "items": ["name"]})
    notification = ChangeNotice.objects.get(case=case).notification
    posted = []

    class Answer:
        status = 503

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    def fake_open(request, timeout):
        posted.append((request.full_url, json.loads(request.data), request.headers))
        return Answer()

    from notifications import channels

    monkeypatch.setattr(channels._opener, "open", fake_open)
    settings.PORTAL_GATEWAY_URL = "https://gateway.example.hu/inbox"
    settings.PORTAL_GATEWAY_TOKEN = "secret-token"
    from celery.exceptions import Retry

    with pytest.raises(Retry):
        deliver_notification.apply(args=[notification.pk], throw=True)
    notification.refresh_from_db()
    assert notification.state == Notification.State.QUEUED
    assert "GatewayRefused" in notification.last_error
    Answer.status = 202
    assert deliver_notification.apply(args=[notification.pk]).get() == "sent"
    url, body, headers = posted[-1]
    assert url == "https://gateway.example.hu/inbox"
    assert body["recipient"] == "ENKK"
    assert body["data"]["reference"] == case.reference
    assert headers["Authorization"] == "Bearer secret-token"


def test_the_sandbox_gateway_receives_and_shows_the_message(client, settings):
    settings.PORTAL_GATEWAY_TOKEN = ""
    message = {
        "message_id": "notification-1",
        "recipient": "IM",
        "subject": "Adatváltozásról értesítés",
        "text": "Címzett: Igazságügyi miniszter",
        "data": {"reference": "X"},
    }
    url = reverse("sandbox:gateway_inbox")
    answer = client.post(url, json.dumps(message), content_type="application/json")
    assert answer.status_code == 201
    again = client.post(url, json.dumps(message), content_type="application/json")
    assert again.json()["duplicate"] is True
    assert GatewayMessage.objects.count() == 1
    listing = client.get(reverse("sandbox:gateway_list")).content.decode()
    assert "Adatváltozásról értesítés" in listing
    stored = GatewayMessage.objects.get()
    assert (
        "Igazságügyi"
        in client.get(reverse("sandbox:gateway_detail", args=[stored.pk])).content.decode()
    )
    assert client.post(url, "not json", content_type="application/json").status_code == 400


def test_the_sandbox_gateway_checks_the_token(client, settings):
    settings.PORTAL_GATEWAY_TOKEN = "right"
    body = json.dumps({"message_id": "m", "recipient": "IM"})
    url = reverse("sandbox:gateway_inbox")
    assert client.post(url, body, content_type="application/json").status_code == 401
    ok = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer right")
    assert ok.status_code == 201


def test_the_pdf_notes_the_bodys_own_fee(client, mover):
    from cases.pdf import issue_document

    client.force_login(mover)
    case = file(client, SLUG, {"body": "trusts", "items": ["marital_status"]})
    issued = issue_document(case, "change_notice", case.type.documents["change_notice"])
    assert issued.file.read().startswith(b"%PDF")
    page = client.get(reverse("portal:case_detail", args=[case.reference])).content.decode()
    assert "Hungarian National Bank" in page
