"""Login across sites in Chromium, against independent SAML parties (samlify on
Node): the portal on http://localhost:<port>, the foreign SP and IdP on
http://127.0.0.1:<port>. To the browser these are two sites, so each HTTP-POST
between them is a cross-site POST that carries no `SameSite=Lax` cookie — the way
the real KAÜ reaches the portal, and a foreign service reaches our IdP. axe checks
our pages on the way.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core import mail

from tests.e2e.conftest import log_in
from tests.identity.personas import make_complete_citizen
from tests.interop.harness import (
    IDP_PASSWORD,
    foreign_citizens,
    make_idp_account,
    returning_foreign_citizen,
    save_metadata,
)
from ugyfelkapu.methods import METHOD_URNS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _settle(page) -> None:
    page.wait_for_load_state("load")


def _sites_differ(portal: str, foreign) -> None:
    assert urlsplit(portal).hostname != urlsplit(foreign.url).hostname


def test_citizen_logs_in_through_a_foreign_idp_and_lands_on_my_requests(
    page, axe_check, interop_portal, foreign_saml, settings, tmp_path
):
    _sites_differ(interop_portal, foreign_saml)
    settings.SAML_IDP_METADATA_FILE = save_metadata(
        f"{foreign_saml.url}/idp/metadata", tmp_path, "foreign-idp.xml"
    )
    citizen = foreign_citizens()[0]
    returning_foreign_citizen(foreign_saml, citizen)

    page.goto(f"{interop_portal}/my-requests/")
    _settle(page)
    assert "/account/login/" in page.url
    assert axe_check(page) == []
    page.click("button[value=totp]")  # the portal sends its signed AuthnRequest across
    page.wait_for_url(re.compile(r"/idp/sso"))
    assert page.url.startswith(foreign_saml.url)
    page.check(f"input[name=citizen][value='{citizen['id']}']")
    page.click("main form button[type=submit]")  # the foreign IdP posts back cross-site

    page.wait_for_url(f"{interop_portal}/my-requests/")
    _settle(page)
    assert page.locator("h1").inner_text() == "Kérelmeim"
    assert axe_check(page) == []


def test_login_at_a_foreign_sp_keeps_the_citizen_logged_in_to_the_portal(
    page, axe_check, live_server, client, interop_portal, foreign_saml, settings, tmp_path
):
    _sites_differ(interop_portal, foreign_saml)
    settings.UGYFELKAPU_SP_METADATA_FILES = [
        save_metadata(f"{foreign_saml.url}/sp/metadata", tmp_path, "foreign-sp.xml")
    ]
    log_in(page, live_server, client, make_complete_citizen())
    page.goto(f"{interop_portal}/my-requests/")
    _settle(page)
    assert page.locator("h1").inner_text() == "Kérelmeim"
    portal_cookie = _portal_session_cookie(page, interop_portal)
    account = make_idp_account()

    # The foreign SP posts its AuthnRequest to our IdP: a cross-site POST.
    page.goto(f"{foreign_saml.url}/sp/login?binding=post&context={METHOD_URNS['email']}")
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/"))
    _settle(page)
    assert axe_check(page) == []
    page.fill("input[name=username]", account.username)
    page.fill("input[name=password]", IDP_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/code/"))
    assert axe_check(page) == []
    code = re.search(r"\b([0-9]{6})\b", mail.outbox[-1].body).group(1)
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").first.click()

    page.wait_for_url(f"{foreign_saml.url}/sp/acs")
    login = json.loads(page.locator("#result").inner_text())
    assert login["ok"] is True, login
    assert login["attributes"]["viseltCsaladiNev"] == account.person.family_name
    # The IdP neither read nor replaced the portal's session cookie.
    assert _portal_session_cookie(page, interop_portal) == portal_cookie
    page.goto(f"{interop_portal}/my-requests/")
    _settle(page)
    assert page.url == f"{interop_portal}/my-requests/"
    assert page.locator("h1").inner_text() == "Kérelmeim"


def _portal_session_cookie(page, portal: str) -> str:
    name = django_settings.SESSION_COOKIE_NAME
    values = [c["value"] for c in page.context.cookies(portal) if c["name"] == name]
    assert len(values) == 1, values
    return values[0]
