from __future__ import annotations

from datetime import date

import pytest

from documents.models import Document, DocumentKind
from tests.factories import DocumentFactory


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Pages in English, so that the assertions read the msgids (a test asking for
    Hungarian sets the cookie itself)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def card(citizen):
    """The citizen's valid chip ID card; the register holds their fingerprints."""
    citizen.person.fingerprints_stored = True
    citizen.person.save(update_fields=["fingerprints_stored"])
    return DocumentFactory(
        holder=citizen.person,
        kind=DocumentKind.ID_CARD,
        number="123456AB",
        issued_on=date(2021, 3, 10),
        expires_on=date(2099, 5, 14),
        fingerprints_stored=True,
        place_of_origin="Kolozsvár",
    )


@pytest.fixture
def book(citizen):
    return DocumentFactory(
        holder=citizen.person,
        kind=DocumentKind.ID_CARD,
        number="AB123456",
        issued_on=date(1995, 4, 1),
        expires_on=None,
        has_chip=False,
        format=Document.Format.BOOK,
    )


def invalid(card: Document) -> bool:
    card.refresh_from_db()
    return card.validity == Document.Validity.INVALIDATED
