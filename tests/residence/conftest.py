from __future__ import annotations

from datetime import date

from documents.models import DocumentKind
from population.identifiers import personal_id_for
from population.models import Address
from tests.factories import AddressFactory, DocumentFactory, PersonFactory

ABROAD_ID = personal_id_for(date(1975, 9, 9), "M", 5)


def abroad_person(*, foreign=True, **fields):
    """A Hungarian citizen living abroad, with a passport proving the citizenship."""
    values = {
        "personal_id": ABROAD_ID,
        "family_name": "Külhoni",
        "given_names": "Gábor",
        "birth_family_name": "Külhoni",
        "birth_given_names": "Gábor",
        "mother_family_name": "Farkas",
        "mother_given_names": "Judit",
        "birth_place": "Győr",
        "birth_date": date(1975, 9, 9),
    }
    values.update(fields)
    person = PersonFactory(**values)
    DocumentFactory(holder=person, kind=DocumentKind.PASSPORT, number="BE1234567")
    if foreign:
        AddressFactory(
            person=person,
            kind=Address.Kind.FOREIGN,
            country="AT",
            postal_code="1010",
            settlement="Wien",
            street_address="Kärntner Straße 12/5",
        )
    return person


def report_data(**changes) -> dict:
    data = {
        "family_name": "Külhoni",
        "given_names": "Gábor",
        "birth_family_name": "Külhoni",
        "birth_given_names": "Gábor",
        "mother_family_name": "Farkas",
        "mother_given_names": "Judit",
        "birth_place": "Győr",
        "birth_date": "1975-09-09",
        "personal_id": ABROAD_ID,
        "citizenship_document": "BE1234567",
        "country": "DE",
        "province": "Bayern",
        "postal_code": "80331",
        "settlement": "München",
        "street_address": "Marienplatz 8.",
        "email": "gabor@example.com",
    }
    data.update(changes)
    return data
