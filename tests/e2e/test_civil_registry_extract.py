"""A citizen asks for an extract of their birth in Chromium: a paper-only marriage
refused while typing with where to go instead, the birth filed, then the clerk's
issue in the admin makes the PDF the citizen downloads."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cases.models import Case, IssuedDocument
from civil_registry.models import CivilEvent
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_files_a_birth_extract(page, live_server, client, citizen, axe_check):
    person = citizen.person
    CivilEvent.objects.create(
        kind="birth",
        registry_number="SZ-1980-0001",
        person=person,
        occurred_on=person.birth_date,
        place="Budapest",
        entered_on=date(2017, 4, 3),
        entry_ground="extract_requested",
    )
    CivilEvent.objects.create(
        kind="marriage",
        registry_number="H-1975-0001",
        person=person,
        spouse_name="Minta Márta",
        occurred_on=date(2001, 6, 14),
        place="Pécs",
    )
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/services/civil_registry.extract/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/apply/civil_registry.extract/$"))
    assert axe_check(page) == []

    page.get_by_role("radio", name="a házasságkötésemről").check()
    page.get_by_label("Az esemény dátuma", exact=True).fill("1899-12-31")
    page.get_by_label("Az esemény dátuma", exact=True).blur()
    page.get_by_text("nem lehet 1900. január 1. előtti").wait_for()
    page.get_by_label("Az esemény dátuma", exact=True).fill("2001-06-14")
    page.get_by_label("Az esemény dátuma", exact=True).blur()
    page.get_by_text("napi házasságkötése nem szerepel az elektronikus").wait_for()
    assert "anyakönyvvezető" in page.content()
    assert axe_check(page) == []

    page.get_by_role("radio", name="a születésemről").check()
    page.get_by_label("Az esemény dátuma", exact=True).fill(person.birth_date.isoformat())
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    page.get_by_role("radio", name="egyéb ok").check()
    page.get_by_role("button", name="Tovább").click()
    page.get_by_text("a kiállítás okát kötelező megjelölni").first.wait_for()
    page.get_by_label("Az eljárás, a hatóság vagy a felhasználás", exact=True).fill(
        "Családfakutatás"
    )
    page.get_by_label("Irányítószám", exact=True).fill("1051")
    page.get_by_label("Település", exact=True).fill("Budapest")
    page.get_by_label("Cím (utca, házszám)", exact=True).fill("Sas utca 1.")
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert "Családfakutatás" in page.content()
    assert axe_check(page) == []
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_url(re.compile(r"/apply/done/"))
    case = Case.objects.get(case_type="civil_registry.extract")
    assert case.status == "submitted" and case.reference in page.content()
    assert axe_check(page) == []


def test_the_clerk_issues_the_extract_in_the_admin(
    page, live_server, client, citizen, clerk, axe_check
):
    from django.test import Client
    from django.urls import reverse

    from civil_registry.models import ExtractRequest

    person = citizen.person
    CivilEvent.objects.create(
        kind="birth",
        registry_number="SZ-1980-0002",
        person=person,
        occurred_on=person.birth_date,
        place="Budapest",
        entered_on=date(2017, 4, 3),
        entry_ground="extract_requested",
    )
    filer = Client()
    filer.force_login(citizen)
    first = filer.post(
        reverse("flow:save_first", args=["civil_registry.extract"]),
        {"kind": "birth", "occurred_on": person.birth_date.isoformat()},
    )
    assert first.status_code == 302
    case = Case.objects.get()
    filer.post(
        reverse("flow:save_step", args=[case.reference, 1]),
        {
            "purpose": "use_abroad",
            "purpose_detail": "Ausztria",
            "postal_code": "1051",
            "settlement": "Budapest",
            "street_address": "Sas utca 1.",
        },
    )
    filer.post(reverse("flow:submit", args=[case.reference]))
    detail = ExtractRequest.objects.get(case=case)

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=clerk, name="e2e", confirmed=True)
    log_in(page, live_server, client, clerk, otp_device=device)
    page.goto(f"{live_server.url}/admin/civil_registry/extractrequest/{detail.pk}/change/")
    assert axe_check(page) == []
    page.get_by_role("link", name="A kivonat kiállítása").click()
    assert axe_check(page) == []
    page.get_by_role("button", name="A kivonat kiállítása").click()
    page.get_by_text("Rögzítve.").wait_for()
    case.refresh_from_db()
    assert case.status == "decided_approved"
    assert IssuedDocument.objects.filter(case=case, kind="civil_registry_extract").exists()
