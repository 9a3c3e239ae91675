"""Residence abroad in Chromium: a citizen reports settling abroad (a Hungarian postal
code abroad refused while typing); a visitor without login reports a new foreign
address, is refused on a mismatch without being told which field, then files, gets
the codes and follows the case with them after the office registered it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from cases.models import Case
from residence import foreign_address_change
from tests.e2e.conftest import log_in
from tests.factories import AddressFactory
from tests.residence.conftest import abroad_person, report_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_reports_settling_abroad(page, live_server, client, citizen, axe_check):
    AddressFactory(person=citizen.person)
    log_in(page, live_server, client, citizen)
    page.goto(f"{live_server.url}/services/residence.settle_abroad/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/apply/residence.settle_abroad/$"))
    assert "2013. március 1." in page.content()
    assert axe_check(page) == []

    page.get_by_label("Ország", exact=True).select_option("DE")
    page.get_by_label("Irányítószám", exact=True).fill("1051")
    page.get_by_label("Település", exact=True).fill("München")
    page.get_by_label("Cím (utca, házszám)", exact=True).fill("Marienplatz 8.")
    page.get_by_label("Cím (utca, házszám)", exact=True).blur()
    page.get_by_text("magyar irányítószámnak tűnik").first.wait_for()
    assert axe_check(page) == []
    page.get_by_label("Irányítószám", exact=True).fill("80331")
    page.get_by_label("Irányítószám", exact=True).blur()
    page.get_by_text("magyar irányítószámnak tűnik").first.wait_for(state="detached")
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    page.get_by_label(re.compile("Magyarországot külföldi letelepedés szándékával")).check()
    page.get_by_role("radio", name="átveszem a külképviseleten (konzulátuson)").check()
    page.get_by_label("Konzulátus", exact=True).fill("München")
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()
    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert axe_check(page) == []
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_url(re.compile(r"/apply/done/"))
    case = Case.objects.get(case_type="residence.settle_abroad")
    assert case.status == "submitted"
    assert axe_check(page) == []


def test_a_visitor_reports_a_foreign_address_and_follows_it(page, live_server, clerk, axe_check):
    cache.clear()
    abroad_person()
    page.goto(f"{live_server.url}/services/residence.foreign_address_change/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/residence/foreign-address/$"))
    assert axe_check(page) == []

    data = report_data(mother_given_names="Julianna")
    labels = {
        "family_name": "Családi név",
        "given_names": "Utónév",
        "birth_family_name": "Születési családi név",
        "birth_given_names": "Születési utónév",
        "mother_family_name": "Anyja születési családi neve",
        "mother_given_names": "Anyja születési utóneve",
        "birth_place": "Születési hely",
        "birth_date": "Születési idő",
        "personal_id": "Személyi azonosító",
        "citizenship_document": (
            "Magyar útlevelének, személyazonosító igazolványának vagy állampolgársági "
            "bizonyítványának száma"
        ),
        "postal_code": "Irányítószám",
        "settlement": "Település",
        "street_address": "Cím (utca, házszám)",
        "email": "E-mail-cím",
    }
    for name, label in labels.items():
        page.get_by_label(label, exact=True).fill(data[name])
    page.get_by_label("Ország", exact=True).select_option(data["country"])
    page.get_by_role("button", name="A bejelentés benyújtása").click()
    page.get_by_text("nem egyeznek a nyilvántartás adataival").wait_for()
    assert "Anyja születési utóneve" not in page.locator(".alert-danger").inner_text()
    assert axe_check(page) == []
    assert not Case.objects.exists()

    page.get_by_label("Anyja születési utóneve", exact=True).fill("Judit")
    page.get_by_role("button", name="A bejelentés benyújtása").click()
    page.get_by_text("Őrizze meg ezt a két kódot").wait_for()
    assert axe_check(page) == []
    case = Case.objects.get()
    assert case.reference in page.content() and case.receipt_code in page.content()

    foreign_address_change.register_change(case, by=clerk)
    page.get_by_role("link", name="A bejelentés követése").click()
    page.locator("#id_reference").fill(case.reference)
    page.locator("#id_receipt_code").fill(case.receipt_code)
    page.get_by_role("button", name="A bejelentés megtekintése").click()
    page.get_by_text("Külföldi lakcímét nyilvántartásba vettük").wait_for()
    assert axe_check(page) == []
