from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from identity.session import LAST_ACTIVITY, LOGIN_AT, start_session
from tests.identity.personas import in_english, make_complete_citizen

HOME = reverse("portal:home")
KEEPALIVE = reverse("identity:keepalive")
MY_REQUESTS = reverse("portal:my_requests")


@pytest.fixture
def complete_citizen(db):
    return make_complete_citizen()


@pytest.fixture
def complete_client(client, complete_citizen):
    client.force_login(complete_citizen)
    return client


@pytest.fixture
def english(client):
    return in_english(client)


def _set(client, **values) -> None:
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_start_session_records_login_and_activity(rf):
    request = rf.get("/")
    request.session = {}
    before = time.time()
    start_session(request)
    assert before <= request.session[LOGIN_AT] == request.session[LAST_ACTIVITY] <= time.time()


def test_a_login_without_start_session_gets_the_clock_on_its_first_request(complete_client):
    assert LOGIN_AT not in complete_client.session
    complete_client.get(MY_REQUESTS)
    assert complete_client.session[LOGIN_AT] == pytest.approx(time.time(), abs=5)


def test_every_request_counts_as_activity(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 600, LAST_ACTIVITY: now - 600})
    assert complete_client.get(MY_REQUESTS).status_code == 200
    assert complete_client.session[LAST_ACTIVITY] == pytest.approx(time.time(), abs=5)
    assert complete_client.session[LOGIN_AT] == now - 600


def test_a_request_within_a_minute_of_the_stamp_leaves_the_session_unwritten(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 600, LAST_ACTIVITY: now - 30})
    response = complete_client.get(MY_REQUESTS)
    assert response.status_code == 200
    assert complete_client.session[LAST_ACTIVITY] == now - 30
    # The page and the header tell the warning dialog how old the stamp is.
    assert 30 <= int(response["X-Session-Activity-Age"]) <= 35
    age = int(response.content.decode().split('data-session-activity-age="', 1)[1].split('"')[0])
    assert 30 <= age <= 35


def test_a_request_a_minute_after_the_stamp_moves_it(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 600, LAST_ACTIVITY: now - 61})
    response = complete_client.get(MY_REQUESTS)
    assert complete_client.session[LAST_ACTIVITY] == pytest.approx(time.time(), abs=5)
    assert int(response["X-Session-Activity-Age"]) <= 5


def test_a_short_idle_limit_moves_the_stamp_in_shorter_steps(complete_client, settings):
    settings.PORTAL_SESSION_IDLE_MINUTES = 1
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 600, LAST_ACTIVITY: now - 7})
    complete_client.get(MY_REQUESTS)
    assert complete_client.session[LAST_ACTIVITY] == pytest.approx(time.time(), abs=5)


def test_keepalive_moves_the_stamp_at_once(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 600, LAST_ACTIVITY: now - 10})
    response = complete_client.post(KEEPALIVE)
    assert response.status_code == 204
    assert complete_client.session[LAST_ACTIVITY] == pytest.approx(time.time(), abs=5)
    assert int(response["X-Session-Activity-Age"]) <= 5


def test_fifteen_idle_minutes_log_out_with_a_message(complete_client, english):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 3600, LAST_ACTIVITY: now - 15 * 60 - 1})
    response = complete_client.get(MY_REQUESTS)
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert SESSION_KEY not in complete_client.session
    page = complete_client.get(HOME)
    assert "You were logged out because there was no activity for 15 minutes." in (
        page.content.decode()
    )


def test_fourteen_idle_minutes_do_not(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 3600, LAST_ACTIVITY: now - 14 * 60})
    assert complete_client.get(MY_REQUESTS).status_code == 200


def test_the_idle_limit_is_a_setting(complete_client, settings, english):
    settings.PORTAL_SESSION_IDLE_MINUTES = 5
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 3600, LAST_ACTIVITY: now - 5 * 60 - 1})
    response = complete_client.get(MY_REQUESTS)
    assert _messages(response) == [
        "You were logged out because there was no activity for 5 minutes."
    ]


def test_a_login_ends_after_twelve_hours_whatever_the_activity(complete_client, english):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 12 * 3600 - 1, LAST_ACTIVITY: now - 5})
    response = complete_client.get(MY_REQUESTS)
    assert response["Location"] == HOME
    assert SESSION_KEY not in complete_client.session
    assert _messages(response) == [
        "For your security, a login lasts at most 12 hours. Please log in again."
    ]


def test_the_absolute_limit_is_a_setting(complete_client, settings):
    settings.PORTAL_SESSION_MAX_HOURS = 1
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 3601, LAST_ACTIVITY: now - 5})
    assert complete_client.get(MY_REQUESTS)["Location"] == HOME


def test_an_htmx_request_after_the_limit_is_sent_home_with_hx_redirect(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 3600, LAST_ACTIVITY: now - 3600})
    response = complete_client.get(MY_REQUESTS, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == HOME
    assert SESSION_KEY not in complete_client.session


def test_clerks_are_logged_out_too(clerk_client):
    now = time.time()
    _set(clerk_client, **{LOGIN_AT: now - 3600, LAST_ACTIVITY: now - 16 * 60})
    assert clerk_client.get("/admin/")["Location"] == HOME
    assert SESSION_KEY not in clerk_client.session


def test_anonymous_visitors_have_no_clock(client, db):
    client.get(HOME)
    assert LOGIN_AT not in client.session


# --- Keepalive --------------------------------------------------------------


def test_keepalive_extends_the_session(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 3600, LAST_ACTIVITY: now - 13 * 60})
    response = complete_client.post(KEEPALIVE)
    assert response.status_code == 204
    assert response.content == b""
    assert complete_client.session[LAST_ACTIVITY] == pytest.approx(time.time(), abs=5)


def test_keepalive_is_post_only(complete_client):
    assert complete_client.get(KEEPALIVE).status_code == 405


def test_keepalive_needs_login(client, db):
    response = client.post(KEEPALIVE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


def test_keepalive_needs_the_csrf_token(complete_citizen):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(complete_citizen)
    assert strict.post(KEEPALIVE).status_code == 403
    page = strict.get(MY_REQUESTS)
    token = page.context["csrf_token"]
    assert strict.post(KEEPALIVE, headers={"X-CSRFToken": str(token)}).status_code == 204


def test_keepalive_after_the_limit_does_not_extend(complete_client):
    now = time.time()
    _set(complete_client, **{LOGIN_AT: now - 3600, LAST_ACTIVITY: now - 16 * 60})
    response = complete_client.post(KEEPALIVE)
    assert response.status_code == 302
    assert response["Location"] == HOME


# --- The warning dialog in the page ------------------------------------------


def test_logged_in_pages_carry_the_dialog_the_script_and_the_times(complete_client):
    html = complete_client.get(MY_REQUESTS).content.decode()
    assert '<dialog id="session-timeout"' in html
    assert 'role="alertdialog"' in html
    assert 'aria-live="polite"' in html
    assert 'src="/static/js/session-timeout.js" defer' in html
    assert 'data-session-idle="900"' in html
    assert 'data-session-warning="120"' in html
    assert f'data-keepalive-url="{KEEPALIVE}"' in html
    assert f'data-logout-url="{reverse("identity:logout")}"' in html


def test_the_remaining_time_counts_from_login(complete_client):
    _set(complete_client, **{LOGIN_AT: time.time() - 3600, LAST_ACTIVITY: time.time()})
    html = complete_client.get(MY_REQUESTS).content.decode()
    remaining = int(html.split('data-session-remaining="', 1)[1].split('"', 1)[0])
    assert 11 * 3600 - 10 <= remaining <= 11 * 3600


def test_anonymous_pages_have_neither(client, db):
    html = client.get(HOME).content.decode()
    assert "session-timeout" not in html
    assert "data-session-idle" not in html


def test_no_inline_script_in_the_page(complete_client):
    html = complete_client.get(MY_REQUESTS).content.decode()
    assert html.count("<script") == html.count("<script src=")
