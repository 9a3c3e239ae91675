"""A citizen reports a stolen ID card in Chromium: the warning that a reported card
cannot be replaced online, the number checked while typing, the confirmation, and the
card invalid in the register at once."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cases.models import Case
from documents.models import Document, DocumentKind
from tests.e2e.conftest import log_in
from tests.factories import DocumentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def settle(page) -> None:
    """Let the step's live check (sent 300 ms after a change) finish before the next
    request: the test database (SQLite in memory) refuses two writers at once."""
    page.wait_for_timeout(800)
    page.wait_for_load_state("networkidle")


def test_a_citizen_reports_a_stolen_id_card(page, live_server, client, citizen, axe_check):
    card = DocumentFactory(
        holder=citizen.person,
        kind=DocumentKind.ID_CARD,
        number="123456AB",
        issued_on=date(2021, 3, 10),
        expires_on=date(2099, 5, 14),
    )
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/apply/idcards.invalidation/")
    assert "utólag elektronikusan már nem pótolható" in page.content()
    assert page.get_by_role("link", name=re.compile("elvesztésének bejelentését és pótlását"))
    assert axe_check(page) == []

    # A malformed number, then someone else's, are refused while typing.
    number = page.get_by_label("Az igazolvány okmányazonosítója")
    number.fill("12345")
    number.blur()
    page.get_by_text("6 számjegyből és az azt követő 2 betűből").first.wait_for()
    assert axe_check(page) == []
    number.fill("999999ZZ")
    number.blur()
    page.get_by_text("nincs 999999ZZ számú igazolványa").first.wait_for()
    number.fill("123456ab")
    number.blur()
    page.get_by_text("nincs 999999ZZ számú igazolványa").first.wait_for(state="detached")
    settle(page)
    page.get_by_role("radio", name="eltulajdonított", exact=True).check()
    settle(page)
    page.get_by_role("button", name="Tovább").click()

    # The warning, acknowledged.
    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    assert axe_check(page) == []
    settle(page)
    page.get_by_role("button", name="Tovább").click()
    page.get_by_text("Jelölje be a négyzetet").first.wait_for()
    assert axe_check(page) == []
    page.get_by_label(re.compile("Tudomásul veszem")).check()
    settle(page)
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert "123456AB" in page.content()
    assert axe_check(page) == []
    settle(page)
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_load_state("load")
    assert axe_check(page) == []

    card.refresh_from_db()
    assert card.validity == Document.Validity.INVALIDATED
    assert card.invalidation_reason == "stolen"
    case = Case.objects.get(case_type="idcards.invalidation")
    assert case.status == "closed"
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "óta érvénytelen" in page.content()
    assert axe_check(page) == []
