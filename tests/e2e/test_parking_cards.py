"""Parking cards in Chromium: a replacement refused while typing for a loss reported
late, then filed for a loss reported in time; an exchange with the expert opinion
attached, the holding rules shown before submission."""

from __future__ import annotations

import re

import pytest

from cases.models import Case
from tests import samples
from tests.e2e.conftest import log_in
from tests.parking.conftest import lost_card, make_card

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _address(page) -> None:
    page.get_by_label("Irányítószám", exact=True).fill("7621")
    page.get_by_label("Település", exact=True).fill("Pécs")
    page.get_by_label("Cím (utca, házszám)", exact=True).fill("Király utca 20.")


def test_a_holder_replaces_a_stolen_card(page, live_server, client, citizen, axe_check):
    lost_card("PK0000101", citizen.person, learned_days_ago=30, reported_after=14)
    lost_card("PK0000102", citizen.person, learned_days_ago=6, reported_after=2)
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/services/parking.replacement/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/apply/parking.replacement/$"))
    assert "szélvédője mögött" in page.content()
    assert axe_check(page) == []

    number = page.get_by_label("A parkolási igazolvány száma", exact=True)
    number.fill("PK0000101")
    number.blur()
    page.get_by_text("több mint 10 nappal").wait_for()
    assert axe_check(page) == []
    number.fill("pk 0000102")
    number.blur()
    page.get_by_text("több mint 10 nappal").wait_for(state="detached")
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    _address(page)
    page.get_by_label(re.compile("Ismerem a kérelem elején olvasható")).check()
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()
    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert axe_check(page) == []
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_url(re.compile(r"/apply/done/"))
    case = Case.objects.get(case_type="parking.replacement")
    assert case.status == "submitted" and case.reference in page.content()
    assert axe_check(page) == []


def test_a_holder_exchanges_a_card_with_the_opinion(
    page, live_server, client, citizen, axe_check, tmp_path
):
    make_card("PK0000201", citizen.person, basis="seven_point")
    make_card("PK0000202", citizen.person)
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/apply/parking.exchange/")
    number = page.get_by_label("A parkolási igazolvány száma", exact=True)
    number.fill("PK0000201")
    number.blur()
    page.get_by_text("„7 pontos” orvosi szakvélemény alapján").wait_for()
    assert axe_check(page) == []
    number.fill("PK0000202")
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    page.get_by_role(
        "radio", name="csere a csatolt szakvélemény vagy állásfoglalás alapján"
    ).check()
    page.get_by_role("radio", name="autista").check()
    page.get_by_role("radio", name="szakvélemény", exact=True).check()
    scan = tmp_path / "szakvelemeny.pdf"
    scan.write_bytes(samples.pdf())
    page.get_by_label(
        "A szakvélemény vagy a szakhatósági állásfoglalás", exact=True
    ).set_input_files(str(scan))
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/2/$"))
    _address(page)
    page.get_by_label(re.compile("Ismerem a kérelem elején olvasható")).check()
    page.get_by_role("button", name="Tovább").click()
    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert axe_check(page) == []
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_url(re.compile(r"/apply/done/"))
    case = Case.objects.get(case_type="parking.exchange")
    assert case.status == "submitted" and case.attachments.count() == 1
