"""A demo citizen logs in with the demo chip ID card, records an emergency number on it
and reads it back — in Chromium, with the real card bridge in front of the virtual card
under a private pcscd, and axe on every page."""

from __future__ import annotations

import copy
import os
import pty
import re

import pytest
from django.core import mail
from django.core.management import call_command

from documents.models import Document, DocumentKind
from sandbox.vcard.personalise import issuer_ca_pem, new_card_state
from sandbox.vcard.state import activated
from tests.eszemelyi.conftest import TEST_PIN, PcscStack, VirtualCard, _missing, start_bridge

pytestmark = [pytest.mark.e2e, pytest.mark.pcsc, pytest.mark.django_db(transaction=True)]
NUMBER = "+36301234567"


@pytest.fixture(scope="module")
def demo_card_slot(tmp_path_factory):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    stack = PcscStack(tmp_path_factory.mktemp("pcsc"))
    stack.start()
    slot = VirtualCard(stack, slot=0)
    slot.insert()
    yield slot
    slot.stop()
    stack.stop()


@pytest.fixture
def card_bridge(live_server, settings, demo_card_slot):
    """The real card bridge for this live server's origin, in front of the demo card."""
    from eszemelyi.bridge.pins import DictPins

    server, thread = start_bridge(DictPins({"pin": TEST_PIN}), origins=(live_server.url,))
    server.bridge.monitor.poll()
    bridge_url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.ESZEMELYI_BRIDGE_URL = bridge_url
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["connect-src"] = ["'self'", bridge_url]
    settings.CONTENT_SECURITY_POLICY = policy
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def portal_url(live_server, settings, tmp_path, demo_card_slot, card_bridge):
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SAML_SP_ENTITY_ID = f"{base}/saml/metadata/"
    settings.UGYFELKAPU_ENTITY_ID = f"{base}/ugyfelkapu/metadata/"
    settings.ESZEMELYI_PORTAL_ORIGIN = base
    settings.UGYFELKAPU_CARD_ORIGIN = base
    issuer = tmp_path / "card-issuer-ca.pem"
    issuer.write_bytes(issuer_ca_pem())
    settings.ESZEMELYI_CARD_ISSUER_CA_FILE = str(issuer)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    # Kovács János's demo card, activated with the test PIN.
    document = Document.objects.get(
        holder__family_name="Kovács",
        holder__given_names="János",
        kind=DocumentKind.ID_CARD,
        has_chip=True,
    )
    demo_card_slot.use(
        activated(
            new_card_state(
                document_number=document.number,
                holder_name="Kovács János",
                valid_until=document.expires_on.isoformat(),
            ),
            TEST_PIN,
        )
    )
    return base


def _settle(page) -> None:
    page.wait_for_load_state("load")


def _start_with_the_card(page) -> None:
    """Wait until the page sees the bridge and the card, then start."""
    start = page.locator("#card-start")
    start.wait_for(state="visible")
    page.wait_for_function("!document.getElementById('card-start').disabled", timeout=15000)
    start.click()


def test_card_login_then_an_emergency_number_written_and_read_back(page, portal_url, axe_check):
    # Log in with the card through the identity provider.
    page.goto(f"{portal_url}/my-requests/")
    _settle(page)
    assert "/account/login/" in page.url
    page.click("button[value=card]")
    page.wait_for_url(re.compile(r"/ugyfelkapu/login/"))
    _settle(page)
    assert axe_check(page) == []
    _start_with_the_card(page)
    page.wait_for_url(re.compile(r"/account/complete/"), timeout=20000)
    assert axe_check(page) == []
    assert "kovacs.janos@example.hu" in page.content()
    page.locator("main form button[type=submit]").first.click()
    _settle(page)
    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    _settle(page)
    page.locator("main form button[type=submit]").first.click()
    _settle(page)

    # The card page and the emergency numbers form.
    page.goto(f"{portal_url}/eszemelyi/")
    _settle(page)
    assert axe_check(page) == []
    page.goto(f"{portal_url}/eszemelyi/emergency-numbers/")
    _settle(page)
    assert axe_check(page) == []
    page.check("input[name=slot][value='1']")
    page.check("input[name=action][value=set]")
    page.fill("input[name=number]", "06 30 123 4567")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/eszemelyi/operations/"))
    _settle(page)
    assert axe_check(page) == []
    _start_with_the_card(page)
    page.wait_for_url(re.compile(r"/my-requests/UGY-"), timeout=20000)
    _settle(page)
    assert axe_check(page) == []
    assert "+3630***4567" in page.content()

    # Read the numbers back from the card, into the browser only.
    page.goto(f"{portal_url}/eszemelyi/emergency-numbers/")
    _settle(page)
    page.locator("form[action$='/emergency-numbers/read/'] button").click()
    page.wait_for_url(re.compile(r"/eszemelyi/operations/"))
    _settle(page)
    _start_with_the_card(page)
    numbers = page.locator("#card-numbers")
    numbers.wait_for(timeout=20000)
    assert numbers.locator("li").all_inner_texts() == [NUMBER, "(üres)"]
    assert axe_check(page) == []


def test_cancel_on_the_page_closes_the_bridge_prompt_and_frees_the_card(
    page, live_server, client, settings, citizen, card_bridge, demo_card_slot
):
    from eszemelyi.bridge.pins import TerminalPins
    from eszemelyi.models import CardOperation, OperationState
    from tests.e2e.conftest import log_in
    from tests.eszemelyi.bridge.test_pins_and_token import _screen_text, _wait_for_prompt
    from tests.factories import DocumentFactory

    settings.PORTAL_BASE_URL = live_server.url
    settings.ESZEMELYI_PORTAL_ORIGIN = live_server.url
    DocumentFactory(holder=citizen.person, number="700901AB", has_chip=True)
    state = new_card_state(
        document_number="700901AB", holder_name="Teszt Elek", valid_until="2030-03-10"
    )
    demo_card_slot.use(activated(state, TEST_PIN))
    keyboard, screen = pty.openpty()
    card_bridge.bridge.pins = TerminalPins(timeout=60, tty=os.ttyname(screen))
    try:
        log_in(page, live_server, client, citizen)
        page.goto(f"{live_server.url}/eszemelyi/emergency-numbers/")
        _settle(page)
        page.locator("form[action$='/emergency-numbers/read/'] button").click()
        page.wait_for_url(re.compile(r"/eszemelyi/operations/"))
        _settle(page)
        _start_with_the_card(page)
        _wait_for_prompt(keyboard)  # the bridge asks for the PIN in its own terminal
        assert card_bridge.bridge.status()["busy"] is True
        page.locator("#card-cancel button").click()
        page.wait_for_url(re.compile(r"/eszemelyi/$"))
        assert "The operation was cancelled" in _screen_text(keyboard)
        assert card_bridge.bridge.status()["busy"] is False
        assert CardOperation.objects.get().state == OperationState.CANCELLED
        assert demo_card_slot.state["eid"]["tries"] == 3  # no PIN reached the card
    finally:
        os.close(keyboard)
        os.close(screen)
