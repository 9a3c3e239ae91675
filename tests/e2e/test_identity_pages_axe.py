"""The first-login pages pass axe in Chromium, in both languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from identity.completion import confirmation_token
from tests.e2e.conftest import log_in
from tests.identity.personas import IDENTITY, make_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["hu", "en"])
def test_completion_form_with_errors_mailbox_page_and_link_page_pass_axe(
    page, live_server, client, axe_check, language
):
    citizen = make_citizen(last_name="Teszt", first_name="Elek", email="")
    log_in(page, live_server, client, citizen)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + "/my-requests/", wait_until="load")
    assert page.url == live_server.url + reverse("identity:complete_profile")
    assert axe_check(page) == []

    page.locator("#id_birth_date").fill("1850-01-01")
    page.locator("#id_email").fill("nem-cim")
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("[aria-invalid=true]").count() == 7
    assert axe_check(page) == []

    for name, value in IDENTITY.items():
        if name not in ("last_name", "first_name"):
            page.locator(f"#id_{name}").fill(str(value))
    page.locator("#id_email").fill("elek.teszt@example.hu")
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "elek.teszt@example.hu" in page.content()
    assert axe_check(page) == []

    citizen.refresh_from_db()
    page.goto(
        live_server.url + reverse("identity:confirm_email", args=[confirmation_token(citizen)]),
        wait_until="load",
    )
    assert axe_check(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    citizen.refresh_from_db()
    assert citizen.email_confirmed_at is not None
    assert page.url == live_server.url + reverse("portal:my_requests")
