"""Browser tests: Debian Chromium driven by Playwright, checked with axe-core."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The WCAG 2.0, 2.1 and 2.2 A and AA rules, and axe's best practices (landmarks,
# regions, heading order, unique landmark names, …), on every page a test checks.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# A best-practice rule that does not fit the portal is switched off here by name, with
# the reason; none is today.
AXE_RULES_OFF: dict[str, str] = {}

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between page actions are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="hu-HU")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_check():
    if not AXE.exists():
        pytest.fail("axe-core missing: run `npm install` (make test-e2e does)")
    source = AXE.read_text(encoding="utf-8")

    def check(page) -> list[str]:
        page.evaluate(source)  # evaluate() is not subject to the page's CSP
        result = page.evaluate(
            """([tags, off]) => axe.run(document, {
                 runOnly: {type: 'tag', values: tags},
                 rules: Object.fromEntries(off.map(rule => [rule, {enabled: false}])),
               })""",
            [AXE_TAGS, list(AXE_RULES_OFF)],
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]

    return check


def log_in(page, live_server, client, user, *, otp_device=None) -> None:
    """Give the browser the session of `user` (citizen login arrives with SAML)."""
    from django.conf import settings

    client.force_login(user)
    if otp_device is not None:
        from django_otp import DEVICE_ID_SESSION_KEY

        session = client.session
        session[DEVICE_ID_SESSION_KEY] = otp_device.persistent_id
        session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


SUCCESS_CARD = "4908 3660 9990 0425"


@pytest.fixture
def card_sandbox(live_server, settings):
    """Card payments go to the SimplePay emulator of this live server."""
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SIMPLEPAY_API_BASE = f"{base}/sandbox/simplepay"
    settings.SIMPLEPAY_IPN_URL = f"{base}/payments/simplepay/ipn/"
    return base


def pay_by_card(page, axe_check, card: str = SUCCESS_CARD) -> None:
    """From the case's payment page, through the emulator's card page, back."""
    import re

    from django.utils import timezone

    page.wait_for_url(re.compile(r"/payments/"))
    assert axe_check(page) == [], page.url
    page.locator("main input[type=checkbox]").check()
    page.get_by_role("button", name=re.compile("kártyával")).click()
    page.wait_for_url(re.compile(r"/sandbox/simplepay/pay/"))
    page.fill("input[name=number]", card)
    page.fill("input[name=expiry]", f"12/{(timezone.localdate().year + 2) % 100:02d}")
    page.fill("input[name=cvc]", "123")
    page.fill("input[name=holder]", "TESZT ELEK")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/payments/simplepay/return/"))
    page.wait_for_load_state("load")
    assert axe_check(page) == [], page.url
