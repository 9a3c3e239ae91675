"""The register services in Chromium: own data on screen at once, and a notification
address refused while typing at an address whose holder refused it, then filed."""

from __future__ import annotations

import re

import pytest

from cases.models import Case
from population.models import Address
from register.models import AddressRefusal, Property
from tests.e2e.conftest import log_in
from tests.factories import AddressFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_own_data_and_a_notification_address(page, live_server, client, citizen, axe_check):
    from django.utils import timezone

    AddressFactory(person=citizen.person, kind=Address.Kind.RESIDENCE)
    holder = PersonFactory()
    refused = Property.objects.create(
        postal_code="4025", settlement="Debrecen", street_address="Piac utca 5.", holder=holder
    )
    AddressRefusal.objects.create(refuser=holder, property=refused, since=timezone.localdate())
    Property.objects.create(
        postal_code="1052", settlement="Budapest", street_address="Váci utca 10."
    )
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/services/register.own_data/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/apply/register.own_data/$"))
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()
    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_url(re.compile(r"/apply/done/"))
    assert citizen.person.personal_id in page.content()
    assert "Visegrádi u. 112." in page.content()
    assert axe_check(page) == []

    page.goto(f"{live_server.url}/apply/register.notification_address/")
    page.get_by_role("radio", name="értesítési cím bejelentése").check()
    page.get_by_role("button", name="Tovább").click()
    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    page.get_by_role("radio", name="címhely").check()
    page.get_by_label("Irányítószám", exact=True).fill("4025")
    page.get_by_label("Település", exact=True).fill("Debrecen")
    page.get_by_label("Cím (utca, házszám)", exact=True).fill("Piac utca 5.")
    page.get_by_label("Cím (utca, házszám)", exact=True).blur()
    page.get_by_text("előzetesen megtiltotta").first.wait_for()
    assert axe_check(page) == []
    page.get_by_label("Irányítószám", exact=True).fill("1052")
    page.get_by_label("Település", exact=True).fill("Budapest")
    page.get_by_label("Cím (utca, házszám)", exact=True).fill("Váci utca 10.")
    page.get_by_role("button", name="Tovább").click()
    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_url(re.compile(r"/apply/done/"))
    assert axe_check(page) == []
    case = Case.objects.get(case_type="register.notification_address")
    assert case.status == "submitted"
