"""The 503 page a citizen gets while the database cannot be reached, in Chromium."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _failing_urls(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.portal.error_urls"


def test_the_503_page_passes_axe_and_reads_without_javascript(browser, live_server, axe_check):
    context = browser.new_context(locale="hu-HU", java_script_enabled=False)
    page = context.new_page()
    response = page.goto(live_server.url + "/test-database-down/", wait_until="load")
    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "A szolgáltatás átmenetileg nem elérhető"
    )
    # The way back is a plain link, reachable by keyboard.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A"
    context.close()

    context = browser.new_context(locale="hu-HU")
    page = context.new_page()
    page.goto(live_server.url + "/test-database-down/", wait_until="load")
    assert axe_check(page) == []
    context.close()
