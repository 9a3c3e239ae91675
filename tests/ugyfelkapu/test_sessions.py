"""The identity provider's session is its own: the portal's cookie is never touched."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from portal.saml_binding import encode_message
from tests.identity.saml_helpers import authn_request_xml, idp_session, sp_client
from tests.ugyfelkapu.conftest import last_code
from ugyfelkapu import saml as idp
from ugyfelkapu.models import IdPSession
from ugyfelkapu.sessions import COOKIE_NAME, SessionStore
from ugyfelkapu.tasks import forget_expired_sessions

pytestmark = pytest.mark.django_db
SSO = "/ugyfelkapu/sso/"
PORTAL_COOKIE = settings.SESSION_COOKIE_NAME


def portal_session(key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(key)


def authn_request() -> dict[str, str]:
    return {"SAMLRequest": encode_message(authn_request_xml(sp_client())), "RelayState": "r"}


def test_a_cross_site_authn_request_leaves_the_portal_login_alone(citizen_client, citizen):
    portal_key = citizen_client.cookies[PORTAL_COOKIE].value
    # A cross-site POST carries no SameSite=Lax cookie: the browser holds it back.
    held_back = citizen_client.cookies.pop(PORTAL_COOKIE)
    response = citizen_client.post(SSO, authn_request())
    assert response.status_code == 302
    assert PORTAL_COOKIE not in response.cookies
    assert idp.PENDING in idp_session(citizen_client)
    citizen_client.cookies[PORTAL_COOKIE] = held_back
    assert portal_session(portal_key).load()["_auth_user_id"] == str(citizen.pk)
    page = citizen_client.get("/my-requests/")
    assert page.status_code == 200 and page.context["user"] == citizen


def test_a_same_site_authn_request_does_not_write_the_portal_session(citizen_client):
    portal_key = citizen_client.cookies[PORTAL_COOKIE].value
    before = portal_session(portal_key).load()
    response = citizen_client.post(SSO, authn_request())
    assert response.status_code == 302 and PORTAL_COOKIE not in response.cookies
    assert portal_session(portal_key).load() == before
    assert idp.PENDING not in before


def test_the_idp_cookie_is_its_own(client):
    response = client.post(SSO, authn_request())
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["path"] == "/ugyfelkapu/"
    assert cookie["httponly"] is True
    # The test server is plain HTTP on a name that is not loopback: no Secure, so Lax.
    assert cookie["secure"] == "" and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE
    # Its key opens nothing in the portal's store, nor a portal key in the IdP's.
    assert not portal_session(cookie.value).exists(cookie.value)
    assert IdPSession.objects.filter(session_key=cookie.value).count() == 1


@pytest.mark.parametrize(
    ("secure_setting", "host", "secure", "samesite"),
    [
        (True, "testserver", True, "None"),
        (False, "127.0.0.1:8000", True, "None"),
        (False, "localhost:8000", True, "None"),
        (False, "testserver", "", "Lax"),
    ],
)
def test_the_cookie_crosses_sites_wherever_it_can_be_secure(
    settings, secure_setting, host, secure, samesite
):
    settings.SESSION_COOKIE_SECURE = secure_setting
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    response = Client(HTTP_HOST=host).post(SSO, authn_request())
    cookie = response.cookies[COOKIE_NAME]
    assert (cookie["secure"], cookie["samesite"]) == (secure, samesite)


def test_a_login_at_the_idp_keeps_the_portal_session(
    citizen_client, citizen, account, django_capture_on_commit_callbacks
):
    portal_key = citizen_client.cookies[PORTAL_COOKIE].value
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        step = citizen_client.post(
            "/ugyfelkapu/login/?method=email",
            {"username": "kerekes.ilona", "password": "Titkos-jelszo-2026!"},
        )
    assert step["Location"] == "/ugyfelkapu/login/code/"
    done = citizen_client.post("/ugyfelkapu/login/code/", {"code": last_code()})
    assert done["Location"] == "/ugyfelkapu/account/"
    assert PORTAL_COOKIE not in step.cookies and PORTAL_COOKIE not in done.cookies
    assert idp_session(citizen_client)[idp.ACCOUNT] == account.pk
    assert citizen_client.cookies[PORTAL_COOKIE].value == portal_key
    assert citizen_client.get("/my-requests/").context["user"] == citizen


def test_the_idp_pages_do_not_see_the_portal_session(citizen_client):
    session = citizen_client.session
    session[idp.ACCOUNT] = 1  # a portal session can never log anyone in at the IdP
    session.save()
    response = citizen_client.get("/ugyfelkapu/account/")
    assert response.status_code == 302 and response["Location"] == "/ugyfelkapu/login/"


def test_an_unknown_idp_session_deletes_only_its_own_cookie(citizen_client):
    citizen_client.cookies[COOKIE_NAME] = "no-such-session-key"
    response = citizen_client.get("/ugyfelkapu/account/")
    assert response.status_code == 302
    assert response.cookies[COOKIE_NAME]["max-age"] == 0
    assert response.cookies[COOKIE_NAME]["path"] == "/ugyfelkapu/"
    assert PORTAL_COOKIE not in response.cookies


def test_expired_idp_sessions_are_forgotten(client):
    client.post(SSO, authn_request())
    key = client.cookies[COOKIE_NAME].value
    fresh = SessionStore()
    fresh["x"] = 1
    fresh.save()
    IdPSession.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    forget_expired_sessions()
    assert list(IdPSession.objects.values_list("session_key", flat=True)) == [fresh.session_key]
