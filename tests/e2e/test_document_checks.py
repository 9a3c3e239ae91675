"""A visitor, without login and without JavaScript, checks a document's validity and a
production status, and verifies a PDF by the QR code read from it (axe on every page)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import zxingcpp
from pypdf import PdfReader

from cases import verification
from cases.actions import create_case
from cases.pdf import issue_document
from documents.models import Document, DocumentKind, ProductionOrder
from tests.factories import DocumentFactory, OfficeFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visitor(browser):
    """A browser with JavaScript off: the anonymous pages must work without it."""
    context = browser.new_context(locale="hu-HU", java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_a_visitor_checks_validity_without_login(visitor, page, live_server, axe_check):
    holder = PersonFactory(family_name="Kovács", given_names="Éva", birth_date=date(1980, 5, 14))
    card = DocumentFactory(holder=holder, number="123456AB", expires_on=date(2031, 5, 14))

    page.goto(f"{live_server.url}/services/documents.validity/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/documents/validity/$"))
    assert axe_check(page) == []

    visitor.goto(f"{live_server.url}/documents/validity/")

    def check(number: str, family: str, on=visitor) -> None:
        # By id: the project catalogue may word the shared labels ("Document number")
        # its own way; the labels themselves are checked by axe and the unit tests.
        on.locator("#id_category_0").check()
        on.locator("#id_number").fill(number)
        on.get_by_label("Birtokos családi neve", exact=True).fill(family)
        on.get_by_label("Birtokos utóneve(i)", exact=True).fill("Éva")
        on.get_by_label("Birtokos születési dátuma", exact=True).fill("1980-05-14")
        on.get_by_role("button", name="Érvényesség ellenőrzése").click()

    check("123456 ab", "kovács")
    visitor.get_by_role("heading", name="Érvényes", exact=True).wait_for()
    check("123456AB", "Kovács", on=page)
    page.get_by_role("heading", name="Érvényes", exact=True).wait_for()
    assert axe_check(page) == []

    check("123456AB", "Kovacs")
    visitor.get_by_role("heading", name="Nem érvényes").wait_for()
    assert "ugyanezt a választ kapja" in visitor.content()

    card.invalidate(Document.InvalidationReason.STOLEN)
    check("123456AB", "Kovács")
    visitor.get_by_role("heading", name="Nem érvényes").wait_for()

    check("12345", "Kovács")
    error = visitor.locator("#id_number_error")
    assert "6 számjegy" in error.inner_text()
    number = visitor.locator("#id_number")
    assert number.get_attribute("aria-invalid") == "true"
    check("12345", "Kovács", on=page)
    page.locator("#id_number_error").get_by_text("6 számjegy").wait_for()
    assert axe_check(page) == []


def test_a_visitor_looks_up_a_production_status(visitor, page, live_server, axe_check):
    office = OfficeFactory(name="Szegedi Kormányablak", postal_code="6720", settlement="Szeged")
    ProductionOrder.objects.create(
        receipt_number="SZ-2026-0100001",
        kind=DocumentKind.ID_CARD,
        applicant=PersonFactory(),
        applied_on=date(2026, 11, 2),
        state=ProductionOrder.State.COLLECTABLE,
        collectable_from=date(2026, 11, 20),
        collection_office=office,
    )
    page.goto(f"{live_server.url}/services/documents.status/")
    page.get_by_role("link", name="Indítás").click()
    page.wait_for_url(re.compile(r"/documents/status/$"))
    assert axe_check(page) == []

    visitor.goto(f"{live_server.url}/documents/status/")
    visitor.get_by_label("Bizonylatszám", exact=True).fill("sz 2026 0100001")
    visitor.get_by_role("button", name="Státusz lekérdezése").click()
    visitor.get_by_text("Szegedi Kormányablak, 6720 Szeged").wait_for()
    page.get_by_label("Bizonylatszám", exact=True).fill("SZ-2026-0100001")
    page.get_by_role("button", name="Státusz lekérdezése").click()
    page.get_by_text("Szegedi Kormányablak, 6720 Szeged").wait_for()
    assert axe_check(page) == []

    visitor.get_by_label("Bizonylatszám", exact=True).fill("12")
    visitor.get_by_role("button", name="Státusz lekérdezése").click()
    assert "hét számjegyből" in visitor.locator("#id_receipt_number_error").inner_text()


def test_the_qr_code_of_an_issued_pdf_opens_its_verification(
    visitor, page, live_server, settings, axe_check, citizen, clerk, documented_type
):
    settings.PORTAL_BASE_URL = live_server.url
    case = create_case(documented_type.slug, applicant=citizen)
    document = issue_document(case, "summary", documented_type.documents["summary"])
    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    images = [image.image for pdf_page in reader.pages for image in pdf_page.images]
    urls = [result.text for image in images for result in zxingcpp.read_barcodes(image)]
    assert len(urls) == 1 and urls[0].startswith(live_server.url)

    visitor.goto(urls[0])
    visitor.get_by_role("heading", name="Hiteles és érvényes").wait_for()
    assert document.sha256 in visitor.content()
    assert citizen.first_name not in visitor.content()
    assert citizen.person.personal_id not in visitor.content()
    page.goto(urls[0])
    assert axe_check(page) == []

    verification.revoke(document, reason="Tévesen kiadva", by=clerk)
    visitor.reload()
    visitor.get_by_role("heading", name="Visszavonva").wait_for()
    page.reload()
    assert axe_check(page) == []


def test_the_verification_page_passes_axe(page, live_server, settings, axe_check, citizen):
    settings.PORTAL_BASE_URL = live_server.url
    page.goto(f"{live_server.url}/verify/")
    assert axe_check(page) == []
    page.get_by_label("Ellenőrző kód", exact=True).fill("1234")
    page.get_by_role("button", name="Ellenőrzés").click()
    assert "Ez nem ellenőrző kód" in page.locator("#id_code_error").inner_text()
    assert axe_check(page) == []
    page.goto(f"{live_server.url}/verify/{verification.grouped(verification.new_code())}/")
    page.get_by_role("heading", name="Nincs dokumentum ezzel a kóddal").wait_for()
    assert axe_check(page) == []
