"""Answers from an identity provider on another site: the request is found by the
binding cookie, never by the session cookie (which a cross-site POST does not carry).

A "browser" here is a Django test client; a cross-site POST is simulated by a client
that holds only the cookies a browser sends on a cross-site top-level POST: the
`SameSite=None` binding cookie, and not the `Lax` session cookie. Nor the `Lax`
language cookie: the answers are in Hungarian, the portal's first language.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, override

from identity import pending
from identity.models import PendingRequest, SeenAssertion, User
from identity.tasks import forget_expired_assertions
from tests.factories import PersonFactory
from tests.identity.saml_helpers import account_for, idp_answer, post_fields, start_login

pytestmark = pytest.mark.django_db

ACS, SLS, SLO = "/saml/acs/", "/saml/sls/", "/ugyfelkapu/slo/"
LOGIN_COOKIE, LOGOUT_COOKIE = (
    pending.COOKIES[pending.Kind.LOGIN],
    pending.COOKIES[pending.Kind.LOGOUT],
)

NO_COOKIE = (
    "Your browser did not send back the cookie that ties this login to it. Start the login "
    "again in this browser, and allow cookies for this site."
)
NOT_WAITING = (
    "No login started in this browser is waiting for this answer: it was already used, it "
    "took longer than %(minutes)d minutes, or the login was started in another browser."
)
LOGGED_NOBODY_OUT = (
    "This logout message does not belong to a logout started in this browser, so it logged "
    "nobody out. If you are still logged in and want to leave, use Log out."
)


def cross_site(browser: Client, *names: str) -> Client:
    """What `browser` sends on a cross-site top-level POST: only the named cookies."""
    other = Client()
    for name in names:
        if name in browser.cookies:
            other.cookies[name] = browser.cookies[name].value
    return other


@pytest.fixture
def browser():
    return Client()


@pytest.fixture
def answer(browser):
    """The IdP's genuine answer to a login `browser` started."""
    pending_request = start_login(browser, next_url="/my-requests/?tab=closed")
    return idp_answer(pending_request, account_for(PersonFactory()))


def hu(english: str) -> str:
    with override("hu"):
        text = gettext(english)
    assert text != english, "no Hungarian translation"
    return text


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- Login ---------------------------------------------------------------------------------
def test_a_cross_site_answer_with_only_the_binding_cookie_logs_in(browser, answer):
    posting = cross_site(browser, LOGIN_COOKIE)
    assert settings.SESSION_COOKIE_NAME not in posting.cookies
    response = posting.post(ACS, answer)
    assert response.status_code == 302
    assert response["Location"] == "/my-requests/?tab=closed"
    assert logged_in(posting)
    assert User.objects.filter(idp_subject__endswith="!subject-1").count() == 1
    # The request is used up and the binding cookie removed.
    assert not PendingRequest.objects.exists()
    assert response.cookies[LOGIN_COOKIE].value == ""
    assert response.cookies[LOGIN_COOKIE]["max-age"] == 0


def test_without_the_binding_cookie_the_answer_is_refused(browser, answer):
    posting = cross_site(browser)  # e.g. a browser that blocks the cookie
    response = posting.post(ACS, answer)
    assert response.status_code == 403 and not logged_in(posting)
    assert hu(NO_COOKIE) in page_text(response)
    # Even the session cookie (a same-site POST) is no substitute for the binding.
    same_site = cross_site(browser, settings.SESSION_COOKIE_NAME)
    assert same_site.post(ACS, answer).status_code == 403
    assert PendingRequest.objects.count() == 1
    assert not User.objects.filter(idp_subject__isnull=False).exists()


def test_an_answer_stolen_into_another_browser_is_refused_and_spends_nothing(browser, answer):
    thief = Client()
    start_login(thief)  # the thief's own login gives it a binding cookie of its own
    response = cross_site(thief, LOGIN_COOKIE).post(ACS, answer)
    assert response.status_code == 403 and not logged_in(thief)
    assert hu(NOT_WAITING) % {"minutes": 15} in page_text(response)
    assert not User.objects.filter(idp_subject__isnull=False).exists()
    # The browser that asked can still use its answer.
    assert cross_site(browser, LOGIN_COOKIE).post(ACS, answer).status_code == 302


def test_a_guessed_binding_cookie_is_refused(browser, answer):
    posting = Client()
    posting.cookies[LOGIN_COOKIE] = "guessed-" + browser.cookies[LOGIN_COOKIE].value[8:]
    assert posting.post(ACS, answer).status_code == 403 and not logged_in(posting)


def test_the_same_answer_is_refused_the_second_time(browser, answer):
    cookie = browser.cookies[LOGIN_COOKIE].value
    assert cross_site(browser, LOGIN_COOKIE).post(ACS, answer).status_code == 302
    replay = Client()
    replay.cookies[LOGIN_COOKIE] = cookie  # even with the cookie kept back
    response = replay.post(ACS, answer)
    assert response.status_code == 403 and not logged_in(replay)
    assert hu(NOT_WAITING) % {"minutes": 15} in page_text(response)
    assert SeenAssertion.objects.count() == 1


def test_an_answer_to_a_stale_request_is_refused(browser, answer):
    PendingRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = cross_site(browser, LOGIN_COOKIE).post(ACS, answer)
    assert response.status_code == 403
    assert hu(NOT_WAITING) % {"minutes": 15} in page_text(response)
    assert not SeenAssertion.objects.exists()
    assert forget_expired_assertions() == 1
    assert not PendingRequest.objects.exists()


def test_a_request_lives_for_the_lifetime(browser):
    before = timezone.now()
    start_login(browser)
    row = PendingRequest.objects.get()
    assert row.kind == "login" and len(row.browser) == 64
    assert row.browser != browser.cookies[LOGIN_COOKIE].value  # only the digest is stored
    assert before + pending.LIFETIME <= row.expires_at <= timezone.now() + pending.LIFETIME


def test_logins_started_in_several_tabs_each_work(browser):
    first = start_login(browser, next_url="/my-requests/")
    second = start_login(browser, next_url="/my-requests/?tab=closed")
    assert PendingRequest.objects.values("browser").distinct().count() == 1
    person = PersonFactory()
    response = cross_site(browser, LOGIN_COOKIE).post(ACS, idp_answer(first, account_for(person)))
    assert response["Location"] == "/my-requests/"
    assert list(PendingRequest.objects.values_list("request_id", flat=True)) == [second["id"]]


def test_one_browser_keeps_at_most_a_few_requests(browser):
    ids = [start_login(browser)["id"] for _ in range(pending.MAX_PER_BROWSER + 2)]
    kept = set(PendingRequest.objects.values_list("request_id", flat=True))
    assert kept == set(ids[-pending.MAX_PER_BROWSER :])


def test_a_planted_session_key_is_replaced_at_login(browser, answer):
    # An attacker who planted a session cookie in the victim's browser gains nothing.
    planted = import_module(settings.SESSION_ENGINE).SessionStore()
    planted.create()
    posting = cross_site(browser, LOGIN_COOKIE)
    posting.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert posting.post(ACS, answer).status_code == 302
    assert logged_in(posting)
    assert posting.session.session_key != planted.session_key


# --- The cookies ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("host", "secure", "expected"),
    [
        ("127.0.0.1:8000", False, ("None", True)),  # loopback: a secure origin to browsers
        ("localhost:8000", False, ("None", True)),
        ("[::1]:8000", False, ("None", True)),
        ("portal.example.hu", True, ("None", True)),
        ("192.168.1.20:8000", False, ("Lax", False)),  # plain HTTP elsewhere: no Secure
    ],
)
def test_the_binding_cookie_is_single_purpose(settings, host, secure, expected):
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_HOST=host)
    response = client.post("/account/login/", {"method": "totp"}, secure=secure)
    cookie = response.cookies[LOGIN_COOKIE]
    assert (cookie["samesite"], bool(cookie["secure"])) == expected
    assert cookie["httponly"] is True
    assert cookie["path"] == ACS
    assert cookie["max-age"] == 15 * 60
    assert len(cookie.value) >= 40


def test_the_session_cookie_itself_stays_lax(browser, answer):
    response = cross_site(browser, LOGIN_COOKIE).post(ACS, answer)
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["samesite"] == "Lax" and session_cookie["httponly"] is True
    assert (settings.SESSION_COOKIE_SAMESITE, settings.SESSION_COOKIE_HTTPONLY) == ("Lax", True)


# --- Logout --------------------------------------------------------------------------------
@pytest.fixture
def logging_out(browser, answer):
    """`browser` logged in, then logged out: the IdP's genuine answer to its LogoutRequest."""
    assert browser.post(ACS, answer).status_code == 302
    _, request_fields = post_fields(browser.post("/account/logout/"))
    assert not logged_in(browser)
    action, answer_fields = post_fields(browser.post(SLO, request_fields))
    assert urlsplit(action).path == SLS
    return answer_fields


def test_the_logout_binding_cookie_is_single_purpose(browser, answer):
    assert browser.post(ACS, answer).status_code == 302
    cookie = browser.post("/account/logout/").cookies[LOGOUT_COOKIE]
    assert cookie["path"] == SLS and cookie["httponly"] is True
    assert cookie.value != ""
    assert PendingRequest.objects.get().kind == "logout"


def test_a_cross_site_logout_answer_with_the_binding_cookie_is_confirmed(browser, logging_out):
    response = cross_site(browser, LOGOUT_COOKIE).post(SLS, logging_out)
    assert response.status_code == 302 and response["Location"] == "/"
    assert messages_of(response) == [("info", hu("You have logged out."))]
    assert not PendingRequest.objects.exists()
    assert response.cookies[LOGOUT_COOKIE]["max-age"] == 0


def test_a_logout_answer_without_the_binding_cookie_logged_nobody_out(browser, logging_out):
    response = cross_site(browser).post(SLS, logging_out)
    assert response.status_code == 302
    assert messages_of(response) == [("warning", hu(LOGGED_NOBODY_OUT))]
    # The request is still there for the browser that sent it.
    response = cross_site(browser, LOGOUT_COOKIE).post(SLS, logging_out)
    assert messages_of(response) == [("info", hu("You have logged out."))]


def test_a_logout_answer_in_another_browser_logged_nobody_out(browser, logging_out):
    other = Client()
    other.cookies[LOGOUT_COOKIE] = "someone-elses-secret"
    assert messages_of(other.post(SLS, logging_out)) == [("warning", hu(LOGGED_NOBODY_OUT))]


def test_an_unsolicited_logout_post_logged_nobody_out():
    response = Client().post(SLS, {"SAMLResponse": "x"})
    assert messages_of(response) == [("warning", hu(LOGGED_NOBODY_OUT))]
    assert hu(LOGGED_NOBODY_OUT).startswith("Ez a kijelentkezési üzenet nem ebben a böngészőben")


@pytest.mark.parametrize("language", ["hu", "en"])
def test_a_logout_post_without_a_session_says_nothing_changed(language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/account/logout/")
    assert response.status_code == 302
    english = "You were not logged in (your login may have ended already): nothing changed."
    expected = hu(english) if language == "hu" else english
    assert messages_of(response) == [("info", expected)]
    assert LOGOUT_COOKIE not in response.cookies
    assert not PendingRequest.objects.exists()
