"""Deterministic demo data: offices, citizens with documents and addresses, clerks.

Running it twice changes nothing: every row is found by its natural key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from appointments.models import Office
from documents.models import Document, DocumentKind, ProductionOrder
from identity.models import User
from population.identifiers import UnissuedSerialError, personal_id_for, taj_for, tax_id_for
from population.models import Address, Person
from sandbox.demo_appointments import seed_appointments
from sandbox.demo_civil_registry import seed_civil_registry
from sandbox.demo_criminal_records import seed_criminal_records
from sandbox.demo_documents import seed_documents
from sandbox.demo_idcards import seed_idcards
from sandbox.demo_parking import seed_parking
from sandbox.demo_passports import seed_passports
from sandbox.demo_register import seed_register
from sandbox.demo_residence import seed_residence

DEMO_CLERK_PASSWORD = "Ugysegeg-demo-2026"  # embedded sandbox only; never in production

OFFICES = [
    (
        "bp-05",
        "Budapest V. kerületi Kormányablak",
        Office.Kind.GOVERNMENT_WINDOW,
        "1051",
        "Budapest",
        "Sas utca 2.",
    ),
    (
        "bp-13-kok",
        "Központi Okmányiroda",
        Office.Kind.CENTRAL,
        "1133",
        "Budapest",
        "Visegrádi utca 110.",
    ),
    (
        "debrecen",
        "Debreceni Kormányablak",
        Office.Kind.GOVERNMENT_WINDOW,
        "4024",
        "Debrecen",
        "Piac utca 42–48.",
    ),
    ("pecs", "Pécsi Okmányiroda", Office.Kind.DOCUMENT_OFFICE, "7621", "Pécs", "Rákóczi út 30."),
    (
        "szeged",
        "Szegedi Kormányablak",
        Office.Kind.GOVERNMENT_WINDOW,
        "6720",
        "Szeged",
        "Rákóczi tér 1.",
    ),
    (
        "mobil-1",
        "Mobilizált kormányablak 1.",
        Office.Kind.MOBILE,
        "2000",
        "Szentendre",
        "Dunakorzó 18.",
    ),
]


@dataclass(frozen=True)
class DemoCitizen:
    username: str
    family: str
    given: str
    sex: str
    born: date
    birth_place: str
    mother: tuple[str, str]
    serial: int
    residence: tuple[str, str, str]
    email: str
    hint: str


CITIZENS = [
    DemoCitizen(
        "kovacs.janos",
        "Kovács",
        "János",
        "M",
        date(1980, 5, 14),
        "Budapest",
        ("Szabó", "Mária"),
        101,
        ("1051", "Budapest", "Október 6. utca 12. 3/4."),
        "kovacs.janos@example.hu",
        "valid chip ID card, passport and driving licence",
    ),
    DemoCitizen(
        "nagy.eva",
        "Nagy",
        "Éva",
        "F",
        date(1992, 11, 3),
        "Debrecen",
        ("Kiss", "Erzsébet"),
        102,
        ("4025", "Debrecen", "Piac utca 5."),
        "nagy.eva@example.hu",
        "chip ID card issued 2016-06-20 (before 2016-11-14); an older card reported lost",
    ),
    DemoCitizen(
        "szabo.peter",
        "Szabó",
        "Péter",
        "M",
        date(1952, 2, 28),
        "Pécs",
        ("Varga", "Ilona"),
        103,
        ("7621", "Pécs", "Király utca 20."),
        "szabo.peter@example.hu",
        "chipless ID card of indefinite validity (65+), parking card",
    ),
    DemoCitizen(
        "toth.anna",
        "Tóth",
        "Anna",
        "F",
        date(2001, 7, 19),
        "Szeged",
        ("Molnár", "Katalin"),
        104,
        ("6720", "Szeged", "Kárász utca 9."),
        "toth.anna@example.hu",
        "expired passport; a new passport in transit",
    ),
    DemoCitizen(
        "horvath.gabor",
        "Horváth",
        "Gábor",
        "M",
        date(1975, 9, 9),
        "Győr",
        ("Farkas", "Judit"),
        105,
        ("9021", "Győr", "Baross Gábor út 1."),
        "horvath.gabor@example.hu",
        "lives abroad (Vienna); ID card and passport",
    ),
]

CLERKS = [
    ("ugyintezo.kata", "Katalin", "Fekete", "bp-05", False),
    ("ugyintezo.bence", "Bence", "Lakatos", "debrecen", False),
    ("felugyelo", "Zsuzsanna", "Balogh", "bp-13-kok", True),
]

CLERK_PERMISSIONS = [
    ("cases", "view_case"),
    ("cases", "change_case"),
    ("cases", "view_caseevent"),
    ("cases", "view_attachment"),
    ("cases", "add_attachment"),
    ("cases", "view_issueddocument"),
    ("cases", "view_calendaroverride"),
    ("cases", "add_calendaroverride"),
    ("cases", "change_calendaroverride"),
    ("cases", "delete_calendaroverride"),
    ("population", "view_person"),
    # The register services: the requests and the register's own tables, read; the
    # clerk steps are actions on the requests' lists.
    *(
        ("register", f"view_{model}")
        for model in (
            "property",
            "postofficebox",
            "servicepoint",
            "notificationaddress",
            "addressrefusal",
            "alertpackage",
            "landlordconsent",
            "disclosureban",
            "owndatarequest",
            "disclosurebanrequest",
            "changenotice",
            "notificationaddressrequest",
            "refusalrequest",
            "alertrequest",
            "landlorddeclaration",
        )
    ),
    ("register", "change_notificationaddress"),
    ("population", "view_address"),
    ("documents", "view_document"),
    ("documents", "view_productionorder"),
    ("appointments", "view_office"),
    ("appointments", "view_busstop"),
    ("appointments", "view_booking"),
    ("appointments", "change_booking"),
    ("appointments", "view_closure"),
    ("appointments", "add_closure"),
    ("appointments", "change_closure"),
    ("notifications", "view_notification"),
    ("vehicles", "view_vehicle"),
    ("vehicles", "view_ownership"),
    ("vehicles", "view_odometerreading"),
    ("vehicles", "view_withdrawalperiod"),
    ("vehicles", "view_ownershipchange"),
    ("vehicles", "change_ownershipchange"),
    ("vehicles", "view_withdrawal"),
    ("vehicles", "view_reinstatement"),
    ("vehicles", "view_datalookup"),
    ("vehicles", "view_titlereplacement"),
    ("vehicles", "change_titlereplacement"),
    ("civil_registry", "view_civilevent"),
    ("civil_registry", "view_extractrequest"),
    ("civil_registry", "change_extractrequest"),
    ("parking", "view_parkingcard"),
    ("parking", "view_cardreplacement"),
    ("parking", "change_cardreplacement"),
    ("parking", "view_cardexchange"),
    ("parking", "change_cardexchange"),
    ("residence", "view_settlement"),
    ("residence", "change_settlement"),
    ("residence", "view_foreignaddresschange"),
    ("residence", "change_foreignaddresschange"),
    ("idcards", "view_invalidation"),
    ("idcards", "view_replacement"),
    ("idcards", "change_replacement"),
    ("idcards", "view_expiryreminder"),
    ("passports", "view_replacement"),
    ("passports", "change_replacement"),
    ("passports", "view_secondpassport"),
    ("passports", "change_secondpassport"),
    ("passports", "view_acceleration"),
    ("passports", "change_acceleration"),
    ("passports", "view_travelrestriction"),
    ("passports", "add_travelrestriction"),
    ("passports", "change_travelrestriction"),
]


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo clerk (hex), so the printed secret stays valid."""
    return hashlib.sha256(f"ugysegeg-demo-totp:{username}".encode()).hexdigest()[:40]


def _first_issued(make, serial: int) -> str:
    """Call `make(serial)` with the first serial from `serial` on that is ever issued."""
    while True:
        try:
            return make(serial)
        except UnissuedSerialError:
            serial += 1


def _document_number(index: int, letters: str) -> str:
    return f"{700000 + index:06d}{letters}"


@transaction.atomic
def seed() -> list[str]:
    """Create or refresh the demo data; return the lines of login hints."""
    offices = {}
    for code, name, kind, postal, settlement, street in OFFICES:
        offices[code], _ = Office.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "postal_code": postal,
                "settlement": settlement,
                "street_address": street,
                "phone": "1818",
                "email": f"{code}@kormanyablak.example.hu",
            },
        )

    # Citizens get no portal user here: the portal creates one at their first
    # login through the identity provider, keyed by its subject.
    lines = ["Demo citizens in the population register:"]
    people = [_seed_person(index, citizen) for index, citizen in enumerate(CITIZENS, start=1)]
    # Their ID cards and passports' register data (and the passport demo citizens),
    # before they are listed, so that the seed prints the same every time.
    passport_lines = seed_passports()
    idcard_lines = seed_idcards()
    for citizen, person in zip(CITIZENS, people, strict=True):
        cards = ", ".join(
            f"{d.get_kind_display()} {d.number} ({d.get_validity_display()})"
            for d in person.documents.order_by("kind", "number")
        )
        lines.append(
            f"  {citizen.username}: {citizen.family} {citizen.given}, born "
            f"{citizen.born:%Y-%m-%d}, personal id {person.personal_id}; {citizen.hint}"
        )
        lines.append(f"      documents: {cards}")
    lines.extend(seed_documents())
    lines.extend(idcard_lines)
    lines.extend(passport_lines)
    lines.extend(seed_register())
    for order in ProductionOrder.objects.order_by("receipt_number"):
        lines.append(
            f"  production status receipt number {order.receipt_number}: "
            f"{order.get_state_display()}"
        )

    group = _seed_clerk_group()
    lines.append(
        "Clerks (admin at /admin/, password "
        f"{DEMO_CLERK_PASSWORD!r}, TOTP code: `python manage.py demo_totp USERNAME`):"
    )
    for username, first, last, office_code, supervisor in CLERKS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": True,
                "is_superuser": supervisor,
                "office": offices[office_code],
                "email": f"{username}@kormanyablak.example.hu",
            },
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_CLERK_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(group)
        TOTPDevice.objects.update_or_create(
            user=user,
            name="demo",
            defaults={
                "key": demo_totp_key(username),
                "confirmed": True,
            },
        )
        role = "supervisor" if supervisor else "clerk"
        lines.append(f"  {username} ({role}, {offices[office_code].name})")
    lines.extend(seed_appointments())
    # Before the accounts: it adds a person who logs in.
    lines.extend(seed_residence())
    if apps.is_installed("ugyfelkapu"):
        from ugyfelkapu.demo import seed_demo_accounts

        lines.extend(seed_demo_accounts())
    lines.extend(seed_civil_registry())
    lines.extend(seed_criminal_records())
    lines.extend(seed_parking())
    return lines


def _seed_person(index: int, c: DemoCitizen) -> Person:
    personal_id = _first_issued(lambda n: personal_id_for(c.born, c.sex, n), c.serial)
    person, _ = Person.objects.update_or_create(
        personal_id=personal_id,
        defaults={
            "family_name": c.family,
            "given_names": c.given,
            "birth_family_name": c.family,
            "birth_given_names": c.given,
            "mother_family_name": c.mother[0],
            "mother_given_names": c.mother[1],
            "birth_place": c.birth_place,
            "birth_date": c.born,
            "sex": c.sex,
            "tax_id": _first_issued(lambda n: tax_id_for(c.born, n), 100 + index),
            "taj": taj_for(10_000_000 + index * 7919),
            "address_card_number": f"{500000 + index}LA",
            "fingerprints_stored": c.username != "horvath.gabor",
            "marital_status": Person.MaritalStatus.MARRIED
            if index % 2
            else Person.MaritalStatus.SINGLE,
        },
    )
    postal, settlement, street = c.residence
    Address.objects.update_or_create(
        person=person,
        kind=Address.Kind.RESIDENCE,
        valid_to=None,
        defaults={
            "postal_code": postal,
            "settlement": settlement,
            "street_address": street,
            "valid_from": date(2015, 3, 1),
        },
    )
    if c.username == "horvath.gabor":
        Address.objects.update_or_create(
            person=person,
            kind=Address.Kind.FOREIGN,
            valid_to=None,
            defaults={
                "country": "AT",
                "postal_code": "1010",
                "settlement": "Wien",
                "street_address": "Kärntner Straße 12/5",
                "valid_from": date(2019, 9, 1),
            },
        )
    for spec in _documents_of(index, c):
        kind, number = spec.pop("kind"), spec.pop("number")
        Document.objects.update_or_create(
            kind=kind, number=number, defaults={"holder": person, **spec}
        )
    if c.username == "toth.anna":
        ProductionOrder.objects.update_or_create(
            receipt_number="UT-2026-0004711",
            defaults={
                "kind": DocumentKind.PASSPORT,
                "applicant": person,
                "applied_on": date(2026, 11, 2),
                "state": ProductionOrder.State.IN_TRANSIT,
            },
        )
    if c.username == "kovacs.janos":
        ProductionOrder.objects.update_or_create(
            receipt_number="VE-2026-0002024",
            defaults={
                "kind": DocumentKind.DRIVING_LICENCE,
                "applicant": person,
                "applied_on": date(2026, 11, 10),
                "state": ProductionOrder.State.COLLECTABLE,
                "collectable_from": date(2026, 11, 24),
                "collection_office": Office.objects.get(code="bp-05"),
            },
        )
    return person


def _documents_of(index: int, c: DemoCitizen) -> list[dict]:
    authority = "Belügyminisztérium"
    docs: list[dict] = []
    if c.username == "szabo.peter":
        docs.append(
            {
                "kind": DocumentKind.ID_CARD,
                "number": _document_number(index, "AB"),
                "issued_on": date(2021, 4, 12),
                "expires_on": None,
                "has_chip": False,
                "issuing_authority": authority,
            }
        )
        docs.append(
            {
                "kind": DocumentKind.PARKING_CARD,
                "number": f"PK{index:07d}",
                "issued_on": date(2023, 1, 20),
                "expires_on": date(2028, 1, 20),
                "issuing_authority": "Budapest Főváros Kormányhivatala",
            }
        )
    elif c.username == "nagy.eva":
        docs.append(
            {
                "kind": DocumentKind.ID_CARD,
                "number": _document_number(index, "AE"),
                "issued_on": date(2016, 6, 20),
                "expires_on": date(2028, 11, 3),
                "has_chip": True,
                "fingerprints_stored": True,
                "issuing_authority": authority,
            }
        )
        docs.append(
            {
                "kind": DocumentKind.ID_CARD,
                "number": f"{600000 + index:06d}AC",
                "issued_on": date(2010, 5, 5),
                "expires_on": date(2016, 11, 3),
                "validity": Document.Validity.INVALIDATED,
                "invalidation_reason": Document.InvalidationReason.LOST,
                "invalidated_at": datetime(2016, 6, 1, 9, 30, tzinfo=UTC),
                "issuing_authority": authority,
            }
        )
    else:
        docs.append(
            {
                "kind": DocumentKind.ID_CARD,
                "number": _document_number(index, "AB"),
                "issued_on": date(2021, 3, 10),
                "expires_on": date(2027, c.born.month, c.born.day),
                "has_chip": True,
                "fingerprints_stored": True,
                "issuing_authority": authority,
            }
        )
    if c.username in {"kovacs.janos", "horvath.gabor"}:
        docs.append(
            {
                "kind": DocumentKind.PASSPORT,
                "number": f"BE{1000000 + index:07d}",
                "issued_on": date(2022, 2, 1),
                "expires_on": date(2032, 2, 1),
                "fingerprints_stored": True,
                "issuing_authority": authority,
            }
        )
    if c.username == "toth.anna":
        docs.append(
            {
                "kind": DocumentKind.PASSPORT,
                "number": f"BD{900000 + index:06d}",
                "issued_on": date(2015, 8, 1),
                "expires_on": date(2020, 8, 1),
                "validity": Document.Validity.EXPIRED,
                "issuing_authority": authority,
            }
        )
    if c.username == "kovacs.janos":
        docs.append(
            {
                "kind": DocumentKind.DRIVING_LICENCE,
                "number": f"CA{400000 + index:06d}",
                "issued_on": date(2018, 9, 3),
                "expires_on": date(2028, 9, 3),
                "issuing_authority": authority,
            }
        )
    return docs


def _seed_clerk_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Clerks")
    for app_label, codename in CLERK_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group
