"""A citizen reports a lost passport and asks for its replacement in Chromium: a
temporary passport refused while typing, the duty following the reason, the delivery
rules checked on the spot (urgent pickup, the consular fee abroad shown apart), card
payment only, and the loss in the register once paid."""

from __future__ import annotations

import re

import pytest

from cases.models import Case
from documents.models import Document, DocumentKind
from payments.models import Payment
from tests.e2e.conftest import log_in, pay_by_card
from tests.factories import PassportFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fee(page) -> str:
    return page.locator("#flow-fee").inner_text()


def test_a_citizen_replaces_a_lost_passport_and_pays_by_card(
    page, live_server, client, citizen, axe_check, card_sandbox
):
    passport = PassportFactory(holder=citizen.person, number="BA1234567")
    PassportFactory(holder=citizen.person, number="TA7654321", kind=DocumentKind.TEMPORARY_PASSPORT)
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/apply/passports.replacement/")
    assert "csak az elveszett útlevél lejártáig érvényes" in page.content()
    assert axe_check(page) == []

    # A temporary passport is refused while typing, with what to do instead.
    page.get_by_role("radio", name="elveszett", exact=True).check()
    number = page.get_by_label("Útlevélszám", exact=True)
    number.fill("ta 7654321")
    number.blur()
    page.get_by_text("Ideiglenes útlevél elektronikusan nem pótolható. Kérjük").first.wait_for()
    assert axe_check(page) == []
    number.fill("ba1234567")
    number.blur()
    page.get_by_text("Ideiglenes útlevél elektronikusan nem pótolható. Kérjük").first.wait_for(
        state="detached"
    )
    page.locator("#flow-fee tfoot").wait_for()
    assert re.search(r"28\s?000\sFt", _fee(page))
    # The replacement's validity, and that a new passport may serve better.
    page.get_by_text(re.compile(r"2031\. 06\. 01\.-ig")).first.wait_for()
    page.get_by_role("radio", name="eltulajdonított", exact=True).check()
    page.get_by_text("Ez a kérelem díjmentes.").wait_for()
    page.get_by_role("radio", name="elveszett", exact=True).check()
    page.locator("#flow-fee tfoot").wait_for()
    page.get_by_role("button", name="Tovább").click()

    # Delivery: the urgent pickup rule, then the consular fee shown apart.
    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    assert axe_check(page) == []
    page.get_by_role("radio", name="sürgősségi: 3 napon belül").check()
    page.get_by_role("radio", name="könyvelt postai küldeményként, belföldi címre").check()
    page.get_by_text("csak a Központi Okmányirodai Főosztályon").first.wait_for()
    assert axe_check(page) == []
    page.get_by_role("radio", name="normál eljárás").check()
    page.get_by_role("radio", name="külföldön postán, magyar konzulátus útján").check()
    page.get_by_label("Konzulátus", exact=True).select_option("vienna")
    page.get_by_label("Telefonszám", exact=True).fill("+43 660 1234567")
    page.get_by_label("Külföldi postacím", exact=True).fill("Hauptstraße 1, 1010 Wien")
    page.get_by_label("Külföldi postacím", exact=True).blur()
    page.get_by_text("Külföldön fizetendő, nem ezen a portálon:").wait_for()
    assert "20 EUR" in _fee(page)
    assert axe_check(page) == []
    page.get_by_role("radio", name="sürgősségi: 3 napon belül").check()
    page.get_by_text("nem állítható ki gyorsított eljárásban").first.wait_for()
    page.get_by_role("radio", name=re.compile("a Központi Okmányirodai Főosztályon")).check()
    page.get_by_text("nem állítható ki gyorsított eljárásban").first.wait_for(state="detached")
    page.locator("#flow-fee").get_by_text(re.compile(r"29\s?000\sFt")).wait_for()
    assert "bankkártyával" in _fee(page)
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert "BA1234567" in page.content()
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább a fizetéshez").click()
    page.wait_for_url(re.compile(r"/payments/"))
    assert page.get_by_role("button", name=re.compile("átutalással")).count() == 0
    pay_by_card(page, axe_check)

    case = Case.objects.get(case_type="passports.replacement")
    assert Payment.objects.get(case=case, state="succeeded").amount == 28_000 + 29_000
    assert case.status == "submitted" and case.deadline_days == 3
    passport.refresh_from_db()
    assert passport.validity == Document.Validity.INVALIDATED
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "1818@1818.hu" in page.content()
    assert axe_check(page) == []
