"""The citizen's payment pages and the browser's return."""

from __future__ import annotations

import base64
import json

import pytest
from django.conf import settings
from django.urls import reverse

from cases.workflow import Status
from payments.models import Payment, PaymentEvent
from payments.simplepay_client import sign
from payments.workflow import PaymentState
from tests.factories import AddressFactory
from tests.payments.conftest import FEE, MERCHANT, SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def page(awaiting_case):
    return reverse("payments:case_payment", args=[awaiting_case.reference])


@pytest.fixture
def start_url(awaiting_case):
    return reverse("payments:start_card", args=[awaiting_case.reference])


def _back(order_ref: str, event: str, transaction_id=501000001, code=0, key=SECRET, merchant=None):
    decoded = json.dumps(
        {"r": code, "t": transaction_id, "e": event, "m": merchant or MERCHANT, "o": order_ref},
        separators=(",", ":"),
    ).encode()
    return {"r": base64.b64encode(decoded).decode(), "s": sign(key, decoded)}


# --- the payment page ------------------------------------------------------------


def test_payment_page_needs_login(client, page):
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


def test_payment_page_is_404_for_someone_elses_case(client, other_citizen, page):
    client.force_login(other_citizen)
    assert client.get(page).status_code == 404
    assert client.get(reverse("payments:case_payment", args=["UGY-2026-999999"])).status_code == 404


def test_payment_page_shows_fees_declaration_and_card_button(english, citizen, page, simplepay):
    english.force_login(citizen)
    response = english.get(page)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Administrative service fee" in body
    assert "HUF\u00a03,000" in body
    assert "OTP Mobil Kft." in body
    assert 'name="accept_data_transfer"' in body
    assert "Pay HUF\u00a03,000 by card" in body
    assert "Payment_information.pdf" in body
    csp = response["Content-Security-Policy"]
    form_action = next(d for d in csp.split(";") if "form-action" in d)
    assert simplepay.base_url in form_action and "https://*.simplepay.hu" in form_action
    assert "no-store" in response["Cache-Control"]


def test_start_without_accepting_the_declaration_starts_nothing(client, citizen, start_url):
    client.force_login(citizen)
    response = client.post(start_url, {})
    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_a_refused_consent_gets_a_focused_summary_linking_to_the_checkbox(
    english, citizen, start_url
):
    english.force_login(citizen)
    body = english.post(start_url, {}).content.decode()
    assert "<title>Error: Payment" in body
    assert (
        '<div class="alert alert-danger error-summary" role="alert" tabindex="-1" '
        'aria-labelledby="error-summary-title" autofocus>' in body
    )
    assert '<a href="#id_accept_data_transfer">' in body and 'id="id_accept_data_transfer"' in body
    assert 'href="#"' not in body
    assert body.count("autofocus") == 1


def test_start_redirects_to_the_payment_page_of_simplepay(
    client, citizen, awaiting_case, start_url, simplepay
):
    AddressFactory(person=citizen.person)
    client.force_login(citizen)
    response = client.post(start_url, {"accept_data_transfer": "on"})
    payment = Payment.objects.get()
    assert response.status_code == 303
    assert response["Location"] == payment.payment_url
    assert payment.state == PaymentState.STARTED
    assert payment.provider_transaction_id == "501000001"
    assert payment.amount == FEE
    assert payment.order_ref.startswith(awaiting_case.reference + "-")
    sent = simplepay.calls("start")[0].data
    assert sent["orderRef"] == payment.order_ref
    assert sent["customerEmail"] == citizen.email
    assert sent["total"] == str(FEE)
    assert sent["invoice"]["city"] == "Budapest"
    assert list(payment.events.values_list("kind", flat=True)) == [
        "payment.created",
        "simplepay.start",
    ]
    awaiting_case.refresh_from_db()
    assert awaiting_case.status == Status.AWAITING_PAYMENT


def test_second_click_does_not_start_a_second_payment(client, citizen, start_url, simplepay):
    client.force_login(citizen)
    client.post(start_url, {"accept_data_transfer": "on"})
    response = client.post(start_url, {"accept_data_transfer": "on"})
    assert response.status_code == 302
    assert Payment.objects.count() == 1
    assert len(simplepay.calls("start")) == 1


def test_provider_timeout_leaves_the_payment_waiting_and_a_new_click_settles_it_first(
    english, citizen, page, start_url, simplepay, settings
):
    english.force_login(citizen)
    simplepay.script("hang", seconds=2)
    settings.SIMPLEPAY_TIMEOUT_SECONDS = 0.3
    response = english.post(start_url, {"accept_data_transfer": "on"}, follow=True)
    first = Payment.objects.get()
    assert first.state == PaymentState.CREATED
    body = response.content.decode()
    assert "SimplePay did not answer in time. Your payment is waiting; nothing was lost." in body
    assert "your request is filed and kept, and no money has been taken" in body
    assert 'name="accept_data_transfer"' in body  # try again

    response = english.post(start_url, {"accept_data_transfer": "on"})
    assert response.status_code == 303
    first.refresh_from_db()
    assert first.state in PaymentState.unsuccessful()
    assert [c.data["orderRefs"] for c in simplepay.calls("query")] == [[first.order_ref]]
    assert Payment.objects.filter(state=PaymentState.STARTED).count() == 1


def test_start_is_refused_when_the_case_is_not_waiting_for_payment(
    client, citizen, awaiting_case, start_url, simplepay
):
    from cases.actions import submit_case

    submit_case(awaiting_case, by=citizen)
    client.force_login(citizen)
    response = client.post(start_url, {"accept_data_transfer": "on"})
    assert response.status_code == 302
    assert not Payment.objects.exists()


def test_start_is_post_only_and_404_for_others(client, other_citizen, start_url):
    client.force_login(other_citizen)
    assert client.get(start_url).status_code == 405
    assert client.post(start_url, {"accept_data_transfer": "on"}).status_code == 404


# --- the browser's return ----------------------------------------------------------


@pytest.mark.parametrize("event", ["SUCCESS", "FAIL", "CANCEL", "TIMEOUT"])
def test_return_only_shows_the_state_and_never_marks_paid(english, citizen, make_payment, event):
    payment = make_payment(PaymentState.STARTED)
    english.force_login(citizen)
    events = PaymentEvent.objects.count()
    response = english.get(reverse("payments:simplepay_return"), _back(payment.order_ref, event))
    assert response.status_code == 200
    body = response.content.decode()
    payment.refresh_from_db()
    payment.case.refresh_from_db()
    assert payment.state == PaymentState.STARTED
    assert payment.case.status == Status.AWAITING_PAYMENT
    assert PaymentEvent.objects.count() == events
    assert "Waiting for the bank&#x27;s confirmation" in body
    assert "Check my payment now" in body
    if event in ("SUCCESS", "FAIL"):
        assert "501000001" in body  # SimplePay requires the transaction id (doc §3.3)
    expected = {
        "SUCCESS": "Successful transaction.",
        "FAIL": "contact your card-issuing bank",
        "CANCEL": "You cancelled the payment.",
        "TIMEOUT": "You exceeded the maximum time allowed to start the transaction.",
    }[event]
    assert expected in body


def test_return_to_a_stranger_shows_no_case_data(english, other_citizen, make_payment):
    payment = make_payment(PaymentState.STARTED)
    english.force_login(other_citizen)
    response = english.get(
        reverse("payments:simplepay_return"), _back(payment.order_ref, "SUCCESS")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert payment.case.reference not in body
    assert "Check my payment now" not in body


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"r": "e30="},
        "wrong key",
        "other merchant",
        "unknown order",
        "transaction id of 30 digits",
        "result code beyond a float",
    ],
    ids=[
        "nothing",
        "no s",
        "wrong key",
        "other merchant",
        "unknown order",
        "transaction id of 30 digits",
        "result code beyond a float",
    ],
)
def test_return_that_is_not_genuine_is_refused(client, make_payment, params):
    payment = make_payment(PaymentState.STARTED)
    if params == "transaction id of 30 digits":
        params = _back(payment.order_ref, "SUCCESS", transaction_id=10**29)
    elif params == "result code beyond a float":
        params = _back(payment.order_ref, "FAIL", code=1e308)
        decoded = base64.b64decode(params["r"]).replace(b"1e+308", b"1e400")
        params = {"r": base64.b64encode(decoded).decode(), "s": sign(SECRET, decoded)}
    elif params == "wrong key":
        params = _back(payment.order_ref, "SUCCESS", key="not-our-key")
    elif params == "other merchant":
        params = _back(payment.order_ref, "SUCCESS", merchant="OTHERHUF")
    elif params == "unknown order":
        params = _back("UGY-2026-000999-XXXXXX", "SUCCESS")
    response = client.get(reverse("payments:simplepay_return"), params)
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED


# --- "check my payment now" -------------------------------------------------------------


def test_check_now_applies_what_simplepay_says(
    client, citizen, start_url, simplepay, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    client.post(start_url, {"accept_data_transfer": "on"})
    payment = Payment.objects.get()
    simplepay.finish(payment.order_ref)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payments:check", args=[payment.order_ref]))
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCEEDED
    payment.case.refresh_from_db()
    assert payment.case.status == Status.SUBMITTED
    assert payment.events.filter(kind="simplepay.query").count() == 1


def test_check_now_with_the_provider_down_changes_nothing(english, citizen, make_payment):
    payment = make_payment(PaymentState.STARTED)
    english.force_login(citizen)
    response = english.post(reverse("payments:check", args=[payment.order_ref]), follow=True)
    assert "We could not reach the payment provider" in response.content.decode()
    payment.refresh_from_db()
    assert payment.state == PaymentState.STARTED


def test_check_now_is_post_only_and_404_for_others(client, other_citizen, make_payment):
    payment = make_payment(PaymentState.STARTED)
    url = reverse("payments:check", args=[payment.order_ref])
    client.force_login(other_citizen)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404


def test_page_after_a_failure_offers_a_new_payment(english, citizen, make_payment, page):
    make_payment(PaymentState.FAILED)
    english.force_login(citizen)
    body = english.get(page).content.decode()
    assert "The payment did not go through" in body
    assert "No money was taken" in body
    assert 'name="accept_data_transfer"' in body


def test_page_when_paid_but_not_submitted_says_an_official_takes_it_up(
    english, citizen, make_payment, page
):
    make_payment(PaymentState.SUCCEEDED)
    english.force_login(citizen)
    body = english.get(page).content.decode()
    assert "could not be submitted automatically" in body
    assert 'name="accept_data_transfer"' not in body
