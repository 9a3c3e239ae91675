"""A citizen withdraws their car from traffic, pays by card in the SimplePay
emulator, and then puts it back into traffic early, paying again; axe checks
every page and state on the way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from tests.e2e.conftest import log_in, pay_by_card
from tests.vehicles.conftest import make_vehicle
from vehicles import temporary_withdrawal
from vehicles.models import Reinstatement, Withdrawal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _axe(page, axe_check) -> None:
    assert axe_check(page) == [], page.url


def _continue(page) -> None:
    page.locator("main form button[type=submit]", has_text="Tovább").first.click()
    page.wait_for_load_state("load")


def test_withdraw_by_card_then_reinstate(
    page, live_server, client, citizen, card_sandbox, axe_check
):
    car = make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(page, live_server, client, citizen)
    today = timezone.localdate()

    # Withdrawal: the information and the first step.
    page.goto(f"{live_server.url}/apply/vehicles.temporary_withdrawal/")
    assert "legfeljebb 6 hónapra" in page.content()
    _axe(page, axe_check)
    page.fill("input[name=plate]", "rkz 214")
    page.get_by_label("A jármű ideiglenes kivonása a forgalomból").check()
    page.locator("input[name=holds_documents]").check()
    _continue(page)

    # The period: longer than six months is refused with the last possible day.
    assert "A kivonás időtartama" in page.content()
    _axe(page, axe_check)
    too_late = temporary_withdrawal.last_possible_day(today) + timedelta(days=1)
    page.fill("input[name=starts_on]", today.isoformat())
    page.fill("input[name=ends_on]", too_late.isoformat())
    _continue(page)
    assert "legfeljebb 6 hónapra" in page.content()
    _axe(page, axe_check)
    ends_on = today + timedelta(days=90)
    page.fill("input[name=ends_on]", ends_on.isoformat())
    page.locator("input[name=remind_before_end]").check()
    page.locator("input[name=wants_receipt]").check()
    _continue(page)

    # Review with the fee, then the card payment.
    page.wait_for_url(re.compile(r"/review/"))
    assert "RKZ-214" in page.content()
    assert re.search(r"2(\xa0|&nbsp;| )300(\xa0|&nbsp;| )Ft", page.content())
    _axe(page, axe_check)
    page.get_by_role("button", name=re.compile("fizetéshez")).click()
    pay_by_card(page, axe_check)

    request = Withdrawal.objects.get()
    assert Case.objects.get(pk=request.case_id).status == "closed"
    assert not car.in_traffic()
    assert request.period.ends_on == ends_on and request.remind_before_end
    page.goto(f"{live_server.url}{request.case.get_absolute_url()}")
    assert "Erre az időtartamra kivonva a forgalomból" in page.content()
    _axe(page, axe_check)

    # A second withdrawal is refused live: the extension is offered instead.
    page.goto(f"{live_server.url}/apply/vehicles.temporary_withdrawal/")
    page.fill("input[name=plate]", "RKZ-214")
    page.get_by_label("A jármű ideiglenes kivonása a forgalomból").check()
    page.locator("input[name=holds_documents]").check()
    page.get_by_text("már ki van vonva").first.wait_for()
    _axe(page, axe_check)

    # Reinstatement by the owner who withdrew it.
    page.goto(f"{live_server.url}/apply/vehicles.reinstatement/")
    assert "visszahelyez" in page.content()
    _axe(page, axe_check)
    page.fill("input[name=plate]", "RKZ-214")
    page.locator("input[name=holds_documents]").check()
    page.locator("input[name=wants_receipt]").check()
    _continue(page)
    page.wait_for_url(re.compile(r"/review/"))
    _axe(page, axe_check)
    page.get_by_role("button", name=re.compile("fizetéshez")).click()
    pay_by_card(page, axe_check)

    back = Reinstatement.objects.get()
    assert Case.objects.get(pk=back.case_id).status == "closed"
    assert car.in_traffic()
    page.goto(f"{live_server.url}{back.case.get_absolute_url()}")
    assert "Újra forgalomban" in page.content()
    _axe(page, axe_check)
