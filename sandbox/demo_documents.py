"""Demo documents: every case of the documents register, and production orders in
every state, for the anonymous document checks and the ID card services.

ID cards of card and book format, with a chip or without, with fingerprints held or
not, permanent and temporary; passports of every kind of the passport section;
driving licences; each state (valid, expired, invalidated with reason and date,
revoked). Holders are the demo citizens (sandbox/demo.py) and a few people of the
register who have no portal account. Found by kind and number (orders by receipt
number), so running the seed twice changes nothing. Printed as hints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from appointments.models import Office
from documents.models import Document, DocumentKind, ProductionOrder
from population.models import Address, Person
from sandbox.demo_people import first_issued_personal_id

AUTHORITY = "Belügyminisztérium"
V = Document.Validity
R = Document.InvalidationReason


@dataclass(frozen=True)
class Holder:
    """A person of the register without a portal account."""

    key: str
    family: str
    given: str
    sex: str
    born: date
    birth_place: str
    mother: tuple[str, str]
    serial: int  # 200-249: the demo citizens use 101-105, seed_scale 300 and up (sandbox/scale.py)
    fingerprints: bool
    residence: tuple[str, str, str]


HOLDERS = [
    Holder("kiss.ilona", "Kiss", "Ilona", "F", date(1931, 4, 2), "Kecskemét",
           ("Tóth", "Rozália"), 200, False, ("6000", "Kecskemét", "Rákóczi út 3.")),
    Holder("molnar.bela", "Molnár", "Béla", "M", date(1968, 2, 29), "Miskolc",
           ("Papp", "Etelka"), 201, True, ("3525", "Miskolc", "Széchenyi utca 40.")),
    Holder("farkas.lili", "Farkas", "Lili", "F", date(2015, 10, 1), "Budapest",
           ("Juhász", "Dóra"), 202, False, ("1133", "Budapest", "Váci út 80.")),
    Holder("varga.tamas", "Varga", "Tamás", "M", date(1988, 12, 12), "Sopron",
           ("Németh", "Klára"), 203, True, ("9400", "Sopron", "Várkerület 15.")),
]  # fmt: skip


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def _documents(today: date) -> list[tuple[str, dict, str]]:
    """(holder key or demo username, document fields, hint)."""
    return [
        # --- ID cards --------------------------------------------------------------
        ("kiss.ilona", {"kind": DocumentKind.ID_CARD, "number": "AU218734",
                        "format": Document.Format.BOOK, "issued_on": date(1996, 5, 20),
                        "expires_on": None},
         "book-format ID card issued before 2000, indefinite: valid, not reportable online"),
        ("molnar.bela", {"kind": DocumentKind.ID_CARD, "number": "702201AD",
                         "issued_on": date(2022, 3, 1), "expires_on": date(2028, 2, 28),
                         "has_chip": True, "fingerprints_stored": True,
                         "place_of_origin": "Miskolc"},
         "chip ID card, fingerprints held, born 29 February (expires 28 February): valid"),
        ("molnar.bela", {"kind": DocumentKind.ID_CARD, "number": "612044AC",
                         "issued_on": date(2015, 3, 1), "expires_on": date(2021, 2, 28),
                         "validity": V.EXPIRED, "has_chip": True},
         "his previous card: expired"),
        ("farkas.lili", {"kind": DocumentKind.ID_CARD, "number": "702202AD",
                         "issued_on": date(2024, 6, 3), "expires_on": date(2027, 10, 1),
                         "has_chip": True, "fingerprints_stored": False},
         "child's chip ID card without fingerprints (under 12): valid"),
        ("varga.tamas", {"kind": DocumentKind.ID_CARD, "number": "702203AD",
                         "issued_on": date(2020, 1, 15), "expires_on": date(2026, 12, 12),
                         "has_chip": True, "fingerprints_stored": True,
                         "validity": V.INVALIDATED, "invalidation_reason": R.STOLEN,
                         "invalidated_at": _at(date(2026, 10, 4))},
         "ID card reported stolen on 2026-10-04: invalidated"),
        ("varga.tamas", {"kind": DocumentKind.TEMPORARY_ID_CARD, "number": "900117HA",
                         "issued_on": today - timedelta(days=5),
                         "expires_on": today + timedelta(days=25)},
         "temporary ID card (30 days) while the new one is made: valid"),
        ("kiss.ilona", {"kind": DocumentKind.ID_CARD, "number": "512990AA",
                        "issued_on": date(2005, 7, 1), "expires_on": None,
                        "validity": V.INVALIDATED, "invalidation_reason": R.DESTROYED,
                        "invalidated_at": _at(date(2011, 3, 14))},
         "a card destroyed in 2011: invalidated"),
        # --- Passports -------------------------------------------------------------
        ("molnar.bela", {"kind": DocumentKind.PASSPORT, "number": "BK4410293",
                         "issued_on": date(2023, 5, 2), "expires_on": date(2028, 5, 2),
                         "validity_years": 5, "fingerprints_stored": True},
         "private passport, 5 years: valid"),
        ("molnar.bela", {"kind": DocumentKind.SECOND_PASSPORT, "number": "BK4410294",
                         "issued_on": date(2025, 1, 10), "expires_on": date(2027, 1, 10),
                         "validity_years": 2, "fingerprints_stored": True},
         "second private passport: valid"),
        ("varga.tamas", {"kind": DocumentKind.SERVICE_PASSPORT, "number": "SZ0012345",
                         "issued_on": date(2022, 9, 1), "expires_on": date(2027, 9, 1),
                         "validity_years": 5, "fingerprints_stored": True},
         "service passport: valid"),
        ("varga.tamas", {"kind": DocumentKind.SEAMAN_PASSPORT, "number": "HS0004321",
                         "issued_on": date(2021, 4, 1), "expires_on": date(2026, 4, 1),
                         "validity_years": 5, "validity": V.EXPIRED},
         "seaman's service passport: expired"),
        ("farkas.lili", {"kind": DocumentKind.PASSPORT, "number": "BK5520011",
                         "issued_on": date(2025, 8, 1), "expires_on": date(2026, 8, 1),
                         "validity_years": 1},
         "private passport, 1 year: expired by date (the nightly job marks it)"),
        ("varga.tamas", {"kind": DocumentKind.TEMPORARY_PASSPORT, "number": "TA0000777",
                         "issued_on": date(2026, 10, 5), "expires_on": date(2027, 10, 5),
                         "validity_years": 1, "validity": V.REVOKED,
                         "revocation_reason": "Travel ban ordered by the court",
                         "revoked_at": _at(date(2026, 11, 2))},
         "temporary passport: revoked"),
        # --- Driving licences --------------------------------------------------------
        ("varga.tamas", {"kind": DocumentKind.DRIVING_LICENCE, "number": "DA123456",
                         "issued_on": date(2019, 6, 1), "expires_on": date(2029, 6, 1),
                         "validity": V.REVOKED,
                         "revocation_reason": "Driving licence withdrawn by the police",
                         "revoked_at": _at(date(2025, 2, 17))},
         "driving licence: revoked"),
        ("molnar.bela", {"kind": DocumentKind.DRIVING_LICENCE, "number": "DB654321",
                         "issued_on": date(2014, 9, 9), "expires_on": date(2024, 9, 9),
                         "validity": V.EXPIRED},
         "driving licence: expired"),
        ("molnar.bela", {"kind": DocumentKind.DRIVING_LICENCE, "number": "DC777001",
                         "issued_on": date(2024, 9, 1), "expires_on": date(2034, 9, 1)},
         "driving licence: valid"),
    ]  # fmt: skip


def _orders(today: date) -> list[tuple[str, dict, str]]:
    """(holder key or demo username, production order fields, hint)."""
    return [
        ("farkas.lili", {"receipt_number": "SZ-2026-0100001", "kind": DocumentKind.ID_CARD,
                         "applied_on": today - timedelta(days=2),
                         "state": ProductionOrder.State.PROCESSING},
         "ID card being processed"),
        ("molnar.bela", {"receipt_number": "UT-2026-0100002", "kind": DocumentKind.PASSPORT,
                         "applied_on": today - timedelta(days=6),
                         "state": ProductionOrder.State.ISSUING},
         "passport being issued"),
        ("varga.tamas", {"receipt_number": "SZ-2026-0100003", "kind": DocumentKind.ID_CARD,
                         "applied_on": today - timedelta(days=5),
                         "state": ProductionOrder.State.IN_TRANSIT},
         "ID card in transit"),
        ("molnar.bela", {"receipt_number": "VE-2026-0100004",
                         "kind": DocumentKind.DRIVING_LICENCE,
                         "applied_on": today - timedelta(days=14),
                         "state": ProductionOrder.State.COLLECTABLE,
                         "collectable_from": today - timedelta(days=1), "office": "debrecen"},
         "driving licence collectable in Debrecen"),
        ("molnar.bela", {"receipt_number": "VE-2024-0100005",
                         "kind": DocumentKind.DRIVING_LICENCE, "applied_on": date(2024, 8, 20),
                         "state": ProductionOrder.State.HANDED_OVER,
                         "document": (DocumentKind.DRIVING_LICENCE, "DC777001")},
         "driving licence handed over (its document is valid)"),
        ("varga.tamas", {"receipt_number": "UT-2026-0100006",
                         "kind": DocumentKind.TEMPORARY_PASSPORT, "applied_on": date(2026, 10, 1),
                         "state": ProductionOrder.State.HANDED_OVER,
                         "document": (DocumentKind.TEMPORARY_PASSPORT, "TA0000777")},
         "temporary passport handed over, since revoked"),
    ]  # fmt: skip


def _holders() -> dict[str, Person]:
    from sandbox.demo import CITIZENS

    people: dict[str, Person] = {}
    for c in CITIZENS:
        person = Person.objects.filter(
            family_name=c.family, given_names=c.given, birth_date=c.born
        ).first()
        if person is not None:
            people[c.username] = person
    for h in HOLDERS:
        person, _ = Person.objects.update_or_create(
            personal_id=first_issued_personal_id(h.born, h.sex, h.serial),
            defaults={
                "family_name": h.family,
                "given_names": h.given,
                "birth_family_name": h.family,
                "birth_given_names": h.given,
                "mother_family_name": h.mother[0],
                "mother_given_names": h.mother[1],
                "birth_place": h.birth_place,
                "birth_date": h.born,
                "sex": h.sex,
                "fingerprints_stored": h.fingerprints,
            },
        )
        postal, settlement, street = h.residence
        Address.objects.update_or_create(
            person=person,
            kind=Address.Kind.RESIDENCE,
            valid_to=None,
            defaults={
                "postal_code": postal,
                "settlement": settlement,
                "street_address": street,
                "valid_from": date(2010, 1, 1),
            },
        )
        people[h.key] = person
    return people


def seed_documents() -> list[str]:
    today = timezone.localdate()
    people = _holders()
    lines = ["Demo documents for the document checks (holder: family, given names, born):"]
    for key, fields, hint in _documents(today):
        fields = {"issuing_authority": AUTHORITY, **fields}
        kind, number = fields.pop("kind"), fields.pop("number")
        person = people[key]
        Document.objects.update_or_create(
            kind=kind, number=number, defaults={"holder": person, **fields}
        )
        lines.append(
            f"  {number} ({kind}) of {person.family_name} {person.given_names}, "
            f"born {person.birth_date:%Y-%m-%d}: {hint}"
        )
    lines.append("Demo production orders (document status by receipt number):")
    for key, fields, hint in _orders(today):
        fields = dict(fields)
        receipt = fields.pop("receipt_number")
        office = fields.pop("office", None)
        document = fields.pop("document", None)
        ProductionOrder.objects.update_or_create(
            receipt_number=receipt,
            defaults={
                "applicant": people[key],
                "collection_office": Office.objects.get(code=office) if office else None,
                "document": Document.objects.get(kind=document[0], number=document[1])
                if document
                else None,
                **fields,
            },
        )
        lines.append(f"  {receipt}: {hint}")
    return lines
