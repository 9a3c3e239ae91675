"""Login at the identity provider with the chip ID card's signature."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from eszemelyi.models import CardAuditEvent
from tests.eszemelyi.portal_fixtures import *  # noqa: F403  (fixtures)
from tests.eszemelyi.portal_fixtures import ORIGIN, Issuer, SoftCard
from tests.factories import DocumentFactory
from tests.identity.saml_helpers import idp_session
from ugyfelkapu.models import Account
from ugyfelkapu.saml import ACCOUNT

pytestmark = pytest.mark.django_db
LOGIN = "/ugyfelkapu/login/?method=card"


@pytest.fixture
def browser(settings, card_issuer):
    settings.UGYFELKAPU_CARD_ORIGIN = ORIGIN
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def account(citizen):
    return Account.objects.create(
        person=citizen.person, username="kartyas.elek", email="kartyas@example.hu"
    )


def challenge(client) -> dict:
    response = client.post("/ugyfelkapu/login/card/challenge/")
    assert response.status_code == 200
    return response.json()["request"]


def log_in(client, token):
    return client.post(LOGIN, {"token": json.dumps(token)})


def card_token(card, request, **kwargs):
    return card.token(request, result={"documentNumber": card.document_number}, **kwargs)


def test_the_page_offers_the_card(browser):
    page = browser.get(LOGIN)
    assert page.status_code == 200
    assert page.context["config"]["challengeUrl"] == "/ugyfelkapu/login/card/challenge/"
    assert b"card.js" in page.content


def test_the_card_logs_its_holder_in(browser, soft_card, account):
    request = challenge(browser)
    assert request["kind"] == "authenticate" and request["params"] == {}
    response = log_in(browser, card_token(soft_card, request))
    assert response.status_code == 302
    assert response["Location"] == "/ugyfelkapu/account/"
    assert idp_session(browser)[ACCOUNT] == account.pk
    assert CardAuditEvent.objects.filter(kind="login.card", code="ok").count() == 1


def test_a_token_is_good_for_one_login_only(browser, soft_card, account):
    request = challenge(browser)
    token = card_token(soft_card, request)
    assert log_in(browser, token).status_code == 302
    response = log_in(browser, token)
    assert response.status_code == 400
    assert "took too long" in response.context["error"]


@pytest.mark.parametrize(
    "tamper, code",
    [
        (lambda token: token.update(origin="https://evil.example"), "foreign_origin"),
        (lambda token: token["op"]["result"].update(documentNumber="700902AB"), "bad_signature"),
        (lambda token: token.update(signature=None), "bad_signature"),
    ],
)
def test_altered_tokens_log_nobody_in(browser, soft_card, account, tamper, code):
    request = challenge(browser)
    token = card_token(soft_card, request)
    tamper(token)
    response = log_in(browser, token)
    assert response.status_code == 400
    assert ACCOUNT not in idp_session(browser)
    assert CardAuditEvent.objects.get(kind="login.card_refused").code == code


def test_a_card_of_an_untrusted_issuer_logs_nobody_in(browser, chip_id_card, account):
    request = challenge(browser)
    forged = SoftCard(Issuer("Hamis CA"), chip_id_card.number)
    assert log_in(browser, card_token(forged, request)).status_code == 400
    assert ACCOUNT not in idp_session(browser)


def test_an_invalidated_card_logs_nobody_in(browser, soft_card, chip_id_card, account):
    chip_id_card.validity = chip_id_card.Validity.INVALIDATED
    chip_id_card.save()
    response = log_in(browser, card_token(soft_card, challenge(browser)))
    assert response.status_code == 400
    assert "not valid" in response.context["error"]


def test_a_holder_without_an_account_is_told_so(browser, card_issuer, other_citizen):
    card = DocumentFactory(holder=other_citizen.person, number="700905AB", has_chip=True)
    response = log_in(browser, card_token(SoftCard(card_issuer, card.number), challenge(browser)))
    assert response.status_code == 400
    assert "no Ügyfélkapu+ account" in response.context["error"]


def test_a_token_for_another_sessions_challenge_is_refused(browser, soft_card, account):
    request = challenge(browser)
    thief = Client()
    challenge(thief)
    assert log_in(thief, card_token(soft_card, request)).status_code == 400
    assert ACCOUNT not in idp_session(thief)
