"""A demo citizen logs in through the built-in Ügyfélkapu+ IdP in Chromium:
password and authenticator code, first-login completion with e-mail
confirmation, My requests, and single logout — with axe on every page."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core import mail
from django.core.management import call_command

from ugyfelkapu.demo import DEMO_PASSWORD
from ugyfelkapu.models import Account

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal_url(live_server, settings):
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SAML_SP_ENTITY_ID = f"{base}/saml/metadata/"
    settings.UGYFELKAPU_ENTITY_ID = f"{base}/ugyfelkapu/metadata/"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return base


def _settle(page) -> None:
    page.wait_for_load_state("load")


def test_password_and_authenticator_login_to_my_requests_and_out(page, portal_url, axe_check):
    page.goto(f"{portal_url}/my-requests/")
    _settle(page)
    assert "/account/login/" in page.url
    assert axe_check(page) == []

    page.click("button[value=totp]")  # the SP posts a signed AuthnRequest to the IdP
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/"))
    assert axe_check(page) == []
    page.fill("input[name=username]", "kovacs.janos")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/code/"))
    assert axe_check(page) == []

    secret = Account.objects.get(username="kovacs.janos").totp_secret
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").first.click()
    # The IdP posts its signed answer to the portal, which sends a first-time
    # citizen to complete the data the portal needs.
    page.wait_for_url(re.compile(r"/account/complete/"))
    assert axe_check(page) == []
    # The 4T data came from the register; the e-mail address is confirmed by a link.
    assert "kovacs.janos@example.hu" in page.content()
    page.locator("main form button[type=submit]").first.click()
    _settle(page)
    assert axe_check(page) == []

    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    _settle(page)
    assert axe_check(page) == []
    page.locator("main form button[type=submit]").first.click()
    _settle(page)
    page.goto(f"{portal_url}/my-requests/")
    _settle(page)
    assert page.url.endswith("/my-requests/")
    assert page.locator("h1").inner_text() == "Kérelmeim"
    assert axe_check(page) == []

    page.locator("header form[action$='/account/logout/'] button").click()
    page.wait_for_url(re.compile(r"/$"))
    assert "Kijelentkezett" in page.content()
    page.goto(f"{portal_url}/my-requests/")
    _settle(page)
    assert "/account/login/" in page.url


def _code_in(text: str) -> str:
    return re.search(r"\b(\d{3} ?\d{3})\b", text).group(1).replace(" ", "")


def test_password_and_email_code_login(page, portal_url, axe_check):
    page.goto(f"{portal_url}/account/login/")
    page.click("button[value=email]")
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/"))
    page.fill("input[name=username]", "szabo.peter")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/code/"))
    assert axe_check(page) == []
    page.fill("input[name=code]", _code_in(mail.outbox[-1].body))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/account/complete/"))
    assert "szabo.peter@example.hu" in page.content()


def test_phone_identification_login(page, portal_url, axe_check):
    from tests import factories

    factories.SENT_SMS.clear()
    page.goto(f"{portal_url}/account/login/")
    page.click("button[value=phone]")
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/"))
    assert axe_check(page) == []
    page.fill("input[name=phone_number]", "+36 20 123 4567")
    page.fill("input[name=phone_code]", "123456")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/code/"))
    recipient, text = factories.SENT_SMS[-1]
    assert recipient == "+36201234567"
    page.fill("input[name=code]", _code_in(text))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/account/complete/"))


def test_chip_card_login_page_asks_for_the_card_and_the_bridge(page, portal_url, axe_check):
    page.goto(f"{portal_url}/account/login/")
    page.click("button[value=card]")
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/"))
    assert axe_check(page) == []
    text = page.locator("main").inner_text()
    assert "ugysegeg-card-bridge" in text  # how to reach the card reader
    assert page.get_by_role("button", name="Belépés a kártyámmal").count() == 1
