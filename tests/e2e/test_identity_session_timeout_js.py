"""The warning dialog of static/js/session-timeout.js, in Chromium with a fake clock."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.urls import reverse

from identity.session import LAST_ACTIVITY, LOGIN_AT
from tests.e2e.conftest import log_in
from tests.identity.personas import make_complete_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MINUTE = 60 * 1000


@pytest.fixture
def logged_in_page(page, live_server, client):
    user = make_complete_citizen()
    log_in(page, live_server, client, user)
    # English: the Hungarian catalogue may not hold these messages yet.
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.clock.install()
    page.goto(live_server.url + reverse("portal:my_requests"), wait_until="load")
    return page


def _dialog(page):
    return page.get_by_role("alertdialog")


def test_the_warning_opens_two_minutes_before_the_idle_limit(logged_in_page, axe_check):
    page = logged_in_page
    page.clock.run_for(12 * MINUTE + 50_000)  # 2:10 left
    assert not _dialog(page).is_visible()
    page.clock.run_for(18_000)  # 1:52 left
    dialog = _dialog(page)
    assert dialog.is_visible()
    assert dialog.get_attribute("aria-labelledby") == "session-timeout-title"
    assert page.evaluate("document.activeElement.hasAttribute('data-session-stay')")
    countdown = page.locator("[data-session-countdown]")
    assert countdown.get_attribute("aria-live") == "polite"
    # The text moves in 15-second steps, rounded up.
    assert countdown.text_content() == "Time left: 2 minutes."
    page.clock.run_for(5_000)  # 1:47 left
    assert countdown.text_content() == "Time left: 2 minutes."
    page.clock.run_for(5_000)  # 1:42 left
    assert countdown.text_content() == "Time left: 1 minute 45 seconds."
    assert axe_check(page) == []


def test_stay_logged_in_extends_the_session_and_closes_the_dialog(logged_in_page):
    page = logged_in_page
    page.clock.run_for(13 * MINUTE + 1000)
    with page.expect_response(lambda r: r.url.endswith(reverse("identity:keepalive"))) as info:
        page.get_by_role("button", name="Stay logged in").click()
    assert info.value.status == 204
    page.wait_for_function("!document.getElementById('session-timeout').open")
    page.clock.run_for(12 * MINUTE)
    assert not _dialog(page).is_visible()


def test_escape_dismisses_and_time_up_goes_home_with_the_reason(logged_in_page, live_server):
    page = logged_in_page
    page.clock.run_for(13 * MINUTE + 1000)
    page.keyboard.press("Escape")
    assert not _dialog(page).is_visible()
    page.clock.run_for(60_000)
    assert not _dialog(page).is_visible()  # dismissed stays dismissed
    # The server's clock is real: age the session as the fake one aged.
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    store = SessionStore(cookies[settings.SESSION_COOKIE_NAME])
    store[LAST_ACTIVITY] = time.time() - 16 * 60
    store.save()
    with page.expect_navigation():
        page.clock.run_for(61_000)
    assert page.url == live_server.url + "/"
    assert "there was no activity for 15 minutes" in page.content()


def test_log_out_submits_the_logout_form(logged_in_page, live_server):
    page = logged_in_page
    page.clock.run_for(13 * MINUTE + 1000)
    with page.expect_navigation():
        _dialog(page).get_by_role("button", name="Log out").click()
    assert page.url == live_server.url + "/"
    assert page.get_by_role("link", name="Log in").is_visible()


def test_an_htmx_request_restarts_the_timer(logged_in_page):
    page = logged_in_page
    page.clock.run_for(12 * MINUTE)
    # The server's answer says it noted the activity just now (ADR 0026).
    page.evaluate(
        "document.body.dispatchEvent(new CustomEvent('htmx:afterRequest',"
        " {detail: {xhr: {getResponseHeader: () => '0'}}}))"
    )
    page.clock.run_for(2 * MINUTE)
    assert not _dialog(page).is_visible()
    page.clock.run_for(11 * MINUTE + 1000)
    assert _dialog(page).is_visible()


def test_the_countdown_starts_from_the_servers_stamp(logged_in_page):
    page = logged_in_page
    page.clock.run_for(12 * MINUTE)
    # An answer whose server noted the activity 50 seconds ago moves the clock to then.
    page.evaluate(
        "document.body.dispatchEvent(new CustomEvent('htmx:afterRequest',"
        " {detail: {xhr: {getResponseHeader: () => '50'}}}))"
    )
    page.clock.run_for(2 * MINUTE)
    assert not _dialog(page).is_visible()
    page.clock.run_for(10 * MINUTE + 20_000)
    assert _dialog(page).is_visible()


def test_near_the_absolute_limit_the_dialog_cannot_extend(page, live_server, client):
    user = make_complete_citizen()
    log_in(page, live_server, client, user)
    store = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    now = time.time()
    store[LOGIN_AT] = now - 12 * 3600 + 5 * 60  # five minutes left
    store[LAST_ACTIVITY] = now
    store.save()
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.clock.install()
    page.goto(live_server.url + reverse("portal:my_requests"), wait_until="load")
    page.clock.run_for(3 * MINUTE + 5_000)
    assert _dialog(page).is_visible()
    assert not page.get_by_role("button", name="Stay logged in").is_visible()
    assert page.locator("[data-session-final-text]").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-session-logout')")
