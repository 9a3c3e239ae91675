"""Chromium keeps the identity provider's session cookie apart from the portal's, and
accepts it as `Secure; SameSite=None` on a loopback host over plain HTTP (ADR 0009),
so the cross-site tests exercise the same cookie as production."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ugyfelkapu.sessions import COOKIE_NAME

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal_url(live_server, settings):
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SAML_SP_ENTITY_ID = f"{base}/saml/metadata/"
    settings.UGYFELKAPU_ENTITY_ID = f"{base}/ugyfelkapu/metadata/"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return base


def test_the_browser_holds_the_idp_session_in_its_own_cookie(page, portal_url):
    page.goto(f"{portal_url}/my-requests/")
    page.click("button[value=totp]")  # the portal's AuthnRequest, posted to the IdP
    page.wait_for_url("**/ugyfelkapu/login/?method=totp")
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    idp = cookies[COOKIE_NAME]
    assert (idp["path"], idp["secure"], idp["sameSite"], idp["httpOnly"]) == (
        "/ugyfelkapu/",
        True,
        "None",
        True,
    )
    # The portal's session cookie, if the portal set one, is another cookie with
    # another value: the IdP never wrote it.
    portal = cookies.get("sessionid")
    assert portal is None or (portal["value"] != idp["value"] and portal["path"] == "/")
