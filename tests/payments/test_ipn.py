"""The IPN endpoint: attacks change nothing; a genuine notice is applied once,
and every genuine delivery, repeated or stale, is confirmed."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from cases.models import CaseEvent
from cases.workflow import Status
from notifications.models import Notification
from payments.models import PaymentEvent
from payments.providers.simplepay import event_id
from payments.simplepay_client import dumps, sign, signature_ok
from payments.workflow import PaymentState
from tests.payments.conftest import FEE, SECRET, ipn_body, post_ipn

pytestmark = pytest.mark.django_db

URL = "/payments/simplepay/ipn/"


def _missing_signature(client, payment):
    return client.post(URL, data=ipn_body(payment), content_type="application/json")


def _wrong_key(client, payment):
    return post_ipn(client, ipn_body(payment), key="another-merchant-secret-key")


def _tampered_amount_with_old_signature(client, payment):
    signed = ipn_body(payment, total=FEE)
    tampered = ipn_body(payment, total=30)
    return post_ipn(client, tampered, signature=sign(SECRET, signed))


def _tampered_status_with_old_signature(client, payment):
    signed = ipn_body(payment, status="CANCELLED")
    return post_ipn(client, ipn_body(payment), signature=sign(SECRET, signed))


def _signed_wrong_amount(client, payment):
    return post_ipn(client, ipn_body(payment, total=30))


def _signed_wrong_currency(client, payment):
    return post_ipn(client, ipn_body(payment, currency="EUR"))


def _signed_wrong_merchant(client, payment):
    return post_ipn(client, ipn_body(payment, merchant="SOMEONEELSEHUF"))


def _signed_other_transaction(client, payment):
    return post_ipn(client, ipn_body(payment, transactionId=999999999))


def _unknown_order_ref(client, payment):
    return post_ipn(client, ipn_body(payment, orderRef="UGY-2026-999999-BCDFGH"))


def _non_utf8_body(client, payment):
    body = ipn_body(payment).replace(b'"method":"CARD"', b'"method":"CARD\xff\xfe"')
    return post_ipn(client, body)


def _oversized_body(client, payment):
    return post_ipn(client, ipn_body(payment, padding="x" * (64 * 1024)))


def _wrong_content_type(client, payment):
    return post_ipn(client, ipn_body(payment), content_type="text/plain")


def _form_content_type(client, payment):
    return post_ipn(client, ipn_body(payment), content_type="application/x-www-form-urlencoded")


def _non_utf8_charset(client, payment):
    return post_ipn(client, ipn_body(payment), content_type="application/json; charset=latin-1")


def _get_instead_of_post(client, payment):
    return client.get(URL, {"orderRef": payment.order_ref})


def _invalid_json(client, payment):
    return post_ipn(client, b'{"orderRef":"' + payment.order_ref.encode() + b'",')


def _json_array(client, payment):
    return post_ipn(client, b"[" + ipn_body(payment) + b"]")


def _duplicate_keys(client, payment):
    body = ipn_body(payment)[:-1] + b',"status":"CANCELLED"}'
    return post_ipn(client, body)


def _missing_transaction_id(client, payment):
    data = json.loads(ipn_body(payment))
    del data["transactionId"]
    return post_ipn(client, dumps(data))


def _signature_over_reserialised_json(client, payment):
    body = ipn_body(payment)
    reserialised = json.dumps(json.loads(body), indent=1).encode()
    return post_ipn(client, body, signature=sign(SECRET, reserialised))


def _total_beyond_any_amount(client, payment):
    return post_ipn(client, ipn_body(payment, total=10**24))


def _total_overflowing_a_float(client, payment):
    return post_ipn(client, ipn_body(payment)[:-1] + b',"total":1e400}')


def _total_signalling_nan(client, payment):
    return post_ipn(client, ipn_body(payment, total="sNaN"))


def _nan_literal(client, payment):
    return post_ipn(client, ipn_body(payment)[:-1] + b',"total":NaN}')


def _transaction_id_wider_than_its_column(client, payment):
    return post_ipn(client, ipn_body(payment, transactionId=10**30))


def _transaction_id_of_five_thousand_digits(client, payment):
    return post_ipn(client, ipn_body(payment)[:-1] + b',"transactionId":"' + b"9" * 5000 + b'"}')


def _status_that_is_not_a_word(client, payment):
    return post_ipn(client, ipn_body(payment, status="FINISHED" + "X" * 300))


def _deeply_nested_json(client, payment):
    return post_ipn(client, b"[" * 30000 + b"]" * 30000)


def _signature_over_escaped_slashes(client, payment):
    body = ipn_body(payment, note="a/b")
    escaped = body.replace(b"/", b"\\/")
    return post_ipn(client, body, signature=sign(SECRET, escaped))


ATTACKS = {
    "missing signature": (_missing_signature, 403),
    "wrong key": (_wrong_key, 403),
    "tampered amount, old signature": (_tampered_amount_with_old_signature, 403),
    "tampered status, old signature": (_tampered_status_with_old_signature, 403),
    "signed, wrong amount": (_signed_wrong_amount, 422),
    "signed, wrong currency": (_signed_wrong_currency, 422),
    "signed, wrong merchant": (_signed_wrong_merchant, 422),
    "signed, another transaction": (_signed_other_transaction, 422),
    "unknown orderRef": (_unknown_order_ref, 404),
    "total of 10^24": (_total_beyond_any_amount, 400),
    "total overflowing a float": (_total_overflowing_a_float, 400),
    "total sNaN": (_total_signalling_nan, 400),
    "NaN literal": (_nan_literal, 400),
    "transactionId of 31 digits": (_transaction_id_wider_than_its_column, 400),
    "transactionId of 5000 digits": (_transaction_id_of_five_thousand_digits, 400),
    "status that is not a word": (_status_that_is_not_a_word, 400),
    "deeply nested JSON": (_deeply_nested_json, 400),
    "non-UTF-8 body": (_non_utf8_body, 400),
    "oversized body": (_oversized_body, 413),
    "wrong content type": (_wrong_content_type, 415),
    "form content type": (_form_content_type, 415),
    "non-UTF-8 charset": (_non_utf8_charset, 415),
    "GET instead of POST": (_get_instead_of_post, 405),
    "invalid JSON": (_invalid_json, 400),
    "JSON array": (_json_array, 400),
    "duplicate keys": (_duplicate_keys, 400),
    "missing transactionId": (_missing_transaction_id, 400),
    "signature over re-serialised JSON": (_signature_over_reserialised_json, 403),
    "signature over escaped slashes": (_signature_over_escaped_slashes, 403),
}

_state: dict = {}


def _snapshot(payment):
    payment.refresh_from_db()
    _state.update(
        state=payment.state,
        events=PaymentEvent.objects.count(),
        case_events=CaseEvent.objects.count(),
        case_status=payment.case.status,
        mails=Notification.objects.count(),
    )


@pytest.mark.parametrize("attack,expected", ATTACKS.values(), ids=ATTACKS.keys())
def test_ipn_attack_changes_nothing(
    client, make_payment, attack, expected, django_capture_on_commit_callbacks
):
    payment = make_payment(PaymentState.STARTED)
    _snapshot(payment)
    with django_capture_on_commit_callbacks(execute=True):
        response = attack(client, payment)
    assert response.status_code == expected
    assert "Signature" not in response
    payment.refresh_from_db()
    payment.case.refresh_from_db()
    assert payment.state == _state["state"]
    assert PaymentEvent.objects.count() == _state["events"]
    assert CaseEvent.objects.count() == _state["case_events"]
    assert payment.case.status == _state["case_status"]
    assert Notification.objects.count() == _state["mails"]


def test_valid_ipn_is_applied_and_answered_with_a_signed_echo(
    client, make_payment, citizen, django_capture_on_commit_callbacks
):
    payment = make_payment(PaymentState.STARTED)
    body = ipn_body(payment)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_ipn(client, body)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    reply = response.content
    assert signature_ok(SECRET, reply, response["Signature"])
    # The same bytes, with receiveDate added before the last brace.
    assert reply.startswith(body[:-1] + b',"receiveDate":"')
    answer = json.loads(reply)
    assert {k: v for k, v in answer.items() if k != "receiveDate"} == json.loads(body)
    received = datetime.fromisoformat(answer["receiveDate"])
    assert received.utcoffset() is not None

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert payment.next_check_at is None
    assert payment.paid_at is not None
    event = payment.events.get(kind="simplepay.ipn")
    assert (event.from_state, event.to_state) == (PaymentState.STARTED, PaymentState.SUCCEEDED)
    assert event.provider_event_id == "ipn:501000001:FINISHED:2026-11-21T13:46:18Z"
    assert event.payload["status"] == "FINISHED"
    payment.case.refresh_from_db()
    assert payment.case.status == Status.SUBMITTED
    kinds = list(payment.case.events.values_list("kind", flat=True))
    assert "payment.received" in kinds and "case.submitted" in kinds
    templates = set(Notification.objects.values_list("template", flat=True))
    assert templates == {"payment_received", "case_status"}


def test_the_same_state_reached_by_a_query_first_is_acknowledged(client, make_payment):
    payment = make_payment(PaymentState.SUCCEEDED)
    response = post_ipn(client, ipn_body(payment))
    assert response.status_code == 200
    event = payment.events.get()
    assert event.to_state == ""  # recorded, nothing changed


def test_success_after_an_earlier_failure_is_accepted(client, make_payment):
    payment = make_payment(PaymentState.STARTED)
    assert post_ipn(client, ipn_body(payment, status="CANCELLED")).status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.CANCELLED
    later = ipn_body(payment, status="FINISHED", finishDate="2026-11-21T14:50:00+0100")
    assert post_ipn(client, later).status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED


def test_refund_notice_is_recorded_without_a_state_change(client, make_payment):
    payment = make_payment(PaymentState.SUCCEEDED)
    # A REFUND notice may carry the refund transaction's own id.
    response = post_ipn(client, ipn_body(payment, status="REFUND", transactionId=501000099))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert payment.events.get().kind == "simplepay.ipn.refund"


def test_unknown_status_is_recorded_and_left_for_the_next_query(client, make_payment):
    payment = make_payment(PaymentState.STARTED)
    response = post_ipn(client, ipn_body(payment, status="SOMETHINGNEW"))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED
    assert payment.events.get().kind == "simplepay.ipn.unknown_status"


def test_extra_fields_and_the_doc_ipn_shape_are_accepted(client, make_payment):
    payment = make_payment(PaymentState.STARTED, transaction_id="")
    body = ipn_body(payment, cardMask="xxxx-xxxx-xxxx-1234", total=float(FEE), currency="HUF")
    assert post_ipn(client, body).status_code == 200
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    assert payment.provider_transaction_id == "501000001"


def test_header_name_is_case_insensitive_and_charset_utf8_is_fine(client, make_payment):
    payment = make_payment(PaymentState.STARTED)
    body = ipn_body(payment)
    response = client.generic(
        "POST",
        URL,
        body,
        content_type="application/json; charset=UTF-8",
        headers={"signature": sign(SECRET, body)},
    )
    assert response.status_code == 200


def test_event_id_reads_both_offset_forms_as_one_time():
    assert event_id("ipn", "1", "FINISHED", "2019-09-09T14:46:18+0200") == event_id(
        "ipn", "1", "FINISHED", "2019-09-09T14:46:18+02:00"
    )
    assert event_id("ipn", "1", "FINISHED", "") == "ipn:1:FINISHED:"


def _assert_confirmed(response, body: bytes) -> None:
    """Answered as a first delivery is: 200, the body echoed with receiveDate, signed."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert signature_ok(SECRET, response.content, response["Signature"])
    assert response.content.startswith(body[:-1] + b',"receiveDate":"')
    answer = json.loads(response.content)
    assert {k: v for k, v in answer.items() if k != "receiveDate"} == json.loads(body)
    assert datetime.fromisoformat(answer["receiveDate"]).utcoffset() is not None


def test_a_second_delivery_of_a_success_is_confirmed_and_changes_nothing(
    client, make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(PaymentState.STARTED)
    body = ipn_body(payment)
    with django_capture_on_commit_callbacks(execute=True):
        _assert_confirmed(post_ipn(client, body), body)
    payment.refresh_from_db()
    payment.case.refresh_from_db()
    assert (payment.state, payment.case.status) == (PaymentState.SUCCEEDED, Status.SUBMITTED)
    counts = (
        PaymentEvent.objects.count(),
        CaseEvent.objects.count(),
        Notification.objects.count(),
    )
    updated = payment.updated_at

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = post_ipn(client, body)

    _assert_confirmed(second, body)
    assert callbacks == []
    payment.refresh_from_db()
    assert (payment.state, payment.updated_at) == (PaymentState.SUCCEEDED, updated)
    counts_after = (
        PaymentEvent.objects.count(),
        CaseEvent.objects.count(),
        Notification.objects.count(),
    )
    assert counts_after == counts


def _set_state(payment, state):
    payment.__class__.objects.filter(pk=payment.pk).update(state=state)


STALE = {
    # the state the payment reached, and the older news that arrives after it
    "AUTHORIZED again after AUTHORIZED": (PaymentState.STARTED, "AUTHORIZED", "AUTHORIZED"),
    "AUTHORIZED after success": (PaymentState.SUCCEEDED, None, "AUTHORIZED"),
    "CANCELLED after success": (PaymentState.SUCCEEDED, None, "CANCELLED"),
    "TIMEOUT after success": (PaymentState.SUCCEEDED, None, "TIMEOUT"),
    "FINISHED after a full refund": (PaymentState.REFUNDED, None, "FINISHED"),
    "AUTHORIZED after a cancellation": (PaymentState.CANCELLED, None, "AUTHORIZED"),
}


@pytest.mark.parametrize("reached,first,late", STALE.values(), ids=STALE.keys())
def test_a_repeated_or_stale_ipn_is_confirmed_and_changes_nothing(
    client, make_payment, django_capture_on_commit_callbacks, reached, first, late
):
    payment = make_payment(reached)
    if first is not None:
        assert post_ipn(client, ipn_body(payment, status=first)).status_code == 200
    else:
        _set_state(payment, reached)
    _snapshot(payment)
    body = ipn_body(payment, status=late)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_ipn(client, body)

    _assert_confirmed(response, body)
    assert callbacks == []
    payment.refresh_from_db()
    payment.case.refresh_from_db()
    assert payment.state == _state["state"]
    assert PaymentEvent.objects.count() == _state["events"]
    assert CaseEvent.objects.count() == _state["case_events"]
    assert payment.case.status == _state["case_status"]
    assert Notification.objects.count() == _state["mails"]


def test_a_forged_repeat_is_still_refused(client, make_payment):
    payment = make_payment(PaymentState.STARTED)
    body = ipn_body(payment)
    assert post_ipn(client, body).status_code == 200
    again = post_ipn(client, body, key="another-merchant-secret-key")
    assert again.status_code == 403
    assert "Signature" not in again
