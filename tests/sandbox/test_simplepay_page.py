"""The emulator's payment page: test cards, cancel, timeout, 3-D Secure, and
the signed redirect back to the merchant."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.utils import timezone

from sandbox.models import SimplePayIpnDelivery, SimplePayTransaction
from tests.sandbox.test_simplepay_api import (
    KEY,
    MERCHANT,
    SUCCESS_CARD,
    configure_account,
    hmac_b64,
    install_merchant_inbox,
    pay,
    start,
    token_of,
    transaction_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("account", "merchant_inbox")]


@pytest.fixture
def account(settings):
    return configure_account(settings)


@pytest.fixture
def merchant_inbox(monkeypatch):
    return install_merchant_inbox(monkeypatch)


URLS = {
    e: f"https://merchant.example/{e}/?case=K-1" for e in ("success", "fail", "cancel", "timeout")
}


def back_of(response) -> tuple[str, dict]:
    """Check the redirect back to the merchant as the merchant would, with an
    implementation of its own: URL-decode, base64-decode `r`, HMAC the
    decoded bytes, compare with `s`; only then read the JSON."""
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    query = parse_qs(parts.query)
    r, s = query["r"][0], query["s"][0]
    decoded = base64.b64decode(r, validate=True)
    assert hmac_b64(KEY, decoded) == s
    assert decoded == json.dumps(json.loads(decoded), separators=(",", ":")).encode()
    back = json.loads(decoded)
    assert list(back) == ["r", "t", "e", "m", "o"]
    rest = urlencode({k: v for k, v in query.items() if k not in {"r", "s"}}, doseq=True)
    return urlunsplit(parts._replace(query=rest)), back


def page_url(data: dict, suffix: str = "") -> str:
    return f"/sandbox/simplepay/pay/{token_of(data)}/{suffix}"


def test_success_card_redirects_with_a_signed_success(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    data = start(client, urls=URLS)
    response = client.get(page_url(data))
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = pay(client, data)
        url, back = back_of(response)
        assert transaction_of(data).status == "INFRAUD"  # back first, screening after
    assert callbacks
    assert url == URLS["success"]
    assert back == {
        "r": 0,
        "t": data["transactionId"],
        "e": "SUCCESS",
        "m": MERCHANT,
        "o": data["orderRef"],
    }
    assert transaction_of(data).status == "FINISHED"
    (sent,) = merchant_inbox
    assert list(sent) == [
        "salt",
        "orderRef",
        "method",
        "merchant",
        "finishDate",
        "paymentDate",
        "transactionId",
        "status",
    ]
    assert (sent["status"], sent["transactionId"], sent["orderRef"]) == (
        "FINISHED",
        data["transactionId"],
        data["orderRef"],
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", sent["finishDate"])


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("4000000000000028", 2013),
        ("4000 0000 0000 0036", 2063),
        ("4000-0000-0000-0044", 2071),
        ("4000000000000051", 2077),
        ("4111111111111111", 2071),  # a valid number, but no test card
    ],
)
def test_decline_cards_redirect_with_a_signed_fail(
    client, merchant_inbox, django_capture_on_commit_callbacks, number, code
):
    data = start(client, urls=URLS)
    with django_capture_on_commit_callbacks(execute=True):
        url, back = back_of(pay(client, data, number))
    assert url == URLS["fail"]
    assert (back["e"], back["r"], back["t"]) == ("FAIL", code, data["transactionId"])
    assert transaction_of(data).status == "NOTAUTHORIZED"
    assert merchant_inbox == []  # NOTAUTHORIZED has no IPN


def test_cancel_redirects_with_a_signed_cancel(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    data = start(client, urls=URLS)
    with django_capture_on_commit_callbacks(execute=True):
        url, back = back_of(client.post(page_url(data, "cancel/")))
    assert url == URLS["cancel"]
    assert (back["e"], back["r"]) == ("CANCEL", 2016)
    assert transaction_of(data).status == "CANCELLED"
    assert [(i["status"], "finishDate" in i) for i in merchant_inbox] == [("CANCELLED", False)]


def test_failure_ipns_are_an_opt_in(
    client, account, merchant_inbox, django_capture_on_commit_callbacks
):
    account.SANDBOX_SIMPLEPAY_FAILURE_IPNS = False
    data = start(client, urls=URLS)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_url(data, "cancel/"))
    assert transaction_of(data).status == "CANCELLED"
    assert merchant_inbox == []


def test_timeout_card_waits_until_the_deadline_then_times_out(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    data = start(client, urls=URLS)
    response = pay(client, data, "4000 0000 0000 0069")
    assert response.status_code == 302 and response["Location"] == page_url(data)
    page = client.get(page_url(data))
    assert "Újra ellenőrzöm".encode() in page.content
    assert transaction_of(data).status == "INIT"
    # Before the deadline, checking again leaves it waiting.
    response = client.post(page_url(data, "return/"))
    assert response["Location"] == page_url(data)
    SimplePayTransaction.objects.filter(transaction_id=data["transactionId"]).update(
        timeout_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        url, back = back_of(client.post(page_url(data, "return/")))
    assert url == URLS["timeout"]
    assert (back["e"], back["r"]) == ("TIMEOUT", 5016)
    assert transaction_of(data).status == "TIMEOUT"
    assert [i["status"] for i in merchant_inbox] == ["TIMEOUT"]


def test_an_open_page_past_its_deadline_sends_the_citizen_back_with_timeout(client):
    data = start(client, urls=URLS)
    SimplePayTransaction.objects.filter(transaction_id=data["transactionId"]).update(
        timeout_at=timezone.now() - timedelta(seconds=1)
    )
    page = client.get(page_url(data))
    assert page.status_code == 200 and b'name="number"' not in page.content
    assert transaction_of(data).status == "INIT"  # GET changes nothing
    url, back = back_of(pay(client, data))
    assert (url, back["e"]) == (URLS["timeout"], "TIMEOUT")


def test_sweep_times_out_abandoned_payments(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    from sandbox.simplepay.tasks import sweep

    data = start(client, timeout=(timezone.now() - timedelta(seconds=1)).isoformat())
    waiting = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.delay().get() == {"moved": 1, "ipn": 0, "screenings": 0}
    assert transaction_of(data).status == "TIMEOUT"
    assert transaction_of(waiting).status == "INIT"
    assert [i["status"] for i in merchant_inbox] == ["TIMEOUT"]


def test_sweep_completes_a_screening_whose_task_was_lost(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    from sandbox.models import SimplePayEvent
    from sandbox.simplepay.tasks import sweep

    data = start(client, urls=URLS)
    # The screening's completion task is never run: lost with a dead broker.
    with django_capture_on_commit_callbacks(execute=False):
        pay(client, data)
    assert transaction_of(data).status == "INFRAUD"
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.delay().get()["screenings"] == 0  # still within its screening time
    SimplePayEvent.objects.filter(transaction=transaction_of(data)).update(
        at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.delay().get()["screenings"] == 1
    assert transaction_of(data).status == "FINISHED"
    assert [i["status"] for i in merchant_inbox] == ["FINISHED"]


def test_three_d_secure_pass(client, django_capture_on_commit_callbacks):
    data = start(client, urls=URLS)
    response = pay(client, data, "4000000000000077")
    assert response["Location"] == page_url(data, "3ds/")
    assert transaction_of(data).status == "INPAYMENT"
    assert client.get(page_url(data)).status_code == 302
    page = client.get(page_url(data, "3ds/"))
    assert page.status_code == 200 and b'autocomplete="one-time-code"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        _url, back = back_of(client.post(page_url(data, "3ds/code/"), {"code": "1234"}))
    assert (back["e"], back["r"]) == ("SUCCESS", 0)
    assert transaction_of(data).status == "FINISHED"


def test_three_d_secure_fail_and_wrong_code(client):
    data = start(client, urls=URLS)
    pay(client, data, "4000000000000077")
    wrong = client.post(page_url(data, "3ds/code/"), {"code": "9999"})
    assert wrong.status_code == 400 and b'aria-invalid="true"' in wrong.content
    url, back = back_of(client.post(page_url(data, "3ds/code/"), {"code": "1111"}))
    assert (url, back["e"], back["r"]) == (URLS["fail"], "FAIL", 3000)
    assert transaction_of(data).status == "NOTAUTHORIZED"


def test_fraud_card_says_success_but_never_pays(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    data = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        _url, back = back_of(pay(client, data, "4000000000000085"))
    assert back["e"] == "SUCCESS"
    assert transaction_of(data).status == "FRAUD"
    assert merchant_inbox == []


def test_withheld_ipn_waits_for_a_manual_send(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    data = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, data, "4000000000000093")
    assert transaction_of(data).status == "FINISHED"
    assert merchant_inbox == []
    delivery = SimplePayIpnDelivery.objects.get()
    assert delivery.state == "withheld"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sandbox/simplepay/ipn/{delivery.pk}/send/")
    assert response.status_code == 302
    assert [i["status"] for i in merchant_inbox] == ["FINISHED"]
    assert SimplePayIpnDelivery.objects.filter(manual=True, state="delivered").count() == 1


def test_duplicating_card_sends_each_ipn_twice(
    client, merchant_inbox, django_capture_on_commit_callbacks
):
    data = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, data, "5555 5555 5555 4402")
    assert [i["status"] for i in merchant_inbox] == ["FINISHED", "FINISHED"]
    assert merchant_inbox[0] == merchant_inbox[1]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("number", "4908366099900426"),  # fails the Luhn check
        ("number", ""),
        ("expiry", "13/30"),
        ("expiry", "01/20"),
        ("cvc", "12"),
        ("holder", ""),
        ("holder", "X" * 33),
    ],
)
def test_card_form_errors_are_shown_and_change_nothing(client, field, value):
    data = start(client)
    form = {"number": SUCCESS_CARD, "expiry": "12/39", "cvc": "123", "holder": "Teszt Elek"}
    response = client.post(page_url(data, "card/"), {**form, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and f'href="#id_{field}"' in html
    assert re.search(rf'id="id_{field}"[^>]*aria-describedby="[^"]*id_{field}_error"', html, re.S)
    assert 'aria-invalid="true"' in html
    assert f'value="{value}"' not in html or field != "cvc"
    assert transaction_of(data).status == "INIT"


def test_page_speaks_the_requested_language_and_works_without_javascript(client):
    hungarian = client.get(page_url(start(client)))
    html = hungarian.content.decode()
    assert '<html lang="hu">' in html
    assert "<script" not in html
    for field, autocomplete in [
        ("number", "cc-number"),
        ("expiry", "cc-exp"),
        ("cvc", "cc-csc"),
        ("holder", "cc-name"),
    ]:
        assert f'<label class="form-label" for="id_{field}">' in html
        assert re.search(rf'id="id_{field}"[^>]*autocomplete="{autocomplete}"', html, re.S)
    assert html.count('name="csrfmiddlewaretoken"') == 2  # pay and cancel forms
    english = client.get(page_url(start(client, language="EN")))
    assert '<html lang="en">' in english.content.decode()


def test_page_allows_its_forms_to_end_at_the_merchant(client):
    data = start(client, urls={**URLS, "cancel": "ugysegeg://back"})
    policy = client.get(page_url(data))["Content-Security-Policy"]
    form_action = next(p for p in policy.split(";") if "form-action" in p)
    assert "'self'" in form_action and "https://merchant.example" in form_action
    assert "ugysegeg:" in form_action


def test_app_scheme_back_url_is_followed(client):
    data = start(client, url="ugysegeg://payment/back")
    response = client.post(page_url(data, "cancel/"))
    assert response.status_code == 302 and response["Location"].startswith(
        "ugysegeg://payment/back?r="
    )


def test_a_used_page_offers_the_way_back_and_cannot_pay_again(
    client, django_capture_on_commit_callbacks
):
    data = start(client, urls=URLS)
    with django_capture_on_commit_callbacks(execute=True):
        first = pay(client, data)
    page = client.get(page_url(data))
    assert page.status_code == 200 and b'name="number"' not in page.content
    assert first["Location"].replace("&", "&amp;").encode() in page.content
    again = pay(client, data)
    assert again.status_code == 302 and again["Location"] == page_url(data)
    assert client.get("/sandbox/simplepay/pay/no-such-page/").status_code == 404


def test_sandbox_overview_and_transaction_page(client, django_capture_on_commit_callbacks):
    data = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, data)
    overview = client.get("/sandbox/simplepay/")
    assert overview.status_code == 200
    assert str(data["transactionId"]).encode() in overview.content
    assert b"<caption" in overview.content
    detail = client.get(f"/sandbox/simplepay/transactions/{data['transactionId']}/")
    assert detail.status_code == 200
    assert b"FINISHED" in detail.content and b"api.start" in detail.content


def test_test_clock_buttons(client, two_step, merchant_inbox, django_capture_on_commit_callbacks):
    waiting = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sandbox/simplepay/transactions/{waiting['transactionId']}/expire/")
    assert transaction_of(waiting).status == "TIMEOUT"
    reserved = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, reserved)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sandbox/simplepay/transactions/{reserved['transactionId']}/release/")
    assert transaction_of(reserved).status == "REVERSED"
    assert [i["status"] for i in merchant_inbox] == ["TIMEOUT", "AUTHORIZED", "REVERSED"]


@pytest.fixture
def two_step(account):
    account.SANDBOX_SIMPLEPAY_TWO_STEP = True
    return account
