"""The IPN endpoint: attacks change nothing; a genuine notice is applied once."""

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


def _replayed_event(client, payment):
    # AUTHORIZED has no effects, so the snapshot after it is complete.
    body = ipn_body(payment, status="AUTHORIZED")
    assert post_ipn(client, body).status_code == 200
    _snapshot(payment)  # the first delivery is the genuine one
    return post_ipn(client, body)


def _transition_from_final_state(client, payment):
    payment.__class__.objects.filter(pk=payment.pk).update(state=PaymentState.SUCCEEDED)
    _snapshot(payment)
    return post_ipn(client, ipn_body(payment, status="CANCELLED"))


def _late_authorized_after_success(client, payment):
    payment.__class__.objects.filter(pk=payment.pk).update(state=PaymentState.SUCCEEDED)
    _snapshot(payment)
    return post_ipn(client, ipn_body(payment, status="AUTHORIZED"))


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
    "replayed event": (_replayed_event, 409),
    "transition from a final state": (_transition_from_final_state, 409),
    "late AUTHORIZED after success": (_late_authorized_after_success, 409),
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


def test_a_replayed_success_is_refused_after_its_effects_ran(
    client, make_payment, django_capture_on_commit_callbacks
):
    payment = make_payment(PaymentState.STARTED)
    body = ipn_body(payment)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_ipn(client, body).status_code == 200
    counts = (PaymentEvent.objects.count(), CaseEvent.objects.count())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert post_ipn(client, body).status_code == 409
    assert callbacks == []
    assert (PaymentEvent.objects.count(), CaseEvent.objects.count()) == counts
