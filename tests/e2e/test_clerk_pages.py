"""The clerk queue and the sandbox mailbox in Chromium: no horizontal scrolling."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import registry
from cases.actions import assign_case, create_case, submit_case
from cases.workflow import Status, transition
from sandbox.mail import MailViewerBackend
from sandbox.models import CapturedMessage
from tests import factories
from tests.conftest import SAMPLE_TYPE
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_queue(clerk) -> None:
    """A draft of every registered type (the longest labels), and cases in the
    longest status, each of an applicant with a long name."""
    for slug, _label in registry.choices():
        create_case(slug, applicant=_long_named_citizen())
    for _ in range(3):
        citizen = _long_named_citizen()
        case = create_case(SAMPLE_TYPE, applicant=citizen)
        submit_case(case, by=citizen)
        assign_case(case, to=clerk, by=clerk)
        transition(case, Status.DEFICIENCY_REQUESTED, by=clerk, note="A szerződés 2. oldala.")


def _long_named_citizen():
    return factories.CitizenFactory(
        person__family_name="Szentgyörgyvölgyi-Kisfaludy",
        person__given_names="Bernadett Krisztina Zsuzsanna",
    )


@pytest.mark.parametrize("language", ["hu", "en"])
def test_the_case_queue_fits_a_1280_px_screen(
    browser, live_server, client, clerk, sample_case_type, language, tmp_path
):
    _fill_queue(clerk)
    context = browser.new_context(locale="hu-HU", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    log_in(page, live_server, client, clerk, otp_device=device)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("admin:cases_case_changelist"), wait_until="load")
    page.screenshot(path=tmp_path / f"queue-{language}.png", full_page=True)  # to look at
    assert page.locator("#result_list tbody tr").count() == len(registry.choices()) + 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # The admin wraps the table in a box that scrolls on its own: it must not need to.
    overflow = page.evaluate(
        "[...document.querySelectorAll('#changelist .results')]"
        ".map(box => box.scrollWidth - box.clientWidth)"
    )
    assert overflow == [0]
    context.close()


def test_the_sandbox_mailbox_wraps_long_lines_and_links_addresses(browser, live_server):
    url = f"{live_server.url}/sandbox/mail/?" + "kovetkezo=1&" * 60
    MailViewerBackend().send_messages(
        [
            EmailMessage(
                subject="Hosszú sorok",
                body="<script>document.title='x'</script>\n" + "hosszú " * 80 + f"\n{url}\n",
                from_email="portal@example.hu",
                to=["citizen@example.hu"],
            )
        ]
    )
    context = browser.new_context(locale="hu-HU", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    pk = CapturedMessage.objects.get().pk
    page.goto(f"{live_server.url}{reverse('sandbox:mail_detail', args=[pk])}", wait_until="load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    box = page.locator("pre.mail-text")
    assert box.evaluate("pre => pre.scrollWidth - pre.clientWidth") == 0
    assert page.title() != "x"
    assert box.get_by_role("link").get_attribute("href") == url
    context.close()
