"""An owner asks for a replacement title in Chromium: the keeper check while
typing, the fee following the reason and the police report, delivery by post to
the registered address, payment by card in the SimplePay emulator."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from cases.models import Case
from payments.models import Payment
from tests import samples
from tests.e2e.conftest import log_in
from tests.factories import PersonFactory
from tests.vehicles.conftest import make_vehicle
from vehicles.models import TitleReplacement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = samples.pdf()  # a real one: uploads must open as PDF
SUCCESS_CARD = "4908 3660 9990 0425"


@pytest.fixture
def simplepay(live_server, settings):
    base = live_server.url
    settings.PORTAL_BASE_URL = base
    settings.SIMPLEPAY_API_BASE = f"{base}/sandbox/simplepay"
    settings.SIMPLEPAY_IPN_URL = f"{base}/payments/simplepay/ipn/"


def _fee_section(page) -> str:
    return page.locator("#flow-fee").inner_text()


def test_an_owner_keeper_replaces_a_lost_title_and_pays_by_card(
    page, live_server, client, citizen, axe_check, tmp_path, simplepay
):
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    make_vehicle("JHV-451", [(citizen.person, 1, 1)], keeper=PersonFactory())
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/apply/vehicles.title_replacement/")
    assert "Hivatalos Értesítő" in page.content()
    assert axe_check(page) == []

    # A car kept by someone else is refused while typing.
    plate = page.get_by_label("Rendszám", exact=True)
    plate.fill("jhv 451")
    plate.blur()
    page.get_by_text("üzembentartóként más").wait_for()
    assert axe_check(page) == []
    plate.fill("rkz 214")
    plate.blur()
    page.get_by_text("üzembentartóként más").wait_for(state="detached")
    page.get_by_role("button", name="Tovább").click()

    # The fee follows the reason and the police report.
    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    assert axe_check(page) == []
    page.get_by_role("radio", name="megrongálódott, de azonosítható").check()
    page.get_by_text("elektronikus úton nem kérelmezhető").wait_for()
    assert axe_check(page) == []
    page.get_by_role("radio", name="eltulajdonított", exact=True).check()
    page.locator("#flow-fee tfoot").wait_for()
    assert re.search(r"6\s?000\sFt", _fee_section(page))
    report = tmp_path / "feljelentes.pdf"
    report.write_bytes(PDF)
    page.get_by_label(re.compile("A feljelentés másolata")).set_input_files(str(report))
    page.get_by_text("Ez a kérelem díjmentes.").wait_for()
    assert axe_check(page) == []
    page.get_by_role("radio", name="elveszett", exact=True).check()
    page.locator("#flow-fee tfoot").wait_for()
    assert re.search(r"6\s?000\sFt", _fee_section(page))
    page.get_by_role("button", name="Tovább").click()

    # Delivery by post, to the address in the register unless changed.
    page.wait_for_url(re.compile(r"/apply/draft/.+/2/$"))
    page.get_by_role("radio", name="postai úton").check()
    page.get_by_label("Irányítószám", exact=True).fill("3300")
    page.get_by_label("Település", exact=True).fill("Eger")
    page.get_by_label("Cím (utca, házszám)", exact=True).fill("Dobó tér 1.")
    page.get_by_label(re.compile("Jogszerűen rendelkezem")).check()
    assert "egy évig" in page.content()
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert "RKZ-214" in page.content() and "elveszett" in page.content()
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább a fizetéshez").click()

    # Pay the 6000 Ft duty by card.
    page.wait_for_load_state("load")
    assert axe_check(page) == []
    page.locator("main input[type=checkbox]").check()
    page.get_by_role("button", name=re.compile("kártyával")).click()
    page.wait_for_url(re.compile(r"/sandbox/simplepay/pay/"))
    page.fill("input[name=number]", SUCCESS_CARD)
    page.fill("input[name=expiry]", f"12/{(timezone.localdate().year + 2) % 100:02d}")
    page.fill("input[name=cvc]", "123")
    page.fill("input[name=holder]", "TESZT ELEK")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/payments/simplepay/return/"))
    assert axe_check(page) == []

    case = Case.objects.get(case_type="vehicles.title_replacement")
    assert Payment.objects.get(case=case, state="succeeded").amount == 6000
    assert case.status == "submitted"
    detail = TitleReplacement.objects.get(case=case)
    assert (detail.reason, detail.delivery, detail.delivery_settlement) == ("lost", "post", "Eger")

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "Még nincs közzétéve" in page.content()
    assert axe_check(page) == []
