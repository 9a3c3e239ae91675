"""A seller reports the change of ownership in Chromium: live checks while
typing, the contract upload, review, submission, and the register at once."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from cases.models import Case
from tests import samples
from tests.e2e.conftest import log_in
from tests.factories import PersonFactory
from tests.vehicles.conftest import make_vehicle

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = samples.pdf()  # a real one: uploads must open as PDF


def test_a_sole_owner_reports_the_sale(page, live_server, client, citizen, axe_check, tmp_path):
    own = make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    make_vehicle("AA BC-123", [(citizen.person, 1, 2), (PersonFactory(), 1, 2)])
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/services/vehicles.ownership_change/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/apply/vehicles.ownership_change/$"))
    assert axe_check(page) == []

    # The co-owned car is refused while typing (htmx), before any submission.
    page.get_by_label("Rendszám", exact=True).fill("aa bc 123")
    page.get_by_label("Rendszám").blur()
    page.get_by_text("több tulajdonosa van").wait_for()
    assert axe_check(page) == []
    page.get_by_label("Rendszám", exact=True).fill("rkz 214")
    page.get_by_label("Rendszám").blur()
    page.get_by_text("több tulajdonosa van").wait_for(state="detached")
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    page.get_by_role("radio", name="természetes személy").check()
    page.get_by_label("Név (természetes személy)", exact=True).fill("Vevő Vilmos")
    page.get_by_label("Születési név", exact=True).fill("Vevő Vilmos")
    page.get_by_label("Anyja születési neve", exact=True).fill("Anya Anna")
    page.get_by_label("Születési hely", exact=True).fill("Eger")
    page.get_by_label("Születési idő", exact=True).fill("1985-02-03")
    page.get_by_label("Személyazonosító okmány száma", exact=True).fill("123456AB")
    page.get_by_label("Irányítószám", exact=True).fill("3300")
    page.get_by_label("Település", exact=True).fill("Eger")
    page.get_by_label("Cím (utca, házszám)", exact=True).fill("Dobó tér 1.")
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/2/$"))
    today = timezone.localdate().isoformat()
    page.get_by_role("radio", name="visszterhes (adásvétel)").check()
    page.get_by_label("A szerződés hatálybalépésének napja", exact=True).fill(today)
    page.get_by_label("Az új tulajdonos birtokba vételének napja", exact=True).fill(today)
    page.get_by_label("Km-óra állás a birtokba adáskor (km)", exact=True).fill("91000")
    scan = tmp_path / "szerzodes.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("A szerződés szkennelt képe", exact=True).set_input_files(str(scan))
    page.get_by_label(re.compile("A felek a szerződésben nyilatkoztak")).check()
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert "Vevő Vilmos" in page.content()
    assert axe_check(page) == []
    page.get_by_role("button", name="A kérelem benyújtása").click()

    page.wait_for_url(re.compile(r"/apply/done/"))
    assert axe_check(page) == []
    case = Case.objects.get(case_type="vehicles.ownership_change")
    assert case.reference in page.content()
    assert case.status == "submitted"
    assert own.current_owners().get().owner_display == "Vevő Vilmos"

    page.get_by_role("link", name="A kérelem megtekintése").click()
    assert "Bejegyezve" in page.content()
    assert axe_check(page) == []
