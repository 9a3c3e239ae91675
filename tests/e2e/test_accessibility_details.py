"""What axe cannot see (issue 21), checked in Chromium: live errors reach a live
region that stays in the page, the keyboard's focus lands where it should after
each action, the session warning is not dismissed by the live check its own
focus move sets off, and no page scrolls sideways at 320 CSS px."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases.actions import create_case, submit_case
from tests.e2e.conftest import log_in
from tests.e2e.keyboard import Keys, date_order
from tests.e2e.reflow import NARROW, overflow
from tests.vehicles.conftest import make_vehicle

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBMIT = "main form button[type=submit].btn-primary"
MINUTE = 60 * 1000

# A screen reader's view of the live regions: every change inside one is noted
# with the region's id and text, and every error region is tagged, so that a
# region replaced by a new node (which is not announced) shows as untagged.
LISTEN = """() => {
  window.__announced = [];
  new MutationObserver(records => {
    for (const record of records) {
      const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      const region = node && node.closest('[aria-live]:not([aria-live=off])');
      if (region) window.__announced.push({id: region.id, text: region.textContent.trim()});
    }
  }).observe(document.querySelector('main'), {subtree: true, childList: true, characterData: true});
  for (const region of document.querySelectorAll('[id$=_error]')) region.__first = true;
}"""


def _announced(page, region_id: str) -> list[str]:
    return [
        item["text"]
        for item in page.evaluate("window.__announced")
        if item["id"] == region_id and item["text"]
    ]


def _active(page) -> str:
    return page.evaluate(
        "(() => { const el = document.activeElement;"
        " return el === document.body ? 'body' : (el.id || el.className || el.tagName); })()"
    )


def test_live_errors_are_announced_beside_their_inputs(page, live_server, client, citizen):
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}/apply/vehicles.data_lookup/", wait_until="load")
    page.evaluate(LISTEN)

    plates = page.locator("textarea[name=plates]")
    plates.fill("rkz 214\nXYZ-999")
    plates.blur()  # the change event runs the live check
    page.get_by_text("XYZ-999 rendszámú jármű").first.wait_for()
    region = page.locator("#id_plates_error")
    assert region.get_attribute("aria-live") == "polite"
    assert page.evaluate("document.getElementById('id_plates_error').__first === true")
    assert any("XYZ-999" in text for text in _announced(page, "id_plates_error"))
    assert plates.get_attribute("aria-invalid") == "true"
    assert "id_plates_error" in plates.get_attribute("aria-describedby").split()

    # Put right: the region empties in place and the mark goes.
    plates.fill("rkz 214")
    plates.blur()
    expect(region).to_have_text("")
    expect(plates).not_to_have_attribute("aria-invalid", "true")
    assert page.evaluate("document.getElementById('id_plates_error').__first === true")

    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/1/$"))
    page.evaluate(LISTEN)
    mass = page.locator("input[name=match_RKZ214__own_mass_kg]")
    mass.fill("sok")
    mass.blur()
    error = page.locator(f"#{mass.get_attribute('id')}_error")
    error.get_by_text("adjon meg egy egész számot").wait_for()
    assert error.get_attribute("aria-live") == "polite"
    assert _announced(page, error.get_attribute("id"))
    # Right under its input, not below the vehicle's fourteen.
    below = error.bounding_box()["y"] - (mass.bounding_box()["y"] + mass.bounding_box()["height"])
    assert 0 <= below < 24, below
    marked = page.locator(".match-input[aria-invalid=true]")
    assert marked.count() == 1 and marked.get_attribute("name") == "match_RKZ214__own_mass_kg"
    assert page.locator("#id_match_RKZ214_error").inner_text().strip() == ""


def test_the_keyboard_journey_lands_the_focus_where_it_should(
    browser, page, live_server, client, citizen, card_sandbox
):
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(page, live_server, client, citizen)
    keys = Keys(page, date_order(browser))

    page.goto(f"{live_server.url}/services/vehicles.data_lookup/", wait_until="load")
    assert _active(page) == "body"
    keys.tab_to(".skip-link")
    assert len(keys.stops) == 1  # the skip link is the first stop
    keys.tab_to('main a[href="/apply/vehicles.data_lookup/"]')
    keys.follow()
    # A new page starts at its top: the next Tab reaches the skip link.
    assert _active(page) == "body"
    keys.tab_to(".skip-link")
    assert len(keys.stops) == 1

    # Continue with nothing filled in: the focus is on the summary, the title says so.
    keys.tab_to(SUBMIT)
    keys.follow()
    keys.autofocused(".error-summary")
    assert page.title().startswith("Hiba: ")
    keys.tab_to(".error-summary a")
    assert page.locator(".error-summary a").get_attribute("href") == "#id_plates"
    keys.press("Enter")
    assert _active(page) == "id_plates"
    keys.type("rkz 214")
    keys.tab_to(SUBMIT)
    keys.follow()
    page.wait_for_url(re.compile(r"/1/$"))
    assert _active(page) == "body"
    assert not page.title().startswith("Hiba")

    # A date is one Tab stop: the next Tab leaves it for the next input.
    date_input = "input[name=match_RKZ214__first_registered_on]"
    keys.tab_to(date_input)
    keys.type_date(timezone.localdate().replace(year=2015, month=3, day=1))
    before = len(keys.stops)
    keys.tab_to(".match-input")
    assert len(keys.stops) == before + 1
    assert not keys.matches(date_input)
    keys.tab_to(SUBMIT)
    keys.follow()
    page.wait_for_url(re.compile(r"/review/"))
    assert _active(page) == "body"
    keys.tab_to("main form button", "fizetéshez")
    keys.follow()

    # The payment's consent refused: the summary again, leading to the checkbox.
    page.wait_for_url(re.compile(r"/payments/"))
    assert _active(page) == "body"
    keys.tab_to("main button", "kártyával")
    keys.follow()
    keys.autofocused(".error-summary")
    assert page.title().startswith("Hiba: ")
    keys.tab_to(".error-summary a")
    keys.press("Enter")
    assert _active(page) == "id_accept_data_transfer"
    assert page.locator("#id_accept_data_transfer").get_attribute("aria-invalid") == "true"
    keys.press("Space")
    keys.tab_to("main button", "kártyával")
    keys.follow()
    page.wait_for_url(re.compile(r"/sandbox/simplepay/pay/"))


def test_the_session_warning_is_not_closed_by_the_live_check_its_focus_move_starts(
    page, live_server, client, citizen
):
    log_in(page, live_server, client, citizen)
    page.clock.install()
    page.goto(f"{live_server.url}/apply/vehicles.data_lookup/", wait_until="load")
    checks = []
    page.on(
        "request", lambda request: checks.append(request.url) if "/check" in request.url else None
    )
    keepalives = []
    page.on(
        "request",
        lambda request: (
            keepalives.append(request.url)
            if request.url.endswith(reverse("identity:keepalive"))
            else None
        ),
    )
    plates = page.locator("textarea[name=plates]")
    plates.focus()
    page.keyboard.type("rkz 214")
    page.clock.run_for(1000)  # the key-up check runs
    page.wait_for_timeout(500)
    sent = len(checks)
    assert sent >= 1

    page.clock.run_for(13 * MINUTE + 10_000)  # the warning opens and takes the focus
    dialog = page.get_by_role("alertdialog")
    assert dialog.is_visible()
    page.clock.run_for(2000)  # the textarea's change would send its check now
    page.wait_for_timeout(500)
    assert dialog.is_visible()
    assert len(checks) == sent

    # Escape closes the warning and gives the focus back, but extends nothing.
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert _active(page) == "id_plates"
    page.clock.run_for(2000)
    page.wait_for_timeout(500)
    assert len(checks) == sent and keepalives == []
    assert not dialog.is_visible()


@pytest.fixture
def filed_cases(citizen, sample_case_type):
    for _ in range(3):
        case = create_case("testing.sample", applicant=citizen)
        submit_case(case, by=citizen)


@pytest.mark.usefixtures("filed_cases")
def test_no_page_scrolls_sideways_at_320_px(page, live_server, client, citizen):
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(page, live_server, client, citizen)
    page.set_viewport_size(NARROW)
    wide = {}

    def measure(name: str) -> None:
        found = overflow(page)
        if found:
            wide[name] = found

    for name, url in [
        ("home", "/"),
        ("service page", "/services/vehicles.data_lookup/"),
        ("my requests", reverse("portal:my_requests")),
        ("first step", "/apply/vehicles.data_lookup/"),
    ]:
        page.goto(live_server.url + url, wait_until="load")
        measure(name)
    page.locator(SUBMIT).click()
    page.wait_for_load_state("load")
    measure("first step with the error summary")
    page.fill("textarea[name=plates]", "RKZ-214")
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/1/$"))
    measure("match step")
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/review/"))
    measure("review")
    page.get_by_role("button", name=re.compile("fizetéshez")).click()
    page.wait_for_url(re.compile(r"/payments/"))
    measure("payment")
    page.get_by_role("button", name=re.compile("kártyával")).click()
    page.wait_for_load_state("load")
    measure("payment with the error summary")
    page.goto(live_server.url + reverse("portal:my_requests"), wait_until="load")
    page.locator("main a", has_text=re.compile(r"\d")).first.click()
    page.wait_for_load_state("load")
    measure("case page")
    assert wide == {}


# Every control at least 24 x 24 CSS px (links inside a sentence are exempt), every
# link in the workspace underlined, every aria-describedby naming an element.
ADMIN_RULES = """() => {
  const found = [];
  const shown = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  for (const el of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (!shown(el) || (el.tagName === 'A' && el.closest('p'))) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 23.5 || box.height < 23.5) {
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      found.push(`small ${size}: ${el.outerHTML.slice(0, 90)}`);
    }
  }
  for (const link of document.querySelectorAll('#container a[href]')) {
    if (!shown(link) || link.closest('.object-tools')) continue;
    if (link.classList.contains('button')) continue;
    if (!getComputedStyle(link).textDecorationLine.includes('underline')) {
      found.push(`not underlined: ${link.outerHTML.slice(0, 90)}`);
    }
  }
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/)) {
      if (id && !document.getElementById(id)) found.push(`aria-describedby: no ${id}`);
    }
  }
  return found;
}"""


def test_clerk_pages_meet_target_size_and_underline_links(
    page, live_server, client, clerk, citizen, sample_case_type
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    found = {}
    page.goto(live_server.url + reverse("admin:login"), wait_until="load")
    found["login"] = page.evaluate(ADMIN_RULES)
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    log_in(page, live_server, client, clerk, otp_device=device)
    for name, url in [
        ("index", reverse("admin:index")),
        ("queue", reverse("admin:cases_case_changelist")),
        ("case", reverse("admin:cases_case_change", args=[case.pk])),
    ]:
        page.goto(live_server.url + url, wait_until="load")
        found[name] = page.evaluate(ADMIN_RULES)
    assert {name: rules for name, rules in found.items() if rules} == {}
