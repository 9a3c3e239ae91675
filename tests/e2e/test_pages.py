from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.actions import create_case, submit_case
from portal import catalogue
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE_SERVICES = [s.code for s in catalogue.all_services()]


def _open(page, url):
    response = page.goto(url, wait_until="load")
    assert response.status < 400, url
    return response


@pytest.mark.parametrize("language", ["hu", "en"])
def test_home_passes_axe(page, live_server, axe_check, language):
    _open(page, live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "en"
    assert axe_check(page) == []


def test_every_service_page_passes_axe(page, live_server, axe_check):
    failures = {}
    for code in SAMPLE_SERVICES:
        _open(page, live_server.url + reverse("portal:service_info", args=[code]))
        violations = axe_check(page)
        if violations:
            failures[code] = violations
    assert failures == {}


def test_login_notice_and_sandbox_mailbox_pass_axe(page, live_server, axe_check):
    for url in [reverse("identity:login"), "/sandbox/mail/"]:
        _open(page, live_server.url + url)
        assert axe_check(page) == [], url


def test_status_and_error_pages_pass_axe(page, live_server, axe_check):
    _open(page, live_server.url + reverse("portal:status"))
    assert axe_check(page) == [], "status"
    response = page.goto(live_server.url + "/no-such-page/", wait_until="load")
    assert response.status == 404
    assert axe_check(page) == [], "404"


def test_citizen_pages_pass_axe(page, live_server, axe_check, client, citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    log_in(page, live_server, client, citizen)
    for url in [reverse("portal:my_requests"), case.get_absolute_url()]:
        _open(page, live_server.url + url)
        assert case.reference in page.content()
        assert axe_check(page) == [], url


def test_clerk_queue_renders_for_a_verified_clerk(
    page, live_server, client, clerk, citizen, sample_case_type
):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    log_in(page, live_server, client, clerk, otp_device=device)
    _open(page, live_server.url + reverse("admin:cases_case_changelist"))
    assert case.reference in page.content()
    _open(page, live_server.url + reverse("admin:cases_case_changelist") + "?deadline=overdue")
    assert case.reference not in page.locator("#changelist").inner_text()


def test_keyboard_skip_link_reaches_main_content(page, live_server):
    _open(page, live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-9999px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="hu-HU")
    page = context.new_page()
    _open(page, live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name=catalogue.all_services()[0].title.en).first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == catalogue.all_services()[0].title.en
    context.close()
