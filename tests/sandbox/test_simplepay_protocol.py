"""The emulator's signatures against the worked examples of the SimplePay doc."""

from __future__ import annotations

import base64
import json

import pytest

from sandbox.simplepay import protocol
from tests.sandbox.test_simplepay_api import call

# The public sample key of the bank's test account PUBLICTESTHUF (doc §1.4).
DOC_KEY = "FxDa5w314kLlNseq2sKuVwaqZshZT5d6"
DOC_REQUEST = (
    b'{"salt":"c1ca1d0e9fc2323b3dda7cf145e36f5e","merchant":"PUBLICTESTHUF",'
    b'"orderRef":"101010516348232058105","currency":"HUF","customerEmail":"sdk_test@otpmobil.com",'
    b'"language":"HU","sdkVersion":"SimplePayV2.1_Payment_PHP_SDK_2.0.7_190701:'
    b'dd236896400d7463677a82a47f53e36e","methods":["CARD"],"total":"25",'
    b'"timeout":"2021-10-30T12:30:11+00:00","url":"https:\\/\\/sdk.simplepay.hu\\/back.php"}'
)
DOC_REQUEST_SIGNATURE = "gcDJ8J7TyT1rC/Ygj/8CihXaLwniMWRav09QSEMQUnv5TbYaEDvQAuBE1mW3plvZ"
DOC_BACK_JSON = (
    b'{"r":0,"t":99844942,"e":"SUCCESS","m":"PUBLICTESTHUF","o":"101010515680292482600"}'
)
DOC_BACK_SIGNATURE = "El/nvex9TjgjuORI63gEu5I5miGo4CSAD5lmEpKIxp7WuVRq6bBeh1QdyEvVGSsi"


def test_request_signature_matches_the_doc():
    assert protocol.sign(DOC_KEY, DOC_REQUEST) == DOC_REQUEST_SIGNATURE
    assert len(DOC_REQUEST_SIGNATURE) == 64
    assert protocol.verify(DOC_KEY, DOC_REQUEST, DOC_REQUEST_SIGNATURE)


def test_exact_bytes_matter_escaped_slashes_sign_differently():
    unescaped = DOC_REQUEST.replace(b"\\/", b"/")
    assert json.loads(unescaped) == json.loads(DOC_REQUEST)
    assert not protocol.verify(DOC_KEY, unescaped, DOC_REQUEST_SIGNATURE)


def test_key_is_trimmed_as_the_sdk_trims_it():
    assert protocol.sign(f" {DOC_KEY}\n", DOC_REQUEST) == DOC_REQUEST_SIGNATURE


def test_verify_refuses_missing_and_wrong_signatures():
    assert not protocol.verify(DOC_KEY, DOC_REQUEST, None)
    assert not protocol.verify(DOC_KEY, DOC_REQUEST, "")
    assert not protocol.verify(DOC_KEY, DOC_REQUEST, DOC_BACK_SIGNATURE)
    assert not protocol.verify("another key", DOC_REQUEST, DOC_REQUEST_SIGNATURE)


def test_back_redirect_parameters_match_the_doc():
    payload = json.loads(DOC_BACK_JSON)
    r, s = protocol.back_parameters(DOC_KEY, payload)
    assert base64.b64decode(r) == DOC_BACK_JSON
    assert s == DOC_BACK_SIGNATURE
    # The signature is over the decoded JSON, not over the base64 text.
    assert protocol.sign(DOC_KEY, r.encode()) != DOC_BACK_SIGNATURE


def test_compact_json_has_no_whitespace_and_unescaped_slashes():
    assert protocol.compact({"a": 1, "url": "https://x.hu/b", "n": "á"}) == (
        '{"a":1,"url":"https://x.hu/b","n":"á"}'.encode()
    )


def test_salt_is_32_alphanumerics():
    salts = {protocol.new_salt() for _ in range(20)}
    assert len(salts) == 20
    assert all(len(s) == 32 and s.isalnum() for s in salts)


def test_times_in_api_and_ipn_formats():
    from datetime import UTC, datetime

    moment = datetime(2019, 9, 9, 12, 46, 18, 123, tzinfo=UTC)
    assert protocol.api_time(moment) == "2019-09-09T14:46:18+02:00"
    assert protocol.ipn_time(moment) == "2019-09-09T14:46:18+0200"


def test_amounts_leave_as_floats():
    from decimal import Decimal

    assert protocol.compact({"total": protocol.amount(Decimal("25"))}) == b'{"total":25.0}'
    assert protocol.compact({"total": protocol.amount(Decimal("12.50"))}) == b'{"total":12.5}'


@pytest.mark.django_db
def test_the_emulator_accepts_the_doc_request_bytes(client, settings):
    settings.SIMPLEPAY_MERCHANT = "PUBLICTESTHUF"
    settings.SIMPLEPAY_SECRET_KEY = DOC_KEY
    settings.SANDBOX_SIMPLEPAY_CURRENCY = "HUF"
    response, data = call(client, "start", DOC_REQUEST, key=DOC_KEY)
    assert "errorCodes" not in data
    assert data["orderRef"] == "101010516348232058105"
    assert data["total"] == 25.0
    assert data["timeout"] == "2021-10-30T14:30:11+02:00"
    assert response["Signature"] == protocol.sign(DOC_KEY, response.content)
