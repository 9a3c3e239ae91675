"""A citizen asks for a second passport in Chromium: the attachment of the reason, the
duty following the reason, the consulate delivery refused with acceleration, card
payment, and the clerk's check of the attachment waiting on the case page."""

from __future__ import annotations

import re

import pytest

from cases.models import Case
from payments.models import Payment
from tests import samples
from tests.e2e.conftest import log_in, pay_by_card
from tests.factories import PassportFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_citizen_requests_a_second_passport_for_work_and_pays_by_card(
    page, live_server, client, citizen, axe_check, card_sandbox, tmp_path
):
    PassportFactory(holder=citizen.person, number="BA1234567")
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/apply/passports.second_passport/")
    assert "munkáltatói igazolását" in page.content()
    assert axe_check(page) == []
    page.get_by_role("radio", name=re.compile("különös méltánylást|bejegyzés miatt")).check()
    proof = tmp_path / "nyilatkozat.pdf"
    proof.write_bytes(samples.pdf())
    page.get_by_label(re.compile("Munkáltatói igazolás")).set_input_files(str(proof))
    page.locator("#flow-fee tfoot").wait_for()
    assert re.search(r"5\s?000\sFt", page.locator("#flow-fee").inner_text())
    page.get_by_role("radio", name=re.compile("rendszeres külföldre utazással")).check()
    page.locator("#flow-fee").get_by_text(re.compile(r"15\s?000\sFt")).first.wait_for()
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    page.get_by_role("radio", name="soron kívüli: 7 napon belül").check()
    page.get_by_role("radio", name="külföldön, magyar konzulátuson").check()
    page.get_by_text("nem állítható ki gyorsított eljárásban").first.wait_for()
    assert axe_check(page) == []
    page.get_by_role("radio", name=re.compile("a Központi Okmányirodai Főosztályon")).check()
    page.get_by_text("nem állítható ki gyorsított eljárásban").first.wait_for(state="detached")
    page.locator("#flow-fee").get_by_text(re.compile(r"19\s?000\sFt")).first.wait_for()
    page.get_by_role("button", name="Tovább").click()

    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    assert axe_check(page) == []
    page.get_by_role("button", name="Tovább a fizetéshez").click()
    pay_by_card(page, axe_check)

    case = Case.objects.get(case_type="passports.second_passport")
    assert Payment.objects.get(case=case, state="succeeded").amount == 15_000 + 19_000
    assert case.status == "submitted" and case.deadline_days == 7
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "ügyintéző ellenőrzésére vár" in page.content()
    assert axe_check(page) == []
