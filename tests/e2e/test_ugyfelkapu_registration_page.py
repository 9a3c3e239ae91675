"""A visitor opens an Ügyfélkapu account from the home page in Chromium: the
catalogue's registration page starts the identity provider's online registration with
a chip ID card issued after 2016-01-01."""

from __future__ import annotations

import re
from datetime import date

import pytest

from documents.models import DocumentKind
from tests.factories import DocumentFactory, PersonFactory
from ugyfelkapu import accounts
from ugyfelkapu.models import Account

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_registration_from_the_home_page(page, live_server, axe_check):
    card = DocumentFactory(
        holder=PersonFactory(),
        kind=DocumentKind.ID_CARD,
        number="234567AB",
        issued_on=date(2019, 3, 1),
        expires_on=date(2029, 3, 1),
        has_chip=True,
    )
    accounts.set_registration_code(card, "ABCD-EFGH-JKLM")
    page.goto(f"{live_server.url}/")
    page.locator('a[href="/services/ugyfelkapu.registration/"]').first.click()
    page.wait_for_url(re.compile(r"/services/ugyfelkapu.registration/$"))
    assert "kormányablak" in page.content()
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/ugyfelkapu/register/$"))
    assert axe_check(page) == []
    page.locator("#id_card_number").fill("234567AB")
    page.locator("#id_registration_code").fill("ABCD-EFGH-JKLM")
    page.locator("#id_username").fill("online.ilona")
    page.locator("#id_email").fill("ilona@example.hu")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/ugyfelkapu/register/done/$"))
    assert axe_check(page) == []
    assert Account.objects.filter(username="online.ilona").exists()
