"""documents.status: the production state by receipt number, nothing about the holder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from document_checks.models import AnonymousCheck
from documents.models import Document, DocumentKind, ProductionOrder
from tests.factories import DocumentFactory, OfficeFactory, PersonFactory

URL = "/documents/status/"


def _ask(client, number, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(URL, {"receipt_number": number})


@pytest.fixture
def applicant(db):
    return PersonFactory(family_name="Titkos", given_names="Személy")


def _order(applicant, **fields):
    values = {
        "receipt_number": "SZ-2026-0000001",
        "kind": DocumentKind.ID_CARD,
        "applicant": applicant,
        "applied_on": date(2026, 11, 20),
    }
    values.update(fields)
    return ProductionOrder.objects.create(**values)


@pytest.mark.parametrize(
    "state,sentence",
    [
        ("processing", "Your application is being processed."),
        ("issuing", "The document is being made (issued)."),
        ("in_transit", "on its way to where you asked to receive it"),
        ("handed_over", "The document has been handed over."),
    ],
)
def test_each_state_is_told_without_the_holder(client, applicant, state, sentence):
    _order(applicant, state=state)
    response = _ask(client, "sz-2026-0000001")
    assert response.status_code == 200
    body = response.content.decode()
    assert sentence in body
    assert "Identity card" in body
    assert "Titkos" not in body and "Személy" not in body
    assert applicant.personal_id not in body


def test_collectable_from_a_date_and_where(client, applicant):
    office = OfficeFactory(name="Szegedi Kormányablak", postal_code="6720", settlement="Szeged")
    later = timezone.localdate() + timedelta(days=3)
    _order(applicant, state="collectable", collectable_from=later, collection_office=office)
    body = _ask(client, "SZ 2026 0000001").content.decode()
    assert f"The document can be collected from {later:%Y. %m. %d.}" in body
    assert "Szegedi Kormányablak, 6720 Szeged" in body


def test_collectable_now(client, applicant):
    _order(applicant, state="collectable", collectable_from=timezone.localdate())
    assert "The document is ready for collection." in _ask(client, "SZ20260000001").content.decode()


def test_a_document_invalidated_before_handover_is_said_to_be_withheld(client, applicant):
    card = DocumentFactory(holder=applicant)
    _order(applicant, state="collectable", document=card)
    card.invalidate(Document.InvalidationReason.STOLEN)
    body = _ask(client, "SZ-2026-0000001").content.decode()
    assert "it will not be handed over" in body
    assert "ready for collection" not in body


def test_in_hungarian(client, applicant):
    _order(applicant, state="in_transit")
    body = _ask(client, "SZ-2026-0000001", "hu").content.decode()
    assert "továbbítás alatt áll" in body
    assert "Személyazonosító igazolvány" in body or "személyazonosító igazolvány" in body


def test_an_unknown_number_says_so(client, db):
    body = _ask(client, "SZ-2026-9999999").content.decode()
    assert "No document production under this receipt number" in body


@pytest.mark.parametrize("typed", ["12345", "XX-2026-0000001", "SZ-2026-00000011", "<b>"])
def test_malformed_numbers_get_a_field_level_message(client, db, typed):
    response = _ask(client, typed)
    assert response.status_code == 400
    error = response.content.decode().split('id="id_receipt_number_error"')[1].split("</div>")[0]
    assert "two letters, the year and seven digits" in error


def test_malformed_number_in_hungarian(client, db):
    response = _ask(client, "12", "hu")
    error = response.content.decode().split('id="id_receipt_number_error"')[1].split("</div>")[0]
    assert "két betűből, az évszámból és hét számjegyből" in error


def test_a_lookup_is_logged_for_the_applicant_with_the_time_only(client, applicant):
    order = _order(applicant)
    _ask(client, "SZ-2026-0000001")
    assert AnonymousCheck.objects.get(production_order=order).kind == "status"


def test_the_31st_request_in_a_minute_gets_429(client, db, settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "30/m"
    statuses = [_ask(client, "SZ-2026-0000001").status_code for _ in range(31)]
    assert statuses == [200] * 30 + [429]
