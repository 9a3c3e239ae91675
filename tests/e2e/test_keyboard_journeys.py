"""Vehicle services completed with the keyboard alone: Tab and Shift-Tab to move,
Space to tick and choose, Enter to follow and submit, typing into the focused
field. No clicks and no `fill()`; every focus stop must be visible and come
after the one before it (tests/e2e/keyboard.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from tests import samples
from tests.e2e.conftest import SUCCESS_CARD, log_in
from tests.e2e.keyboard import Keys, date_order
from tests.vehicles.conftest import make_vehicle
from vehicles.models import OwnershipChange, Reinstatement, Withdrawal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBMIT = "main form button[type=submit].btn-primary"


@pytest.fixture(scope="module")
def segments(browser) -> tuple[str, ...]:
    return date_order(browser)


@pytest.fixture
def keys(page, segments) -> Keys:
    return Keys(page, segments)


def _start(keys: Keys, live_server, slug: str) -> None:
    """From the service's page, through its start link."""
    keys.page.goto(f"{live_server.url}/services/{slug}/")
    keys.tab_to(f'main a[href="/apply/{slug}/"]')
    keys.follow()
    keys.page.wait_for_url(re.compile(rf"/apply/{re.escape(slug)}/$"))


def _empty_submit_lands_on_the_summary(keys: Keys, first_field: str) -> None:
    """Continue with nothing filled in: the error summary takes the focus, and its
    first link takes the focus on to the first field."""
    keys.tab_to(SUBMIT)
    keys.follow()
    keys.autofocused(".error-summary")
    assert keys.page.locator(".error-summary h2").inner_text() == "Hiba történt"
    keys.tab_to(".error-summary a")
    keys.press("Enter")
    assert keys.page.evaluate("document.activeElement.id") == first_field
    keys.stops = []


def _pay_by_card(keys: Keys) -> None:
    """The portal's payment page and the emulator's card page, by keyboard."""
    page = keys.page
    page.wait_for_url(re.compile(r"/payments/"))
    keys.tab_to("main input[type=checkbox]")
    keys.press("Space")
    keys.tab_to("main button", "kártyával")
    keys.follow()
    page.wait_for_url(re.compile(r"/sandbox/simplepay/pay/"))
    expiry = f"12/{(timezone.localdate().year + 2) % 100:02d}"
    for name, value in [
        ("number", SUCCESS_CARD),
        ("expiry", expiry),
        ("cvc", "123"),
        ("holder", "TESZT ELEK"),
    ]:
        keys.tab_to(f"input[name={name}]")
        keys.type(value)
    keys.tab_to("main form button[type=submit]")
    keys.follow()
    page.wait_for_url(re.compile(r"/payments/simplepay/return/"))


def test_withdrawal_by_keyboard_alone(keys, live_server, client, citizen, card_sandbox):
    car = make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(keys.page, live_server, client, citizen)
    today = timezone.localdate()
    _start(keys, live_server, "vehicles.temporary_withdrawal")

    _empty_submit_lands_on_the_summary(keys, "id_plate")
    keys.type("rkz 214")
    keys.tab_to("input[name=purpose]")  # the first choice: withdraw
    keys.press("Space")
    keys.tab_to("input[name=holds_documents]")
    keys.press("Space")
    # Shift-Tab goes back through the same controls in reverse.
    keys.tab_to("input[name=purpose]", back=True)
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    keys.tab_to("input[name=starts_on]")
    keys.type_date(today)
    keys.tab_to("input[name=ends_on]")
    keys.type_date(today + timedelta(days=90))
    keys.tab_to("input[name=remind_before_end]")
    keys.press("Space")
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/review/"))
    keys.tab_to("main form button", "fizetéshez")
    keys.follow()
    _pay_by_card(keys)

    request = Withdrawal.objects.get()
    assert Case.objects.get(pk=request.case_id).status == "closed"
    assert request.period.ends_on == today + timedelta(days=90) and request.remind_before_end
    assert not car.in_traffic()

    # Back into traffic, by keyboard too.
    _start(keys, live_server, "vehicles.reinstatement")
    keys.tab_to("input[name=plate]")
    keys.type("RKZ-214")
    keys.tab_to("input[name=holds_documents]")
    keys.press("Space")
    keys.tab_to(SUBMIT)
    keys.follow()
    keys.page.wait_for_url(re.compile(r"/review/"))
    keys.tab_to("main form button", "fizetéshez")
    keys.follow()
    _pay_by_card(keys)
    assert Reinstatement.objects.get().case.status == "closed"
    assert car.in_traffic()


def test_data_lookup_by_keyboard_alone(keys, live_server, client, citizen, card_sandbox):
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(keys.page, live_server, client, citizen)
    _start(keys, live_server, "vehicles.data_lookup")

    _empty_submit_lands_on_the_summary(keys, "id_plates")
    keys.type("rkz 214")
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))  # match values are optional
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/review/"))
    keys.tab_to("main form button", "fizetéshez")
    keys.follow()
    _pay_by_card(keys)
    assert Case.objects.get(case_type="vehicles.data_lookup").status == "closed"


def test_ownership_change_by_keyboard_alone(keys, live_server, client, citizen, tmp_path):
    car = make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(keys.page, live_server, client, citizen)
    today = timezone.localdate()
    _start(keys, live_server, "vehicles.ownership_change")

    _empty_submit_lands_on_the_summary(keys, "id_plate")
    keys.type("rkz 214")
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    keys.tab_to("input[name=buyer_kind]")  # the first choice: a natural person
    keys.press("Space")
    for name, text in [
        ("buyer_name", "Vevő Vilmos"),
        ("buyer_birth_name", "Vevő Vilmos"),
        ("buyer_mother_name", "Anya Anna"),
        ("buyer_birth_place", "Eger"),
    ]:
        keys.tab_to(f"input[name={name}]")
        keys.type(text)
    keys.tab_to("input[name=buyer_birth_date]")
    keys.type_date(today.replace(year=1985, month=2, day=3))
    for name, text in [
        ("buyer_document_number", "123456AB"),
        ("buyer_postal_code", "3300"),
        ("buyer_settlement", "Eger"),
        ("buyer_street_address", "Dobó tér 1."),
    ]:
        keys.tab_to(f"input[name={name}]")
        keys.type(text)
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/apply/draft/.+/2/$"))
    keys.tab_to("input[name=transfer]")  # the first choice: a sale
    keys.press("Space")
    keys.tab_to("input[name=contract_effective_on]")
    keys.type_date(today)
    keys.tab_to("input[name=possession_on]")
    keys.type_date(today)
    keys.tab_to("input[name=odometer_km]")
    keys.type("91000")
    scan = tmp_path / "szerzodes.pdf"
    scan.write_bytes(samples.pdf())
    keys.tab_to("input[name=contract_scan]")
    with keys.page.expect_file_chooser() as chooser:
        keys.press("Space")  # the browser's own file dialog opens; the file is picked there
    chooser.value.set_files(str(scan))
    keys.tab_to("input[name=declaration]")
    keys.press("Space")
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/review/"))
    keys.tab_to("main form button", "benyújtása")
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/apply/done/"))
    change = OwnershipChange.objects.get()
    assert change.case.status == "submitted"
    assert car.current_owners().get().owner_display == "Vevő Vilmos"


def test_title_replacement_by_keyboard_alone(keys, live_server, client, citizen, card_sandbox):
    make_vehicle("RKZ-214", [(citizen.person, 1, 1)])
    log_in(keys.page, live_server, client, citizen)
    _start(keys, live_server, "vehicles.title_replacement")

    keys.tab_to("input[name=plate]")
    keys.type("rkz 214")
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    _empty_submit_lands_on_the_summary(keys, "id_reason_0")
    keys.press("Space")  # the summary's link left the focus on the first reason: lost
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/apply/draft/.+/2/$"))
    keys.tab_to("input[name=delivery]")  # the first choice: collect it in person
    keys.press("Space")
    keys.tab_to("input[name=lawful_holder]")
    keys.press("Space")
    keys.tab_to(SUBMIT)
    keys.follow()

    keys.page.wait_for_url(re.compile(r"/review/"))
    keys.tab_to("main form button", "fizetéshez")
    keys.follow()
    _pay_by_card(keys)
    case = Case.objects.get(case_type="vehicles.title_replacement")
    assert case.status == "submitted"
    assert (case.detail.reason, case.detail.delivery) == ("lost", "collect")
