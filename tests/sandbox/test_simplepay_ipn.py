"""IPN delivery: a real merchant endpoint on the live test server answers, and
the emulator judges its replies and retries on the bank's schedule."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from sandbox.models import SimplePayIpnAttempt, SimplePayIpnDelivery
from sandbox.simplepay import ipn
from sandbox.simplepay.tasks import deliver_ipn, sweep
from tests.sandbox.test_simplepay_api import (
    KEY,
    configure_account,
    hmac_b64,
    pay,
    start,
    transaction_of,
)

pytestmark = pytest.mark.usefixtures("account")


@pytest.fixture
def account(settings):
    return configure_account(settings)


# What the test merchant received, and how it answers the next IPNs.
RECEIVED: list[tuple[bytes, str | None, str]] = []
SCRIPT: list[str] = []


@csrf_exempt
@transaction.non_atomic_requests
def merchant_ipn(request):
    """A merchant IPN endpoint, written from the doc without the emulator's code."""
    body = request.body
    RECEIVED.append((body, request.headers.get("Signature"), request.content_type))
    mode = SCRIPT.pop(0) if SCRIPT else "good"
    if hmac_b64(KEY, body) != request.headers.get("Signature"):
        return HttpResponse("UNSUCCESSFUL VALIDATION", status=400)
    if mode == "error":
        return HttpResponse("Internal error", status=500)
    if mode == "redirect":
        return HttpResponseRedirect("/test-merchant/elsewhere/")
    text = body.decode("utf-8")
    # The doc's safest reply: the received bytes with receiveDate appended.
    reply = (
        text[:-1] + ',"receiveDate":"' + timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S%z") + '"}'
    )
    if mode == "no_receive_date":
        reply = text
    if mode == "changed":
        reply = reply.replace('"status":"', '"status":"NOT', 1)
    if mode == "pretty":
        reply = json.dumps(json.loads(reply), indent=2)
    if mode == "naive_date":
        reply = text[:-1] + ',"receiveDate":"2026-01-01T10:00:00"}'
    response = HttpResponse(reply, content_type="application/json")
    if mode == "bad_signature":
        response["Signature"] = hmac_b64("not the key", reply.encode())
    elif mode != "no_signature":
        response["Signature"] = hmac_b64(KEY, reply.encode())
    return response


urlpatterns = [path("test-merchant/ipn/", merchant_ipn), path("", include("portal.urls"))]


@pytest.fixture
def merchant(live_server, account):
    RECEIVED.clear()
    SCRIPT.clear()
    account.SIMPLEPAY_IPN_URL = live_server.url + "/test-merchant/ipn/"
    yield SCRIPT
    SCRIPT.clear()


def paid_transaction(client) -> dict:
    data = start(client)
    pay(client, data)  # on_commit runs screening and delivery at once (no test transaction)
    return data


@pytest.mark.urls(__name__)
def test_a_correct_reply_is_accepted_at_once(client, merchant):
    data = paid_transaction(client)
    delivery = SimplePayIpnDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.ipn_status) == ("delivered", 1, "FINISHED")
    (body, signature, content_type) = RECEIVED[0]
    assert signature == hmac_b64(KEY, body)
    assert content_type == "application/json"
    sent = json.loads(body)
    assert (sent["transactionId"], sent["status"]) == (data["transactionId"], "FINISHED")
    attempt = delivery.attempt_log.get()
    assert (attempt.number, attempt.http_status, attempt.accepted, attempt.reason) == (
        1,
        200,
        True,
        "",
    )
    assert '"receiveDate"' in attempt.reply


@pytest.mark.urls(__name__)
def test_a_pretty_printed_reply_is_accepted(client, merchant):
    merchant.append("pretty")
    paid_transaction(client)
    assert SimplePayIpnDelivery.objects.get().state == "delivered"


@pytest.mark.urls(__name__)
def test_retries_until_the_merchant_answers_correctly(client, merchant):
    merchant.extend(
        [
            "error",
            "redirect",
            "no_signature",
            "bad_signature",
            "no_receive_date",
            "naive_date",
            "changed",
            "good",
        ]
    )
    paid_transaction(client)
    delivery = SimplePayIpnDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("delivered", 8)
    assert [(a.http_status, a.accepted, a.reason) for a in delivery.attempt_log.all()] == [
        (500, False, "HTTP 500 instead of 200"),
        (302, False, "HTTP 302 instead of 200"),
        (200, False, "no Signature header"),
        (200, False, "the Signature header does not match the reply body"),
        (200, False, "the reply lacks receiveDate"),
        (200, False, "receiveDate has no UTC offset"),
        (200, False, "the reply changed status"),
        (200, True, ""),
    ]
    # Every attempt carried the same signed body.
    assert len({body for body, _signature, _type in RECEIVED}) == 1


@pytest.mark.urls(__name__)
def test_gives_up_after_the_last_retry_and_can_be_sent_by_hand(client, merchant):
    merchant.extend(["error"] * 100)
    data = paid_transaction(client)
    delivery = SimplePayIpnDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("gave_up", ipn.MAX_ATTEMPTS)
    assert ipn.MAX_ATTEMPTS == 18
    assert len(RECEIVED) == 18
    assert sweep.delay().get() == {"moved": 0, "ipn": 0, "screenings": 0}
    assert deliver_ipn.delay(delivery.pk).get() == "skipped"
    assert len(RECEIVED) == 18
    merchant.clear()
    client.post(f"/sandbox/simplepay/ipn/{delivery.pk}/send/")
    resent = SimplePayIpnDelivery.objects.get(manual=True)
    assert (resent.state, resent.attempts, resent.body) == ("delivered", 1, delivery.body)
    assert transaction_of(data).status == "FINISHED"


@pytest.mark.urls(__name__)
def test_an_unreachable_merchant_counts_as_a_failure(client, merchant, account):
    account.SIMPLEPAY_IPN_URL = "http://127.0.0.1:9/ipn/"  # discard port: nobody listens
    account.SANDBOX_SIMPLEPAY_TIME_FACTOR = 1
    paid_transaction(client)
    delivery = SimplePayIpnDelivery.objects.get()
    attempt = delivery.attempt_log.get()
    assert attempt.http_status is None and attempt.reason.startswith("no answer")
    assert delivery.state == "pending"
    assert delivery.next_attempt_at == delivery.first_attempt_at + timedelta(minutes=5)


@pytest.mark.django_db
def test_retry_times_follow_the_bank_schedule(
    client, account, monkeypatch, django_capture_on_commit_callbacks
):
    account.SANDBOX_SIMPLEPAY_TIME_FACTOR = 1
    monkeypatch.setattr(ipn, "post", lambda url, body, signature: ipn.Reply(503, None, b""))
    data = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, data)
    delivery = SimplePayIpnDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    first = delivery.first_attempt_at
    assert delivery.next_attempt_at == first + timedelta(minutes=5)
    # Not yet due: a message arriving early makes no attempt.
    assert deliver_ipn.delay(delivery.pk).get() == "skipped"
    offsets = [ipn.next_attempt_at(first, n) - first for n in range(1, ipn.MAX_ATTEMPTS)]
    assert offsets == [
        timedelta(minutes=m) for m in (5, 10, 15, 30, 45, 60, 120, 180, 360, 540, 720, 1080)
    ] + [timedelta(hours=h) for h in (24, 36, 48, 60, 72)]
    assert ipn.next_attempt_at(first, ipn.MAX_ATTEMPTS) is None
    # Once due, the sweep hands it to a worker again.
    SimplePayIpnDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.delay().get() == {"moved": 0, "ipn": 1, "screenings": 0}
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == first + timedelta(minutes=10)
    assert SimplePayIpnAttempt.objects.count() == 2


def test_the_time_factor_compresses_the_schedule(account):
    first = timezone.now()
    account.SANDBOX_SIMPLEPAY_TIME_FACTOR = 0.01
    assert ipn.next_attempt_at(first, 17) - first == timedelta(minutes=43, seconds=12)
    account.SANDBOX_SIMPLEPAY_TIME_FACTOR = 0
    assert ipn.next_attempt_at(first, 17) == first
