"""The SimplePay client over real HTTP against a local fake, and the doc's vectors."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.utils import timezone

from payments.simplepay_client import (
    SimplePayBadSignature,
    SimplePayClient,
    SimplePayMalformed,
    SimplePayRejected,
    SimplePayUnavailable,
    amount_of,
    decode_back,
    sign,
    signature_ok,
)
from tests.payments.conftest import MERCHANT, SECRET

# Public test vectors of the official documentation (account PUBLICTESTHUF).
DOC_KEY = "FxDa5w314kLlNseq2sKuVwaqZshZT5d6"
DOC_BODY = (
    b'{"salt":"c1ca1d0e9fc2323b3dda7cf145e36f5e","merchant":"PUBLICTESTHUF",'
    b'"orderRef":"101010516348232058105","currency":"HUF","customerEmail":"sdk_test@otpmobil.com",'
    b'"language":"HU","sdkVersion":"SimplePayV2.1_Payment_PHP_SDK_2.0.7_190701:'
    b'dd236896400d7463677a82a47f53e36e","methods":["CARD"],"total":"25",'
    b'"timeout":"2021-10-30T12:30:11+00:00","url":"https:\\/\\/sdk.simplepay.hu\\/back.php"}'
)
DOC_SIGNATURE = "gcDJ8J7TyT1rC/Ygj/8CihXaLwniMWRav09QSEMQUnv5TbYaEDvQAuBE1mW3plvZ"
DOC_BACK_JSON = (
    b'{"r":0,"t":99844942,"e":"SUCCESS","m":"PUBLICTESTHUF","o":"101010515680292482600"}'
)
DOC_BACK_S = "El/nvex9TjgjuORI63gEu5I5miGo4CSAD5lmEpKIxp7WuVRq6bBeh1QdyEvVGSsi"


def test_signature_matches_the_doc_vector():
    assert sign(DOC_KEY, DOC_BODY) == DOC_SIGNATURE
    assert signature_ok(DOC_KEY, DOC_BODY, DOC_SIGNATURE)
    # The same JSON with unescaped slashes is other bytes, hence another signature.
    assert not signature_ok(DOC_KEY, DOC_BODY.replace(b"\\/", b"/"), DOC_SIGNATURE)
    assert not signature_ok(DOC_KEY, DOC_BODY, "")
    assert not signature_ok(DOC_KEY, DOC_BODY, "ő" * 64)


def test_back_redirect_of_the_doc_verifies_over_the_decoded_json():
    import base64

    r = base64.b64encode(DOC_BACK_JSON).decode()
    back = decode_back(DOC_KEY, r, DOC_BACK_S)
    assert (back.code, back.transaction_id, back.event) == (0, "99844942", "SUCCESS")
    assert (back.merchant, back.order_ref) == ("PUBLICTESTHUF", "101010515680292482600")
    # A '+' that became a space on the way is restored.
    assert decode_back(DOC_KEY, r.replace("+", " "), DOC_BACK_S.replace("+", " ")) == back
    with pytest.raises(SimplePayBadSignature):
        decode_back(DOC_KEY, r, sign(DOC_KEY, r.encode()))  # over the base64 text: wrong
    with pytest.raises(SimplePayBadSignature):
        decode_back(DOC_KEY, "not base64!", DOC_BACK_S)
    assert quote(DOC_BACK_S)  # travels URL-encoded


def _client(fake, timeout=2.0) -> SimplePayClient:
    return SimplePayClient(
        merchant=MERCHANT, secret_key=SECRET, api_base=fake.base_url, timeout=timeout
    )


def _start(client, order_ref="UGY-2026-000001-BCDFGH", **extra):
    return client.start(
        order_ref=order_ref,
        total=3000,
        customer_email="citizen@example.hu",
        language="hu",
        timeout_at=timezone.localtime() + timedelta(minutes=15),
        url="http://127.0.0.1:8000/payments/simplepay/return/",
        **extra,
    )


def test_start_sends_a_signed_card_request_and_reads_the_answer(simplepay):
    result = _start(_client(simplepay), invoice={"name": "Teszt Elek", "country": "HU"})
    assert result.transaction_id == "501000001"
    assert result.payment_url.startswith("https://sandbox.simplepay.hu/pay/")
    assert result.total == Decimal("3000")

    sent = simplepay.calls("start")[0]
    assert signature_ok(SECRET, sent.body, sent.signature)
    assert b" " not in sent.body.split(b'"invoice"')[0]  # compact JSON
    data = sent.data
    assert len(data["salt"]) == 32
    assert data["merchant"] == MERCHANT
    assert data["orderRef"] == "UGY-2026-000001-BCDFGH"
    assert (data["currency"], data["total"], data["methods"]) == ("HUF", "3000", ["CARD"])
    assert data["language"] == "HU"
    assert data["sdkVersion"]
    assert data["customerEmail"] == "citizen@example.hu"
    assert data["url"].endswith("/payments/simplepay/return/")
    assert datetime.fromisoformat(data["timeout"]).utcoffset() is not None
    assert data["invoice"]["name"] == "Teszt Elek"
    # Sent on every start: on a two-step account its absence only reserves.
    assert data["twoStep"] is False and b'"twoStep":false' in sent.body


def test_start_needs_an_aware_deadline(simplepay):
    with pytest.raises(ValueError):
        _client(simplepay).start(
            order_ref="x",
            total=1,
            customer_email="a@b.hu",
            language="HU",
            timeout_at=datetime(2030, 1, 1),  # noqa: DTZ001 - the point of the test
            url="http://x",
        )


def test_error_codes_are_a_final_refusal(simplepay):
    simplepay.script("codes", codes=[5013])
    with pytest.raises(SimplePayRejected) as caught:
        _start(_client(simplepay))
    assert caught.value.codes == (5013,)
    assert not caught.value.retryable


def test_try_later_codes_are_retryable_refusals(simplepay):
    simplepay.script("codes", codes=[5029])
    with pytest.raises(SimplePayRejected) as caught:
        _client(simplepay).refund(order_ref="x", refund_total=1)
    assert caught.value.retryable


def test_a_slow_answer_times_out_as_retryable(simplepay):
    simplepay.script("hang", seconds=3)
    began = time.monotonic()
    with pytest.raises(SimplePayUnavailable) as caught:
        _start(_client(simplepay, timeout=0.5))
    assert time.monotonic() - began < 2.5
    assert caught.value.retryable


def test_http_failure_without_json_is_retryable(simplepay):
    simplepay.script("http", status=502)
    with pytest.raises(SimplePayUnavailable):
        _start(_client(simplepay))


def test_nobody_listening_is_retryable():
    client = SimplePayClient(
        merchant=MERCHANT, secret_key=SECRET, api_base="http://127.0.0.1:9", timeout=1
    )
    with pytest.raises(SimplePayUnavailable):
        client.query(order_refs=["x"])


def test_an_answer_with_a_bad_signature_is_not_trusted(simplepay):
    simplepay.script("bad_signature")
    with pytest.raises(SimplePayBadSignature) as caught:
        _start(_client(simplepay))
    assert not caught.value.retryable


def test_a_request_signed_with_another_key_is_refused_by_the_api(simplepay):
    client = SimplePayClient(
        merchant=MERCHANT, secret_key="wrong-key", api_base=simplepay.base_url, timeout=2
    )
    with pytest.raises(SimplePayRejected) as caught:
        _start(client)
    assert caught.value.codes == (5302,)


def test_query_and_refund(simplepay):
    client = _client(simplepay)
    _start(client, order_ref="A-1")
    simplepay.finish("A-1")
    [found] = client.query(order_refs=["A-1", "unknown"])
    assert (found.order_ref, found.status, found.transaction_id) == ("A-1", "FINISHED", "501000001")
    assert found.finish_date

    refund = client.refund(order_ref="A-1", refund_total=1000)
    assert refund.refund_total == Decimal(1000)
    assert refund.remaining_total == Decimal(2000)
    [found] = client.query(order_refs=["A-1"], refunds=True)
    assert found.refunds[0]["refundTotal"] == -1000.0
    sent = json.loads(simplepay.calls("query")[-1].body)
    assert sent["refunds"] is True and sent["orderRefs"] == ["A-1"]


def test_query_takes_at_most_fifty_ids(simplepay):
    with pytest.raises(ValueError):
        _client(simplepay).query(order_refs=[str(n) for n in range(51)])


@pytest.mark.parametrize(
    "value,expected",
    [(25, Decimal(25)), (25.0, Decimal("25.0")), ("-5.0", Decimal("-5.0")), ("1500", 1500)],
)
def test_amounts_read_from_simplepay(value, expected):
    assert amount_of(value) == expected


@pytest.mark.parametrize(
    "value",
    [10**24, "1e30", 1e300, "NaN", "sNaN", "Infinity", "-Infinity", "9" * 5000, True, None, "", []],
)
def test_amounts_out_of_range_or_not_numbers_are_refused(value):
    with pytest.raises(ValueError):
        amount_of(value)


UNUSABLE_ITEMS = {
    "total of 10^24": ({"total": 10**24}, "total is not an amount"),
    "total as text": ({"total": "lots"}, "total is not an amount"),
    "remainingTotal of 1e300": ({"remainingTotal": 1e300}, "remainingTotal is not an amount"),
    "transactionId of 30 digits": ({"transactionId": 10**29}, "transactionId is not an id"),
    "negative transactionId": ({"transactionId": -5}, "transactionId is not an id"),
    "status not a word": ({"status": "FINISHED!" * 40}, "status is not a status word"),
    "status not text": ({"status": 7}, "status is not a status word"),
}


@pytest.mark.parametrize("fields,defect", UNUSABLE_ITEMS.values(), ids=UNUSABLE_ITEMS.keys())
def test_an_unusable_query_item_says_why(simplepay, fields, defect):
    simplepay.add("A-1", 3000, "FINISHED")
    simplepay.script("patch", call="query", fields=fields)
    [found] = _client(simplepay).query(order_refs=["A-1"])
    assert found.defect == defect
    assert found.order_ref == "A-1"


def test_a_sound_query_item_has_no_defect_and_carries_its_total(simplepay):
    simplepay.add("A-1", 3000, "FINISHED")
    [found] = _client(simplepay).query(order_refs=["A-1"])
    assert (found.defect, found.total, found.remaining_total) == ("", Decimal(3000), Decimal(3000))


@pytest.mark.parametrize(
    "body",
    [
        b'{"merchant":"UGYSEGEDHUF","transactions":[{"total":NaN}],"totalCount":1}',
        b'{"merchant":"UGYSEGEDHUF","transactions":[{"total":1e400}],"totalCount":1}',
        b'{"merchant":"UGYSEGEDHUF","transactions":' + b"[" * 5000 + b"]" * 5000 + b"}",
    ],
    ids=["NaN", "1e400", "nested 5000 deep"],
)
def test_an_answer_json_cannot_hold_is_refused_whole(simplepay, body):
    simplepay.script("raw", call="query", body=body)
    with pytest.raises(SimplePayRejected):
        _client(simplepay).query(order_refs=["A-1"])


@pytest.mark.parametrize(
    "fields",
    [
        {"refundTotal": 10**24},
        {"refundTotal": "sNaN"},
        {"refundTransactionId": 10**25},
        {"remainingTotal": None},
    ],
)
def test_a_refund_answer_we_cannot_read_may_have_refunded(simplepay, fields):
    simplepay.add("A-1", 3000, "FINISHED")
    simplepay.script("patch_answer", call="refund", fields=fields)
    with pytest.raises(SimplePayMalformed) as caught:
        _client(simplepay).refund(order_ref="A-1", refund_total=1000)
    assert caught.value.retryable is False
