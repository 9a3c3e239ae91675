"""Demo data of the residence-abroad services: who can report what.

The demo citizens' own register rows serve (kovacs.janos lives in Budapest,
horvath.gabor in Vienna, with a certificate of citizenship besides his passport); this
module adds a citizen of another state settled in Hungary (`petrenko.olena`, who logs
in) and prints what each of them meets or misses, with the data the anonymous foreign
address report asks for. Found by natural keys, so running the seed twice changes
nothing; run before the Ügyfélkapu+ demo accounts, which look the persons up.
"""

from __future__ import annotations

from datetime import date

from documents.models import Document, DocumentKind
from population.models import Address, CitizenshipCertificate, Person
from sandbox.demo_people import demo_person, first_issued_personal_id

# A Ukrainian citizen settled in Hungary (letelepedett) with a Hungarian ID card: settling
# abroad ends her ID card entitlement. Logs in as NON_CITIZEN[0] (ugyfelkapu/demo.py).
NON_CITIZEN = ("petrenko.olena", "Petrenko", "Olena", "F", date(1987, 2, 9), "Kijev")
NON_CITIZEN_ID_CARD = "702417LE"
# horvath.gabor's certificate of citizenship, as the citizenship authority entered it.
CITIZENSHIP_CERTIFICATE = "AB2019004711"


def _non_citizen() -> Person:
    _username, family, given, sex, born, place = NON_CITIZEN
    personal_id = first_issued_personal_id(born, sex, 175)
    person, _ = Person.objects.update_or_create(
        personal_id=personal_id,
        defaults={
            "family_name": family,
            "given_names": given,
            "birth_family_name": family,
            "birth_given_names": given,
            "mother_family_name": "Kovalenko",
            "mother_given_names": "Natalija",
            "birth_place": place,
            "birth_country": "UA",
            "birth_date": born,
            "sex": sex,
            "citizenship": "UA",
            "legal_title": Person.LegalTitle.SETTLED,
            "fingerprints_stored": True,
        },
    )
    Address.objects.update_or_create(
        person=person,
        kind=Address.Kind.RESIDENCE,
        valid_to=None,
        defaults={
            "postal_code": "1083",
            "settlement": "Budapest",
            "street_address": "Práter utca 30. 2/7.",
            "valid_from": date(2018, 4, 3),
        },
    )
    Document.objects.update_or_create(
        kind=DocumentKind.ID_CARD,
        number=NON_CITIZEN_ID_CARD,
        defaults={
            "holder": person,
            "issued_on": date(2021, 5, 10),
            "expires_on": date(2027, 2, 9),
            "has_chip": True,
            "fingerprints_stored": True,
            "issuing_authority": "Belügyminisztérium",
        },
    )
    return person


def seed_residence() -> list[str]:
    lines = ["Demo residence abroad:"]
    kovacs, horvath = demo_person("kovacs.janos"), demo_person("horvath.gabor")
    if kovacs is not None:
        lines.append(
            "  kovacs.janos: Hungarian citizen living in Budapest: reports settling abroad and "
            "chooses how to get the address card; the anonymous report refuses him (lives in "
            "Hungary)"
        )
    if horvath is not None:
        CitizenshipCertificate.objects.update_or_create(
            number=CITIZENSHIP_CERTIFICATE,
            defaults={
                "person": horvath,
                "kind": CitizenshipCertificate.Kind.CERTIFICATE,
                "issued_on": date(2019, 8, 20),
                "issuing_authority": "Budapest Főváros Kormányhivatala",
            },
        )
        passport = (
            Document.objects.filter(holder=horvath, kind=DocumentKind.PASSPORT)
            .values_list("number", flat=True)
            .first()
        )
        lines.append(
            "  horvath.gabor: Hungarian citizen registered in Vienna: settling abroad refused "
            "(already abroad); the anonymous foreign address report (no login) matches with: "
            f"Horváth Gábor, born Horváth Gábor, mother Farkas Judit, Győr, 1975-09-09, "
            f"personal id {horvath.personal_id}, passport {passport} or certificate of "
            f"citizenship {CITIZENSHIP_CERTIFICATE}; any field changed: refused without "
            "saying which"
        )
    olena = _non_citizen()
    lines.append(
        f"  {NON_CITIZEN[0]}: Ukrainian citizen settled in Hungary (Budapest), ID card "
        f"{NON_CITIZEN_ID_CARD}: settling abroad tells her that the ID card entitlement ends "
        f"and the card must be handed in; personal id {olena.personal_id}"
    )
    return lines
