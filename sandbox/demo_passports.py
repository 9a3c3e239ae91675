"""Demo data of the passport services: for every condition of the three services a
demo citizen who meets it and one who misses it.

The passports of the existing demo citizens get the register data the services read
(application date, validity period, fingerprints, printed data); a few more demo
citizens, with Ügyfélkapu+ accounts (ugyfelkapu/demo.py), miss one condition each.
Found by personal identifier, document kind and number, receipt number: running the
seed twice changes nothing. Printed as hints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from documents.models import Document, DocumentKind, FingerprintExemption, ProductionOrder
from passports.models import TravelRestriction
from population.models import Address, Person
from sandbox.demo_people import demo_person, first_issued_personal_id

AUTHORITY = "Belügyminisztérium"


@dataclass(frozen=True)
class PassportCitizen:
    username: str
    family: str
    given: str
    sex: str
    born: date
    birth_place: str
    mother: tuple[str, str]
    serial: int  # 150-169: the passport demo citizens
    residence: tuple[str, str, str]


# Logged in through the Ügyfélkapu+ demo accounts (ugyfelkapu/demo.py DEMO_CITIZENS).
CITIZENS = [
    PassportCitizen("kiss.laszlo", "Kiss", "László", "M", date(1985, 3, 21), "Szolnok",
                    ("Bodnár", "Irén"), 150, ("5000", "Szolnok", "Baross utca 7.")),
    PassportCitizen("balogh.maria", "Balogh", "Mária", "F", date(1990, 6, 8), "Veszprém",
                    ("Simon", "Edit"), 151, ("8200", "Veszprém", "Óváros tér 2.")),
    PassportCitizen("fekete.zoltan", "Fekete", "Zoltán", "M", date(1970, 1, 30), "Eger",
                    ("Lukács", "Margit"), 152, ("3300", "Eger", "Széchenyi utca 11.")),
    PassportCitizen("papp.istvan", "Papp", "István", "M", date(1978, 10, 2), "Baja",
                    ("Takács", "Gizella"), 153, ("6500", "Baja", "Szent Imre tér 4.")),
    PassportCitizen("muller.anna", "Müller", "Anna", "F", date(1988, 4, 17), "München",
                    ("Schmidt", "Ute"), 154, ("1027", "Budapest", "Frankel Leó út 21.")),
]  # fmt: skip


def _person(c: PassportCitizen, **extra) -> Person:
    person, _ = Person.objects.update_or_create(
        personal_id=first_issued_personal_id(c.born, c.sex, c.serial),
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
            "fingerprints_stored": True,
            **extra,
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
            "valid_from": date(2012, 1, 1),
        },
    )
    return person


def _passport(person: Person, kind: str, number: str, *, applied_on: date, years: int, **extra):
    issued = applied_on + timedelta(days=14)
    try:
        expires = issued.replace(year=issued.year + years)
    except ValueError:
        expires = issued.replace(year=issued.year + years, day=28)
    values = {
        "holder": person,
        "issued_on": issued,
        "expires_on": expires,
        "applied_on": applied_on,
        "validity_years": years,
        "has_chip": True,
        "fingerprints_stored": True,
        "printed_family_name": person.family_name,
        "printed_given_names": person.given_names,
        "printed_birth_date": person.birth_date,
        "printed_birth_place": person.birth_place,
        "issuing_authority": AUTHORITY,
    }
    values.update(extra)
    document, _ = Document.objects.update_or_create(kind=kind, number=number, defaults=values)
    return document


def _order(person: Person, number: str, kind: str, **extra) -> ProductionOrder:
    values = {
        "kind": kind,
        "applicant": person,
        "applied_on": timezone.localdate() - timedelta(days=2),
        "state": ProductionOrder.State.PROCESSING,
        "procedure": ProductionOrder.Procedure.STANDARD,
        "validity_years": 10,
    }
    values.update(extra)
    order, _ = ProductionOrder.objects.update_or_create(receipt_number=number, defaults=values)
    return order


def seed_passports() -> list[str]:
    """Create or refresh the passport demo data; return the lines of hints."""
    today = timezone.localdate()
    P, S, SV, SM, T = (
        DocumentKind.PASSPORT,
        DocumentKind.SECOND_PASSPORT,
        DocumentKind.SERVICE_PASSPORT,
        DocumentKind.SEAMAN_PASSPORT,
        DocumentKind.TEMPORARY_PASSPORT,
    )
    hints: list[tuple[str, str]] = []

    kovacs = demo_person("kovacs.janos")
    if kovacs is not None:
        # The passport demo.py gives him, with the data the services read.
        Document.objects.filter(kind=P, number="BE1000001").update(
            applied_on=date(2022, 1, 18),
            validity_years=10,
            printed_family_name=kovacs.family_name,
            printed_given_names=kovacs.given_names,
            printed_birth_date=kovacs.birth_date,
            printed_birth_place=kovacs.birth_place,
        )
        _passport(kovacs, S, "BS1000001", applied_on=date(2024, 3, 1), years=2,
                  validity=Document.Validity.INVALIDATED, invalidation_reason="stolen",
                  invalidated_at=datetime(2025, 5, 1, 10, 0, tzinfo=UTC))  # fmt: skip
        _order(kovacs, "UT-2026-1000001", P, validity_years=5)
        hints += [
            ("kovacs.janos", "passport BE1000001 (10 years): every replacement condition met "
             "(duty 28 000 Ft when lost, free when stolen); base of a second passport; his "
             "second passport BS1000001 was reported stolen (only 'stolen' accepted, free); "
             "application UT-2026-1000001 (5 years, standard, not in production): can be "
             "accelerated; asking for 5->10 years is refused online"),
        ]  # fmt: skip

    nagy = demo_person("nagy.eva")
    if nagy is not None:
        _passport(nagy, P, "BE1000002", applied_on=date(2012, 10, 1), years=10,
                  expires_on=date(2027, 10, 15))  # fmt: skip
        _order(nagy, "UT-2026-1000002", P, state=ProductionOrder.State.ISSUING)
        hints.append(("nagy.eva", "passport BE1000002 applied for in 2012: not replaceable "
                      "online, no base for a second passport; application UT-2026-1000002 "
                      "already in production: cannot be accelerated"))  # fmt: skip

    szabo = demo_person("szabo.peter")
    if szabo is not None:
        _passport(szabo, P, "BE1000003", applied_on=date(2023, 9, 6), years=5)
        _passport(szabo, T, "TA1000003", applied_on=date(2025, 7, 1), years=1)
        hints.append(
            (
                "szabo.peter",
                "passport BE1000003 applied for at 71: replacement "
                "free (65+); temporary passport TA1000003: not replaceable online",
            )
        )

    toth = demo_person("toth.anna")
    if toth is not None:
        _passport(toth, P, "BE1000004", applied_on=date(2016, 11, 1), years=10,
                  expires_on=today + timedelta(days=8))  # fmt: skip
        hints.append(
            (
                "toth.anna",
                "passport BE1000004 expires in 8 days: fails the 12-day "
                "rule; application UT-2026-0004711 in transit: cannot be accelerated",
            )
        )

    horvath = demo_person("horvath.gabor")
    if horvath is not None:
        _passport(horvath, P, "BE1000005", applied_on=date(2023, 4, 3), years=10,
                  fingerprints_stored=False,
                  fingerprint_exemption=FingerprintExemption.HEALTH)  # fmt: skip
        _passport(horvath, S, "BS1000005", applied_on=date(2023, 4, 3), years=2,
                  fingerprints_stored=False)  # fmt: skip
        hints.append(("horvath.gabor", "lives in Vienna: passport BE1000005 without "
                      "fingerprints for a certified health reason (accepted): replacement "
                      "delivered through the Vienna consulate, 20 EUR paid there; no "
                      "acceleration with delivery abroad"))  # fmt: skip

    kiss = _person(CITIZENS[0])
    _passport(kiss, P, "BE1000150", applied_on=date(2020, 5, 5), years=10)
    _order(kiss, "UT-2026-1000150", P)
    TravelRestriction.objects.update_or_create(
        person=kiss,
        kind=TravelRestriction.Kind.HOUSE_ARREST,
        defaults={"starts_on": today - timedelta(days=20), "ends_on": None,
                  "ordered_by": "Szolnoki Járásbíróság"},
    )  # fmt: skip
    hints.append(("kiss.laszlo", "under house arrest: every passport service refused"))

    balogh = _person(CITIZENS[1])
    _passport(balogh, P, "BE1000151", applied_on=date(2019, 2, 11), years=10,
              printed_family_name="Simon")  # fmt: skip
    hints.append(("balogh.maria", "passport BE1000151 in her maiden name Simon: data changed "
                  "since, not replaceable online"))  # fmt: skip

    fekete = _person(CITIZENS[2], capacity_restricted=True)
    _passport(fekete, P, "BE1000152", applied_on=date(2018, 8, 20), years=10)
    hints.append(("fekete.zoltan", "legal capacity restricted: every passport service refused"))

    papp = _person(CITIZENS[3])
    _passport(papp, SV, "SZ1000153", applied_on=date(2022, 6, 13), years=5)
    _passport(
        papp, P, "BE1000153", applied_on=date(2017, 5, 2), years=10, fingerprints_stored=False
    )
    _order(papp, "UT-2026-1000153", SM, validity_years=5)
    hints.append(
        (
            "papp.istvan",
            "service passport SZ1000153: replacement 15 000 Ft, express "
            "free, no urgent; private passport BE1000153 without fingerprints or reason: "
            "refused; seaman's passport application UT-2026-1000153: 7-day only, "
            "free",
        )
    )

    muller = _person(CITIZENS[4], citizenship="DE", legal_title=Person.LegalTitle.FREE_MOVEMENT)
    _order(muller, "UT-2026-1000154", P)
    hints.append(("muller.anna", "citizenship not proven: acceleration of UT-2026-1000154 "
                  "advised against (60-day check)"))  # fmt: skip

    return ["Passport demo (log in as the citizen; see the passport services):"] + [
        f"  {username}: {hint}" for username, hint in hints
    ]
