"""The emulator's API: start, query, finish and refund over signed JSON."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from sandbox.models import SimplePayIpnDelivery, SimplePayTransaction
from sandbox.simplepay import ipn

KEY = "emulator-test-key-0123456789abcdef"
MERCHANT = "TESTHUF"
API = "/sandbox/simplepay/payment/v2/"
SUCCESS_CARD = "4908 3660 9990 0425"
REMOVE = object()


def hmac_b64(key: str, message: bytes) -> str:
    """The signature, written again here independently of the emulator."""
    return base64.b64encode(hmac.new(key.encode(), message, hashlib.sha384).digest()).decode()


def configure_account(settings):
    """The emulated merchant account of these tests; IPN retries without delay."""
    settings.SIMPLEPAY_MERCHANT = MERCHANT
    settings.SIMPLEPAY_SECRET_KEY = KEY
    settings.SIMPLEPAY_IPN_URL = "http://merchant.invalid/ipn"
    settings.SANDBOX_SIMPLEPAY_CURRENCY = "HUF"
    settings.SANDBOX_SIMPLEPAY_TWO_STEP = False
    settings.SANDBOX_SIMPLEPAY_FAILURE_IPNS = True
    settings.SANDBOX_SIMPLEPAY_TIME_FACTOR = 0
    return settings


def install_merchant_inbox(monkeypatch) -> list[dict]:
    """A merchant that answers every IPN correctly; the IPNs it got, in order."""
    received: list[dict] = []

    def answer(url: str, body: bytes, signature: str) -> ipn.Reply:
        assert signature == hmac_b64(KEY, body)
        sent = json.loads(body)
        received.append(sent)
        reply = json.dumps({**sent, "receiveDate": "2026-03-02T10:00:00+01:00"}).encode()
        return ipn.Reply(200, hmac_b64(KEY, reply), reply)

    monkeypatch.setattr(ipn, "post", answer)
    return received


@pytest.fixture
def account(settings):
    return configure_account(settings)


@pytest.fixture
def two_step(account):
    account.SANDBOX_SIMPLEPAY_TWO_STEP = True
    return account


@pytest.fixture
def merchant_inbox(monkeypatch):
    return install_merchant_inbox(monkeypatch)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("account", "merchant_inbox")]


def call(client, endpoint: str, payload, *, key: str = KEY, signature: str | None = None):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    response = client.post(
        API + endpoint,
        body,
        content_type="application/json",
        headers={"Signature": hmac_b64(key, body) if signature is None else signature},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    if "Signature" in response:
        assert response["Signature"] == hmac_b64(key, response.content)
    return response, json.loads(response.content)


def common(**changes) -> dict:
    payload = {"salt": secrets.token_hex(16), "merchant": MERCHANT, "sdkVersion": "Portal_Py_1.0"}
    return _apply(payload, changes)


def _apply(payload: dict, changes: dict) -> dict:
    for key, value in changes.items():
        if value is REMOVE:
            payload.pop(key, None)
        else:
            payload[key] = value
    return payload


def start_payload(**changes) -> dict:
    payload = common(
        orderRef=f"ORDER-{secrets.token_hex(6)}",
        currency="HUF",
        customerEmail="polgar@example.hu",
        language="HU",
        methods=["CARD"],
        total="1500",
        timeout=(timezone.now() + timedelta(minutes=10)).isoformat(),
        url="https://merchant.example/back/",
        invoice={
            "name": "Teszt Elek",
            "company": "",
            "country": "hu",
            "state": "Budapest",
            "city": "Budapest",
            "zip": "1111",
            "address": "Fő utca 1.",
        },
    )
    return _apply(payload, changes)


def start(client, **changes) -> dict:
    _response, data = call(client, "start", start_payload(**changes))
    assert "errorCodes" not in data, data
    return data


def token_of(data: dict) -> str:
    return urlsplit(data["paymentUrl"]).path.rstrip("/").rsplit("/", 1)[1]


def pay(client, data: dict, number: str = SUCCESS_CARD):
    """Pay on the payment page as the citizen would."""
    return client.post(
        f"/sandbox/simplepay/pay/{token_of(data)}/card/",
        {"number": number, "expiry": "12/39", "cvc": "123", "holder": "Teszt Elek"},
    )


def paid(client, capture, **changes) -> dict:
    """A started and paid transaction, with fraud screening done."""
    data = start(client, **changes)
    with capture(execute=True):
        pay(client, data)
    return data


def transaction_of(data: dict) -> SimplePayTransaction:
    return SimplePayTransaction.objects.get(transaction_id=data["transactionId"])


# --- start --------------------------------------------------------------------


def test_start_answers_the_documented_fields(client, settings):
    payload = start_payload()
    response, data = call(client, "start", payload)
    assert list(data) == [
        "salt",
        "merchant",
        "orderRef",
        "currency",
        "transactionId",
        "timeout",
        "total",
        "paymentUrl",
    ]
    assert response["Signature"] == hmac_b64(KEY, response.content)
    assert response.content == json.dumps(data, separators=(",", ":")).encode()
    assert len(data["salt"]) == 32
    assert (data["merchant"], data["orderRef"], data["currency"]) == (
        MERCHANT,
        payload["orderRef"],
        "HUF",
    )
    assert isinstance(data["transactionId"], int)
    assert len(str(data["transactionId"])) == 9 and str(data["transactionId"]).startswith("5")
    assert data["total"] == 1500.0 and b'"total":1500.0' in response.content
    assert data["timeout"][-6:] in {"+01:00", "+02:00"}
    assert data["paymentUrl"].startswith(
        settings.PORTAL_BASE_URL.rstrip("/") + "/sandbox/simplepay/pay/"
    )
    trx = transaction_of(data)
    assert (trx.status, trx.two_step, trx.total) == ("INIT", False, 1500)
    assert trx.back_urls == dict.fromkeys(
        ["SUCCESS", "FAIL", "CANCEL", "TIMEOUT"], "https://merchant.example/back/"
    )


def test_transaction_ids_follow_one_another(client):
    first, second = start(client), start(client)
    assert second["transactionId"] > first["transactionId"]


def test_items_replace_total_and_shipping_and_discount_apply(client):
    data = start(
        client,
        total="99",
        items=[
            {"ref": "A", "title": "Illeték", "desc": "", "amount": "2", "price": "500", "tax": "0"},
            {"title": "Másolat", "amount": 1, "price": 100, "tax": 27},
        ],
        shippingCost=12,
        discount="5",
    )
    assert data["total"] == 1134.0


def test_urls_replace_url(client):
    urls = {e: f"https://merchant.example/{e}/" for e in ("success", "fail", "cancel", "timeout")}
    data = start(client, urls=urls, url="https://ignored.example/")
    assert transaction_of(data).back_urls == {
        "SUCCESS": urls["success"],
        "FAIL": urls["fail"],
        "CANCEL": urls["cancel"],
        "TIMEOUT": urls["timeout"],
    }


def test_app_schemes_are_accepted_as_back_urls(client):
    data = start(client, url="ugysegeg://payment/back")
    assert transaction_of(data).back_urls["SUCCESS"] == "ugysegeg://payment/back"


def test_email_may_be_left_to_the_customer(client):
    start(client, customerEmail=REMOVE, maySelectEmail=True)


def test_language_code_case_is_ignored(client):
    assert transaction_of(start(client, language="en")).language == "EN"


def test_two_step_account_reserves_unless_told_otherwise(client, two_step):
    assert transaction_of(start(client)).two_step is True
    assert transaction_of(start(client, twoStep=True)).two_step is True
    assert transaction_of(start(client, twoStep=False)).two_step is False


def test_start_without_invoice_works_and_is_noted(client):
    trx = transaction_of(start(client, invoice=REMOVE))
    assert trx.events.filter(kind="warning").exists()


START_ERRORS = [
    ({"sdkVersion": REMOVE}, 5320),
    ({"sdkVersion": ""}, 5320),
    ({"salt": REMOVE}, 5401),
    ({"salt": "x" * 31}, 5401),
    ({"salt": "x" * 65}, 5401),
    ({"orderRef": REMOVE}, 5213),
    ({"currency": REMOVE}, 5223),
    ({"currency": "XYZ"}, 5223),
    ({"currency": "EUR"}, 5307),
    ({"customerEmail": REMOVE}, 5219),
    ({"customerEmail": "not-an-address"}, 5219),
    ({"language": "XX"}, 5220),
    ({"language": REMOVE}, 5220),
    ({"methods": ["CASH"]}, 5321),
    ({"methods": "CARD"}, 5321),
    ({"methods": ["WIRE"]}, 5030),
    ({"total": REMOVE}, 5324),
    ({"total": "-5"}, 5020),
    ({"total": "0"}, 5020),
    ({"total": "12.5"}, 5020),
    ({"total": "abc"}, 5020),
    ({"total": True}, 5020),
    ({"total": str(10**24)}, 5020),
    ({"total": "1e30"}, 5020),
    ({"total": "9" * 5000}, 5020),
    ({"total": REMOVE, "items": [{"title": "A", "amount": 10**30, "price": 5}]}, 5020),
    ({"total": REMOVE, "items": [{"title": "A", "amount": 1, "price": 5, "tax": 10**30}]}, 5020),
    ({"total": REMOVE, "items": [{"amount": 1, "price": 5}]}, 5313),
    ({"total": REMOVE, "items": [{"title": "A", "amount": 1}]}, 5314),
    ({"total": REMOVE, "items": [{"title": "A", "amount": 1, "price": 0}]}, 5314),
    ({"total": REMOVE, "items": [{"title": "A", "amount": 0, "price": 5}]}, 5315),
    ({"total": REMOVE, "items": [{"title": "A", "amount": "1.5", "price": 5}]}, 5315),
    ({"total": REMOVE, "items": [{"title": "A", "amount": 1, "price": 5, "tax": -1}]}, 5345),
    ({"shippingCost": "free"}, 5216),
    ({"shippingCost": -1}, 5216),
    ({"discount": 1500}, 5020),
    ({"timeout": REMOVE}, 5321),
    ({"timeout": "2030-01-01T10:00:00"}, 5321),
    ({"timeout": "tomorrow"}, 5321),
    ({"url": REMOVE}, 5325),
    ({"url": "javascript:alert(1)"}, 5325),
    ({"url": "not a url"}, 5325),
    ({"urls": {"success": "https://m.example/s", "fail": "https://m.example/f"}}, 5325),
    ({"invoice": {"city": "Bp", "zip": "1", "address": "a", "country": "HU"}}, 5309),
    ({"invoice": {"name": "N", "zip": "1", "address": "a", "country": "HU"}}, 5310),
    ({"invoice": {"company": "C", "city": "Bp", "address": "a", "country": "HU"}}, 5311),
    ({"invoice": {"name": "N", "city": "Bp", "zip": "1", "country": "HU"}}, 5312),
    ({"invoice": {"name": "N", "city": "Bp", "zip": "1", "address": "a", "country": "HUN"}}, 5322),
    ({"delivery": {"city": "Bp", "zip": "1", "address": "a", "country": "HU"}}, 5316),
    ({"delivery": {"name": "N", "zip": "1", "address": "a", "country": "HU"}}, 5317),
    ({"delivery": {"name": "N", "city": "Bp", "address": "a", "country": "HU"}}, 5318),
    ({"delivery": {"name": "N", "city": "Bp", "zip": "1", "country": "HU"}}, 5319),
    ({"maySelectDelivery": ["HU", "AUT"]}, 5322),
    ({"twoStep": True}, 5308),
    ({"twoStep": "yes"}, 5321),
]


@pytest.mark.parametrize(("changes", "code"), START_ERRORS)
def test_start_refuses_with_the_documented_code(client, changes, code):
    payload = start_payload(**changes)
    response, data = call(client, "start", payload)
    assert data["errorCodes"] == [code]
    assert response["Signature"] == hmac_b64(KEY, response.content)
    assert not SimplePayTransaction.objects.exists()


def test_error_body_echoes_the_request_and_is_signed(client):
    payload = start_payload(currency="EUR")
    response, data = call(client, "start", payload)
    assert list(data) == ["salt", "merchant", "orderRef", "currency", "errorCodes"]
    assert (data["merchant"], data["orderRef"], data["errorCodes"]) == (
        MERCHANT,
        payload["orderRef"],
        [5307],
    )


def test_a_reused_order_ref_is_refused(client):
    payload = start_payload()
    call(client, "start", payload)
    _response, data = call(client, "start", {**payload, "salt": secrets.token_hex(16)})
    assert data["errorCodes"] == [5013]
    assert SimplePayTransaction.objects.count() == 1


def test_invalid_json_is_5321_and_unsigned(client):
    response, data = call(client, "start", b'{"merchant": "TESTHUF",')
    assert data["errorCodes"] == [5321]
    assert "Signature" not in response


def test_json_must_be_an_object_and_sent_as_json(client):
    _response, data = call(client, "start", b"[1, 2]")
    assert data["errorCodes"] == [5321]
    body = json.dumps(start_payload()).encode()
    response = client.post(
        API + "start", body, content_type="text/plain", headers={"Signature": hmac_b64(KEY, body)}
    )
    assert json.loads(response.content)["errorCodes"] == [5321]


@pytest.mark.parametrize(("merchant", "code"), [(REMOVE, 5201), ("", 5201), ("NOSUCH", 5010)])
def test_an_unknown_merchant_is_refused_unsigned(client, merchant, code):
    response, data = call(client, "start", start_payload(merchant=merchant))
    assert data["errorCodes"] == [code]
    assert "Signature" not in response


def test_a_wrong_signature_is_5302(client):
    response, data = call(client, "start", start_payload(), signature=hmac_b64("other", b"x"))
    assert data["errorCodes"] == [5302]
    assert response["Signature"] == hmac_b64(KEY, response.content)
    assert not SimplePayTransaction.objects.exists()


def test_a_missing_signature_is_5302(client):
    body = json.dumps(start_payload()).encode()
    response = client.post(API + "start", body, content_type="application/json")
    assert json.loads(response.content)["errorCodes"] == [5302]


def test_a_body_changed_after_signing_is_5302(client):
    body = json.dumps(start_payload()).encode()
    signature = hmac_b64(KEY, body)
    changed = body.replace(b'"1500"', b'"15"')
    _response, data = call(client, "start", changed, signature=signature)
    assert data["errorCodes"] == [5302]


def test_endpoints_are_csrf_exempt_and_post_only():
    client = Client(enforce_csrf_checks=True)
    start(client)
    for endpoint in ("start", "query", "finish", "refund"):
        assert client.get(API + endpoint).status_code == 405


# --- query ----------------------------------------------------------------------


def test_query_by_string_or_number_id_and_by_order_ref(client):
    first, second = start(client), start(client)
    _r, data = call(
        client,
        "query",
        common(
            transactionIds=[str(first["transactionId"]), 999999999],
            orderRefs=[second["orderRef"]],
        ),
    )
    assert list(data) == ["salt", "merchant", "transactions", "totalCount"]
    assert data["totalCount"] == 2
    items = data["transactions"]
    assert [t["transactionId"] for t in items] == [first["transactionId"], second["transactionId"]]
    assert list(items[0]) == [
        "salt",
        "merchant",
        "orderRef",
        "transactionId",
        "status",
        "total",
        "remainingTotal",
        "paymentDate",
        "method",
    ]
    assert items[0]["status"] == "INIT" and items[0]["method"] == "CARD"
    # A plain query answers the amount of every transaction.
    assert [t["total"] for t in items] == [1500.0, 1500.0]


def test_query_of_a_paid_transaction(client, django_capture_on_commit_callbacks):
    data = paid(client, django_capture_on_commit_callbacks)
    _r, answer = call(client, "query", common(orderRefs=[data["orderRef"]]))
    (item,) = answer["transactions"]
    assert (item["status"], item["resultCode"], item["remainingTotal"]) == (
        "FINISHED",
        "OK",
        1500.0,
    )
    assert "finishDate" in item


def test_query_detailed(client):
    data = start(client, customer="Teszt Elek", shippingCost=10)
    _r, answer = call(client, "query", common(orderRefs=[data["orderRef"]], detailed=True))
    (item,) = answer["transactions"]
    assert item["currency"] == "HUF" and item["customerEmail"] == "polgar@example.hu"
    assert (item["language"], item["twoStep"], item["total"]) == ("HU", False, 1510.0)
    assert (item["customer"], item["shippingCost"], item["discount"]) == ("Teszt Elek", 10.0, 0.0)
    assert item["invoice"]["lname"] == "Teszt Elek" and "name" not in item["invoice"]


def test_query_window(client):
    before = timezone.now() - timedelta(seconds=1)
    data = start(client)
    until = timezone.now() + timedelta(seconds=1)
    _r, answer = call(
        client, "query", common(**{"from": before.isoformat(), "until": until.isoformat()})
    )
    assert [t["orderRef"] for t in answer["transactions"]] == [data["orderRef"]]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"transactionIds": [str(n) for n in range(51)]}, 5328),
        ({"orderRefs": [str(n) for n in range(51)]}, 5327),
        ({"from": "2026-01-01T00:00:00+01:00"}, 5330),
        ({"until": "2026-01-01T00:00:00+01:00"}, 5330),
        ({"from": "2026-01-02T00:00:00+01:00", "until": "2026-01-01T00:00:00+01:00"}, 5329),
        ({"from": "yesterday", "until": "2026-01-01T00:00:00+01:00"}, 5321),
        ({}, 5339),
        ({"orderRefs": [], "transactionIds": []}, 5339),
        ({"orderRefs": ["X"], "sdkVersion": REMOVE}, 5320),
        ({"orderRefs": ["X"], "salt": "short"}, 5401),
    ],
)
def test_query_refuses_with_the_documented_code(client, changes, code):
    _r, data = call(client, "query", common(**changes))
    assert data["errorCodes"] == [code]


def test_query_applies_a_passed_timeout(client, merchant_inbox, django_capture_on_commit_callbacks):
    data = start(client, timeout=(timezone.now() - timedelta(seconds=1)).isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        _r, answer = call(client, "query", common(transactionIds=[str(data["transactionId"])]))
    (item,) = answer["transactions"]
    assert (item["status"], item["resultCode"]) == ("TIMEOUT", "5016")
    assert [i["status"] for i in merchant_inbox] == ["TIMEOUT"]


# --- finish ---------------------------------------------------------------------


def finish_payload(data: dict, **changes) -> dict:
    payload = common(
        orderRef=data["orderRef"], currency="HUF", originalTotal="1500", approveTotal="1500"
    )
    return _apply(payload, changes)


def test_finish_captures_the_whole_reservation(
    client, two_step, merchant_inbox, django_capture_on_commit_callbacks
):
    data = paid(client, django_capture_on_commit_callbacks)
    assert transaction_of(data).status == "AUTHORIZED"
    with django_capture_on_commit_callbacks(execute=True):
        response, answer = call(client, "finish", finish_payload(data))
    assert list(answer) == [
        "salt",
        "merchant",
        "orderRef",
        "currency",
        "transactionId",
        "approveTotal",
    ]
    assert (answer["transactionId"], answer["approveTotal"]) == (data["transactionId"], 1500.0)
    assert transaction_of(data).status == "FINISHED"
    assert [i["status"] for i in merchant_inbox] == ["AUTHORIZED", "FINISHED"]


def test_finish_by_transaction_id_captures_part(
    client, two_step, django_capture_on_commit_callbacks
):
    data = paid(client, django_capture_on_commit_callbacks)
    payload = finish_payload(data, orderRef=REMOVE, transactionId=data["transactionId"])
    _r, answer = call(client, "finish", {**payload, "approveTotal": 1000})
    assert answer["approveTotal"] == 1000.0
    _r, queried = call(client, "query", common(orderRefs=[data["orderRef"]]))
    assert queried["transactions"][0]["remainingTotal"] == 1000.0
    _r, refunded = call(
        client, "refund", common(orderRef=data["orderRef"], currency="HUF", refundTotal=1001)
    )
    assert refunded["errorCodes"] == [5110]


def test_finish_with_zero_releases(
    client, two_step, merchant_inbox, django_capture_on_commit_callbacks
):
    data = paid(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _r, answer = call(client, "finish", finish_payload(data, approveTotal="0"))
    assert answer["approveTotal"] == 0.0
    assert transaction_of(data).status == "REVERSED"
    assert merchant_inbox[-1]["status"] == "REVERSED" and "finishDate" in merchant_inbox[-1]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"orderRef": REMOVE}, 5111),
        ({"orderRef": "NO-SUCH-ORDER"}, 5011),
        ({"orderRef": REMOVE, "transactionId": 123}, 5011),
        ({"originalTotal": "1400"}, 5020),
        ({"originalTotal": REMOVE}, 5020),
        ({"approveTotal": "1600"}, 5323),
        ({"approveTotal": "-1"}, 5323),
        ({"approveTotal": REMOVE}, 5323),
        ({"currency": "USD"}, 5307),
        ({"currency": REMOVE}, 5223),
    ],
)
def test_finish_refuses_with_the_documented_code(
    client, two_step, django_capture_on_commit_callbacks, changes, code
):
    data = paid(client, django_capture_on_commit_callbacks)
    _r, answer = call(client, "finish", finish_payload(data, **changes))
    assert answer["errorCodes"] == [code]
    assert transaction_of(data).status == "AUTHORIZED"


def test_a_second_finish_is_5021(client, two_step, django_capture_on_commit_callbacks):
    data = paid(client, django_capture_on_commit_callbacks)
    call(client, "finish", finish_payload(data))
    _r, answer = call(client, "finish", finish_payload(data))
    assert answer["errorCodes"] == [5021]


def test_finish_before_payment_is_5022(client, two_step):
    data = start(client)
    _r, answer = call(client, "finish", finish_payload(data))
    assert answer["errorCodes"] == [5022]


def test_finish_of_a_one_step_payment_is_5014(client, django_capture_on_commit_callbacks):
    data = paid(client, django_capture_on_commit_callbacks)
    _r, answer = call(client, "finish", finish_payload(data))
    assert answer["errorCodes"] == [5014]


def test_reservation_is_released_after_21_days(
    client, two_step, merchant_inbox, django_capture_on_commit_callbacks
):
    data = paid(client, django_capture_on_commit_callbacks)
    SimplePayTransaction.objects.filter(transaction_id=data["transactionId"]).update(
        authorized_at=timezone.now() - timedelta(days=21, seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _r, answer = call(client, "finish", finish_payload(data))
    assert answer["errorCodes"] == [5021]
    assert transaction_of(data).status == "REVERSED"
    assert merchant_inbox[-1]["status"] == "REVERSED"


# --- refund ---------------------------------------------------------------------


def refund_payload(data: dict, amount, **changes) -> dict:
    payload = common(orderRef=data["orderRef"], currency="HUF", refundTotal=amount)
    return _apply(payload, changes)


def test_partial_refunds_until_nothing_remains(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    data = paid(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _r, first = call(client, "refund", refund_payload(data, 500))
    assert list(first) == [
        "salt",
        "merchant",
        "orderRef",
        "currency",
        "transactionId",
        "refundTransactionId",
        "refundTotal",
        "remainingTotal",
    ]
    assert (first["transactionId"], first["refundTotal"], first["remainingTotal"]) == (
        data["transactionId"],
        500.0,
        1000.0,
    )
    assert first["refundTransactionId"] > data["transactionId"]
    refund_ipn = merchant_inbox[-1]
    assert (refund_ipn["status"], refund_ipn["orderRef"], refund_ipn["transactionId"]) == (
        "REFUND",
        data["orderRef"],
        first["refundTransactionId"],
    )
    _r, partial = call(client, "query", common(orderRefs=[data["orderRef"]], refunds=True))
    item = partial["transactions"][0]
    assert (item["status"], item["refundStatus"], item["remainingTotal"]) == (
        "FINISHED",
        "PARTIAL",
        1000.0,
    )
    assert item["refunds"] == [
        {
            "transactionId": first["refundTransactionId"],
            "refundTotal": -500.0,
            "refundDate": item["refunds"][0]["refundDate"],
            "status": "FINISHED",
        }
    ]
    # The refund is a transaction of its own, of a negative amount (doc §5.1).
    _r, child = call(client, "query", common(transactionIds=[str(first["refundTransactionId"])]))
    (refund_item,) = child["transactions"]
    assert (refund_item["status"], refund_item["total"], refund_item["orderRef"]) == (
        "REFUND",
        -500.0,
        data["orderRef"],
    )
    assert item["total"] == 1500.0  # the original keeps its amount
    _r, second = call(client, "refund", refund_payload(data, "1000"))
    assert second["remainingTotal"] == 0.0
    _r, full = call(client, "query", common(orderRefs=[data["orderRef"]], refunds=True))
    assert full["transactions"][0]["refundStatus"] == "FULL"
    _r, third = call(client, "refund", refund_payload(data, 1))
    assert third["errorCodes"] == [5110]


@pytest.mark.parametrize(
    ("amount", "changes", "code"),
    [
        (0, {}, 5110),
        (-5, {}, 5110),
        ("lots", {}, 5110),
        (1501, {}, 5110),
        (5, {"orderRef": REMOVE}, 5111),
        (5, {"orderRef": "NO-SUCH-ORDER"}, 5011),
        (5, {"currency": "EUR"}, 5307),
        (5, {"sdkVersion": REMOVE}, 5320),
    ],
)
def test_refund_refuses_with_the_documented_code(
    client, django_capture_on_commit_callbacks, amount, changes, code
):
    data = paid(client, django_capture_on_commit_callbacks)
    _r, answer = call(client, "refund", refund_payload(data, amount, **changes))
    assert answer["errorCodes"] == [code]
    assert not SimplePayTransaction.objects.filter(kind="refund").exists()


def test_refund_of_an_unpaid_transaction_is_5022(client):
    data = start(client)
    _r, answer = call(client, "refund", refund_payload(data, 5))
    assert answer["errorCodes"] == [5022]


def test_refund_of_a_refund_is_5014(client, django_capture_on_commit_callbacks):
    data = paid(client, django_capture_on_commit_callbacks)
    _r, first = call(client, "refund", refund_payload(data, 5))
    payload = refund_payload(data, 1, orderRef=REMOVE, transactionId=first["refundTransactionId"])
    _r, answer = call(client, "refund", payload)
    assert answer["errorCodes"] == [5014]


def test_refund_card_answers_5029(client, django_capture_on_commit_callbacks):
    data = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, data, "5400 0000 0000 0005")
    _r, answer = call(client, "refund", refund_payload(data, 5))
    assert answer["errorCodes"] == [5029]


def test_api_calls_are_recorded_for_the_sandbox_page(client):
    data = start(client)
    event = transaction_of(data).events.get(kind="api.start")
    assert json.loads(event.detail["request"])["orderRef"] == data["orderRef"]
    assert json.loads(event.detail["response"])["transactionId"] == data["transactionId"]
    assert SimplePayIpnDelivery.objects.count() == 0
