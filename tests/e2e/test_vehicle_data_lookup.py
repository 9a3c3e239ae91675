"""A citizen looks up two vehicles (one of them someone else's), asks for a few
data-match checks, pays by card in the SimplePay emulator and reads the answer;
axe checks every page and state on the way."""

from __future__ import annotations

import re

import pytest

from cases.models import Case, IssuedDocument
from tests.e2e.conftest import log_in, pay_by_card
from tests.vehicles.conftest import make_vehicle
from vehicles.models import DataLookup

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _axe(page, axe_check) -> None:
    assert axe_check(page) == [], page.url


def _continue(page) -> None:
    page.locator("main form button[type=submit]", has_text="Tovább").first.click()
    page.wait_for_load_state("load")


def test_look_up_two_vehicles_pay_by_card_and_read_the_answer(
    page, live_server, client, citizen, other_citizen, card_sandbox, axe_check
):
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    make_vehicle("NEV-112", [(other_citizen.person, 1, 1)], wanted=True, own_mass_kg=None)
    log_in(page, live_server, client, citizen)

    # The first step: the information, then a lookup of no vehicle is refused.
    page.goto(f"{live_server.url}/apply/vehicles.data_lookup/")
    assert "275 Ft" in page.content()
    _axe(page, axe_check)
    _continue(page)
    assert "Adjon meg legalább egy rendszámot" in page.content()
    _axe(page, axe_check)

    # An unknown plate is named while typing, and again on continuing.
    page.fill("textarea[name=plates]", "rkz 214\nXYZ-999")
    page.locator("textarea[name=plates]").blur()  # the change event runs the live check
    page.get_by_text("XYZ-999 rendszámú jármű").first.wait_for()
    _axe(page, axe_check)
    _continue(page)
    assert "XYZ-999 rendszámú jármű" in page.content()
    _axe(page, axe_check)
    page.fill("textarea[name=plates]", "rkz 214\nNEV-112")
    _continue(page)

    # The second step: one group of optional match values per vehicle.
    page.wait_for_url(re.compile(r"/1/$"))
    assert page.locator("main fieldset legend").all_inner_texts() == ["RKZ-214", "NEV-112"]
    _axe(page, axe_check)
    page.fill("input[name=match_RKZ214__own_mass_kg]", "1 200 kg")
    page.fill("input[name=match_RKZ214__first_registered_on]", "2015-03-01")
    page.fill("input[name=match_RKZ214__registration_certificate_number]", "ab 123457")
    page.select_option("select[name=match_NEV112__fuel]", "diesel")
    page.fill("input[name=match_NEV112__own_mass_kg]", "sok")
    _continue(page)
    assert "Saját tömeg (kg): adjon meg egy egész számot" in page.content()
    _axe(page, axe_check)
    page.fill("input[name=match_NEV112__own_mass_kg]", "1200")
    _continue(page)

    # Review: two vehicles cost the 625 Ft minimum; then the card payment.
    page.wait_for_url(re.compile(r"/review/"))
    assert "RKZ-214, NEV-112" in page.content()
    assert re.search(r"625(\xa0|&nbsp;)Ft", page.content())
    _axe(page, axe_check)
    page.get_by_role("button", name=re.compile("fizetéshez")).click()
    pay_by_card(page, axe_check)

    lookup = DataLookup.objects.get()
    case = Case.objects.get(pk=lookup.case_id)
    assert case.status == "closed" and lookup.answered_at is not None
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    content = page.content()
    for text in (
        "Volkswagen",
        "LA7W",
        "igen, a jármű körözött",
        "nem egyezik",
        "a nyilvántartásban nincs adat",
        "eltérhetnek a valóstól",
        "csak a hazai",
    ):
        assert text in content, text
    rows = page.locator("main table tbody tr").all_inner_texts()
    assert any(r.startswith("Saját tömeg (kg)") and r.endswith("egyezik") for r in rows)
    _axe(page, axe_check)
    assert IssuedDocument.objects.filter(case=case, kind="decision").exists()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Egyszerűsített döntés")).click()
    assert download.value.suggested_filename.endswith(".pdf")
