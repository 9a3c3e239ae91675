"""Demo criminal records: a citizen for every condition of the certificate met and
missed.

- kovacs.janos: nothing recorded: a clean record, no ban (every fact certifiable).
- nagy.eva: banned from driving (occupation ban) until the end of 2028: "not banned
  from an occupation" is refused for driving, "banned from driving" is certified.
- szabo.peter: a conviction in effect and a ban from public affairs: no clean record,
  no "not banned from public affairs".
- toth.anna: four certificate requests submitted this year with their certificates
  (filed in person: not in her list of requests), so her fifth costs the duty; a clean
  record.
- horvath.gabor: a rehabilitated conviction (a clean record again); his only address
  is abroad, so "myself at my own domestic address" is refused and another addressee
  in Hungary must be named.

Found by person and judgment number, so running the seed twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from cases.actions import create_case
from cases.workflow import Status, transition
from criminal_records import certificate
from criminal_records.models import (
    Certificate,
    CertificateRequest,
    Conviction,
    OccupationBan,
    PublicAffairsBan,
)
from population.models import Person

CLERK_PERMISSIONS = [
    "view_conviction",
    "view_publicaffairsban",
    "view_occupationban",
    "view_certificate",
    "change_certificate",
    "view_certificaterequest",
    "change_certificaterequest",
    "view_datainforequest",
    "change_datainforequest",
]


def _persons() -> dict[str, Person]:
    from sandbox.demo import CITIZENS

    found = {}
    for c in CITIZENS:
        person = Person.objects.filter(
            family_name=c.family, given_names=c.given, birth_date=c.born
        ).first()
        if person is not None:
            found[c.username] = person
    return found


def _earlier_certificates(person: Person, count: int, year: int) -> None:
    """`count` requests of this year, submitted and closed, each with its certificate."""
    have = certificate.requests_earlier_this_year(person, date(year, 12, 31))
    for index in range(have, count):
        case = create_case(certificate.SLUG, applicant_name=person.full_name)
        detail = CertificateRequest.objects.create(
            case=case,
            person=person,
            clean_record=True,
            law_name=f"a munkáltató által megjelölt jogszabály ({index + 1}.)",
            addressee="organisation",
            addressee_name=f"Minta Munkáltató {index + 1} Kft.",
            postal_code="6720",
            settlement="Szeged",
            street_address="Kárász utca 1.",
        )
        transition(case, Status.SUBMITTED)
        issued_at = timezone.now() - timedelta(days=2 * (count - index))
        if timezone.localdate(issued_at).year != year:
            issued_at = timezone.now()
        Certificate.objects.create(
            number=certificate.next_number(year),
            person=person,
            request=detail,
            issued_at=issued_at,
            valid_until=Certificate.validity_end(timezone.localdate(issued_at)),
            **{
                name: getattr(detail, name)
                for name in (
                    "law_name",
                    "clean_record",
                    "addressee",
                    "addressee_name",
                    "postal_code",
                    "settlement",
                    "street_address",
                )
            },
        )
        transition(case, Status.DECIDED_APPROVED)
        transition(case, Status.CLOSED)


def seed_criminal_records() -> list[str]:
    people = _persons()
    today = timezone.localdate()
    group, _ = Group.objects.get_or_create(name="Clerks")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="criminal_records", codename__in=CLERK_PERMISSIONS
        )
    )
    lines = ["Demo criminal records:"]
    if "nagy.eva" in people:
        OccupationBan.objects.get_or_create(
            person=people["nagy.eva"],
            occupation="gépjárművezetés",
            defaults={
                "imposed_by": "Debreceni Járásbíróság 12.B.345/2024/4",
                "starts_on": date(2024, 6, 1),
                "ends_on": date(2028, 12, 31),
            },
        )
        lines.append("  nagy.eva: banned from the occupation 'gépjárművezetés' until 2028-12-31")
    if "szabo.peter" in people:
        Conviction.objects.get_or_create(
            person=people["szabo.peter"],
            judgment_number="Pécsi Törvényszék 3.B.77/2023/9",
            defaults={
                "court": "Pécsi Törvényszék",
                "offence": "hivatali visszaélés",
                "sentence": "2 év szabadságvesztés, felfüggesztve",
                "final_on": date(2024, 2, 1),
            },
        )
        PublicAffairsBan.objects.get_or_create(
            person=people["szabo.peter"],
            defaults={
                "imposed_by": "Pécsi Törvényszék 3.B.77/2023/9",
                "starts_on": date(2024, 2, 1),
                "ends_on": date(2029, 2, 1),
            },
        )
        lines.append("  szabo.peter: a conviction in effect and a ban from public affairs")
    if "horvath.gabor" in people:
        Conviction.objects.get_or_create(
            person=people["horvath.gabor"],
            judgment_number="Győri Járásbíróság 8.B.12/2010/3",
            defaults={
                "court": "Győri Járásbíróság",
                "offence": "könnyű testi sértés",
                "sentence": "pénzbüntetés",
                "final_on": date(2010, 9, 1),
                "rehabilitated_on": date(2013, 9, 1),
            },
        )
        lines.append(
            "  horvath.gabor: a rehabilitated conviction (clean record); no domestic address"
        )
    if "toth.anna" in people:
        _earlier_certificates(people["toth.anna"], 4, today.year)
        lines.append("  toth.anna: four certificate requests this year: the fifth costs the duty")
    lines.append("  kovacs.janos: nothing recorded: a clean record, no ban")
    return lines
