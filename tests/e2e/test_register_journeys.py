"""The other population register services in Chromium, one short journey each: the
disclosure ban, a change notice to a joined body, the refusal of an address, the end
of an alert package and the landlord's declaration; axe on the first step and on the
confirmation. Own data and the notification address: test_register_services.py."""

from __future__ import annotations

import re

import pytest

from cases.models import Case
from notifications.models import Notification
from population.models import Address
from register import actions
from register.models import Property
from tests.e2e.conftest import log_in
from tests.factories import AddressFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def resident(citizen):
    AddressFactory(person=citizen.person, kind=Address.Kind.RESIDENCE)
    return citizen


@pytest.fixture
def flat(resident):
    return Property.objects.create(
        postal_code="1051",
        settlement="Budapest",
        street_address="Nádor utca 5. 2/3.",
        holder=resident.person,
    )


def _start(page, live_server, slug: str, axe_check) -> None:
    page.goto(f"{live_server.url}/apply/{slug}/")
    assert axe_check(page) == [], page.url


def _next(page) -> None:
    # The step's live check (on change, after 300 ms) answers before the step is sent,
    # so no check races the save on the test's SQLite database.
    with page.expect_response(lambda response: response.url.endswith("/check/")):
        page.locator("form[hx-post]").dispatch_event("change")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.get_by_role("button", name="Tovább").click()


def _submit(page, axe_check) -> Case:
    page.wait_for_url(re.compile(r"/apply/draft/.+/review/$"))
    page.get_by_role("button", name="A kérelem benyújtása").click()
    page.wait_for_url(re.compile(r"/apply/done/"))
    assert axe_check(page) == [], page.url
    reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    return Case.objects.get(reference=reference)


def _fill_address(page, prop: Property) -> None:
    page.fill("input[name=postal_code]", prop.postal_code)
    page.fill("input[name=settlement]", prop.settlement)
    page.fill("input[name=street_address]", prop.street_address)


def test_disclosure_ban(page, live_server, client, resident, axe_check):
    log_in(page, live_server, client, resident)
    _start(page, live_server, "register.disclosure_ban", axe_check)
    page.check("input[name=marketing][value=ban]")
    _next(page)
    case = _submit(page, axe_check)
    assert (case.case_type, case.status) == ("register.disclosure_ban", "submitted")


def test_change_notice(page, live_server, client, resident, axe_check, settings):
    # Sent to the sandbox gateway of this live server, as under `make run`.
    settings.PORTAL_GATEWAY_URL = f"{live_server.url}/sandbox/gateway/inbox/"
    log_in(page, live_server, client, resident)
    _start(page, live_server, "register.change_notice", axe_check)
    page.check("input[name=body][value=trusts]")
    page.check("input[name=items][value=residence]")
    _next(page)
    case = _submit(page, axe_check)
    assert case.status == "closed"
    notice = Notification.objects.get(case=case, channel=Notification.Channel.GATEWAY)
    assert notice.recipient == "MNB"
    assert notice.state == Notification.State.SENT
    page.goto(f"{live_server.url}/sandbox/gateway/")
    assert "MNB" in page.locator("main").inner_text()
    assert axe_check(page) == [], page.url


def test_notification_address_refusal(page, live_server, client, resident, flat, axe_check):
    log_in(page, live_server, client, resident)
    _start(page, live_server, "register.notification_address_refusal", axe_check)
    page.check("input[name=action][value=refuse]")
    page.check("input[name=target][value=address]")
    _fill_address(page, flat)
    _next(page)
    case = _submit(page, axe_check)
    assert case.case_type == "register.notification_address_refusal"
    assert case.status in ("submitted", "closed")


def test_notification_address_alerts(page, live_server, client, resident, flat, axe_check):
    package = actions.create_package(
        resident.person, flat, ["letter"], {"letter_address": "1051 Budapest"}
    )
    log_in(page, live_server, client, resident)
    _start(page, live_server, "register.notification_address_alerts", axe_check)
    page.check("input[name=action][value=revoke]")
    _next(page)
    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    assert axe_check(page) == [], page.url
    page.select_option("select[name=package]", str(package.pk))
    _next(page)
    case = _submit(page, axe_check)
    assert case.status == "submitted"  # revoking costs nothing: no payment step


def test_landlord_declaration(page, live_server, client, resident, flat, axe_check):
    log_in(page, live_server, client, resident)
    _start(page, live_server, "register.landlord_declaration", axe_check)
    _fill_address(page, flat)
    _next(page)
    page.wait_for_url(re.compile(r"/apply/draft/.+/1/$"))
    page.check("input[name=mode][value=online]")
    _next(page)
    case = _submit(page, axe_check)
    assert (case.status, case.deadline_days) == ("submitted", 8)
