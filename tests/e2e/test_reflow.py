"""Every citizen and anonymous page at 320 CSS px (WCAG 1.4.10 reflow): the document
never scrolls sideways, and each page passes axe (WCAG 2.2 AA and best practice) at
that width. One browser context walks them all, first without login, then as a citizen
with a case, a document in the inbox and an office to visit."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from appointments.models import BusStop, Closure, Office
from cases import inbox, verification
from cases.actions import create_case, submit_case
from cases.models import IssuedDocument
from cases.workflow import Status, transition
from portal import catalogue
from portal.catalogue.facts import facts_of
from tests.appointments.conftest import make_office
from tests.e2e.conftest import log_in
from tests.e2e.reflow import NARROW, overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANONYMOUS = [
    ("home", "portal:home"),
    ("login", "identity:login"),
    ("status", "portal:status"),
    ("document validity check", "document_checks:validity"),
    ("document production status", "document_checks:status"),
    ("verification start", "documents:verify_start"),
    ("criminal record check", "criminal_records:check"),
    ("offices", "appointments:offices"),
    ("bus timetable", "appointments:bus"),
    ("booking", "appointments:book"),
    ("foreign address change", "residence:foreign_address_change"),
    ("follow a foreign address change", "residence:follow"),
]

CITIZEN = [
    ("my requests", "portal:my_requests"),
    ("inbox", "cases:inbox"),
    ("profile", "identity:profile"),
    ("access log", "access_log:mine"),
    ("my document checks", "document_checks:my_checks"),
    ("criminal record certificates", "criminal_records:certificates"),
]


@pytest.fixture
def places(citizen, sample_case_type):
    """A case with a clerk's note and a document in the inbox; an office with a
    closure; a bus stop."""
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    transition(
        case,
        Status.DEFICIENCY_REQUESTED,
        by=citizen,
        note="Küldje el a szerződés 2. oldalát, olvashatóan, mindkét fél aláírásával.",
        note_language="hu",
    )
    content = b"%PDF-1.7\n% a letter\n"
    document = IssuedDocument(
        case=case,
        kind="letter",
        title="Értesítés a hiánypótlásról és a határidő felfüggesztéséről",
        language="hu",
        sha256=IssuedDocument.digest(content),
        size=len(content),
        verification_code=verification.new_code(),
    )
    document.file.save("letter.pdf", ContentFile(content), save=False)
    document.save()
    inbox.deliver(document)
    office = make_office()
    today = timezone.localdate()
    Closure.objects.create(
        office=office,
        first_day=today + timedelta(days=7),
        last_day=today + timedelta(days=7),
        reason="Áramszünet",
    )
    bus = make_office("busz", desks=1)
    Office.objects.filter(pk=bus.pk).update(kind=Office.Kind.MOBILE)
    BusStop.objects.create(
        bus=bus,
        postal_code="7900",
        settlement="Szigetvár",
        place="Vár utca 1., a polgármesteri hivatal előtt",
        day=today + timedelta(days=3),
        starts=time(9),
        ends=time(12),
    )
    return {"case": case, "document": document, "office": office}


def test_every_page_reflows_at_320_px_and_passes_axe(
    page, live_server, client, citizen, places, axe_check
):
    page.set_viewport_size(NARROW)
    found: dict[str, list[str]] = {}

    def visit(name: str, url: str) -> None:
        response = page.goto(live_server.url + url, wait_until="load")
        assert response is not None and response.status < 400, (name, url, response.status)
        problems = overflow(page) + axe_check(page)
        if problems:
            found[f"{name} {url}"] = problems

    services = catalogue.all_services()
    for name, url_name in ANONYMOUS:
        visit(name, reverse(url_name))
    visit("office", reverse("appointments:office", args=[places["office"].code]))
    visit("verification", reverse("documents:verify", args=[places["document"].verification_code]))
    for service in services:
        visit("service page", reverse("portal:service_info", args=[service.code]))

    log_in(page, live_server, client, citizen)
    for name, url_name in CITIZEN:
        visit(name, reverse(url_name))
    visit("case page", places["case"].get_absolute_url())
    starts = {facts_of(service).start_url for service in services} - {None}
    assert reverse("flow:start", args=["vehicles.data_lookup"]) in starts
    for url in sorted(starts):
        visit("first step", url)
    assert found == {}, "\n".join(f"{page}: {problems}" for page, problems in found.items())
