"""A citizen speeds up a passport application in Chromium: the advice to check the
status first, a validity change refused, an application in production refused, 3 days
with the surcharge, card payment, and the production order moved in the register."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from cases.models import Case
from documents.models import DocumentKind, ProductionOrder
from payments.models import Payment
from tests.e2e.conftest import log_in, pay_by_card

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_accelerates_an_application_to_3_days_and_pays_by_card(
    page, live_server, client, citizen, axe_check, card_sandbox
):
    order = ProductionOrder.objects.create(
        receipt_number="UT-2026-0004712",
        kind=DocumentKind.PASSPORT,
        applicant=citizen.person,
        applied_on=timezone.localdate(),
        validity_years=10,
    )
    ProductionOrder.objects.create(
        receipt_number="UT-2026-0004713",
        kind=DocumentKind.PASSPORT,
        applicant=citizen.person,
        applied_on=timezone.localdate(),
        validity_years=10,
        state=ProductionOrder.State.ISSUING,
    )
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/apply/passports.acceleration/")
    assert "1818" in page.content() and "gyártásba kerülése előtti" in page.content()
    assert axe_check(page) == []
    number = page.get_by_label("A kérelem bizonylatszáma", exact=True)
    number.fill("ut 2026 0004713")
    number.blur()
    page.get_by_text("már gyártásba került").first.wait_for()
    assert axe_check(page) == []
    number.fill("UT-2026-0004712")
    number.blur()
    page.get_by_text("már gyártásba került").first.wait_for(state="detached")
    page.get_by_role("radio", name="Igen, 5 évről 10 évre").check()
    page.get_by_text("csak személyesen, kormányablakban kérhető").first.wait_for()
    assert axe_check(page) == []
    page.get_by_role("radio", name="Nem", exact=True).check()
    page.get_by_text("csak személyesen, kormányablakban kérhető").first.wait_for(state="detached")
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    assert page.get_by_role("radio", name="normál eljárás").count() == 0
    page.get_by_role("radio", name="sürgősségi: 3 napon belül").check()
    page.get_by_role("radio", name=re.compile("általános hatáskörű útlevélhatóságnál")).check()
    page.locator("#flow-fee").get_by_text(re.compile(r"29\s?000\sFt")).first.wait_for()
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    page.get_by_role("button", name="Tovább a fizetéshez").click()
    pay_by_card(page, axe_check)

    case = Case.objects.get(case_type="passports.acceleration")
    assert Payment.objects.get(case=case, state="succeeded").amount == 29_000
    order.refresh_from_db()
    assert order.procedure == ProductionOrder.Procedure.URGENT
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "1818@1818.hu" in page.content()
    assert axe_check(page) == []
