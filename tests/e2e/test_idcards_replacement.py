"""A citizen reports a lost ID card and asks for its replacement in Chromium: the
conditions while typing, the delivery address from the register, the receipt number
of the production order; the clerk issues the card and the PIN letter arrives in the
document inbox; the citizen refuses the expiry reminders on the profile page."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cases.models import Case
from documents.models import Document, DocumentKind, ProductionOrder
from idcards import replacement
from idcards.models import Replacement
from population.models import Address
from tests.e2e.conftest import log_in
from tests.factories import ClerkFactory, DocumentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def settle(page) -> None:
    """Let the step's live check (sent 300 ms after a change) finish before the next
    request: the test database (SQLite in memory) refuses two writers at once."""
    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")


def test_a_citizen_replaces_a_lost_id_card(page, live_server, client, citizen, axe_check, settings):
    settings.PORTAL_BASE_URL = live_server.url
    person = citizen.person
    person.fingerprints_stored = True
    person.save()
    Address.objects.create(
        person=person,
        kind=Address.Kind.RESIDENCE,
        postal_code="1051",
        settlement="Budapest",
        street_address="Sas utca 2.",
        valid_from=date(2015, 1, 1),
    )
    card = DocumentFactory(
        holder=person,
        kind=DocumentKind.ID_CARD,
        number="123456AB",
        issued_on=date(2021, 3, 10),
        expires_on=date(2099, 5, 14),
        fingerprints_stored=True,
        place_of_origin="Kolozsvár",
    )
    DocumentFactory(
        holder=person,
        kind=DocumentKind.ID_CARD,
        number="611104AT",
        issued_on=date(2015, 3, 10),
        expires_on=date(2021, 3, 9),
        validity=Document.Validity.EXPIRED,
    )
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/apply/idcards.replacement/")
    assert "dokumentumtárába érkeznek" in page.content()
    assert axe_check(page) == []

    # An expired card is refused while typing; the valid one goes through.
    number = page.get_by_label("Az igazolvány okmányazonosítója")
    page.get_by_role("radio", name="elveszett").check()
    settle(page)
    number.fill("611104AT")
    number.blur()
    page.get_by_text("érvényességi ideje lejárt").first.wait_for()
    assert axe_check(page) == []
    number.fill("123456AB")
    number.blur()
    page.get_by_text("érvényességi ideje lejárt").first.wait_for(state="detached")
    settle(page)
    page.get_by_role("button", name="Tovább").click()

    # Delivery: the address in the register, filled in; a notice by e-mail.
    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    assert page.get_by_label("Utca, házszám").input_value() == "Sas utca 2."
    email = page.get_by_label("E-mail-cím az igazolvány elkészültéről szóló értesítéshez")
    email.fill("nem-email")
    email.blur()
    page.get_by_text("Adjon meg egy e-mail-címet").first.wait_for()
    assert axe_check(page) == []
    email.fill("ertesito@example.hu")
    settle(page)
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert "123456AB" in page.content()
    assert axe_check(page) == []
    settle(page)
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_load_state("load")
    assert axe_check(page) == []

    case = Case.objects.get(case_type="idcards.replacement")
    card.refresh_from_db()
    assert card.validity == Document.Validity.INVALIDATED
    order = Replacement.objects.get(case=case).production_order
    assert order.state == ProductionOrder.State.PROCESSING
    assert case.deadline_days == 8
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert order.receipt_number in page.content()
    assert axe_check(page) == []

    # The clerk issues the card: the letter with the PIN and PUK goes to the inbox.
    replacement.issue_card(case, new_number="987654CD", by=ClerkFactory())
    new = Document.objects.get(number="987654CD")
    assert new.expires_on == card.expires_on and new.place_of_origin == "Kolozsvár"
    page.goto(f"{live_server.url}/files/inbox/")
    assert "aktiváló PIN-kódja és PUK-kódja" in page.content()
    assert axe_check(page) == []
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "987654CD" in page.content()
    assert axe_check(page) == []

    # The expiry reminders, refused on the profile page.
    page.goto(f"{live_server.url}/account/profile/")
    assert axe_check(page) == []
    box = page.get_by_label(re.compile("Előzetes értesítést kérek"))
    assert box.is_checked()
    box.uncheck()
    page.get_by_role("button", name="Mentés").click()
    page.get_by_text("nem küldünk értesítést").first.wait_for()
    assert axe_check(page) == []
    citizen.refresh_from_db()
    assert citizen.document_expiry_reminders is False
