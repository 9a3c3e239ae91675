"""Demo data of the population register services: the address list with its holders,
post office boxes and service points, a refused address, alert packages, a disclosure
ban made on paper, and a citizen with no registered residence.

Found by natural keys, so running the seed twice changes nothing. Printed as hints.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from population.models import Person
from register.models import (
    AddressRefusal,
    AlertPackage,
    DisclosureBan,
    PostOfficeBox,
    Property,
    ServicePoint,
)
from sandbox.demo_people import demo_person, first_issued_personal_id

# The demo citizen without a registered residence (lakóhely): no notification address.
NO_RESIDENCE = ("lakatos.ilona", "Lakatos", "Ilona", "F", date(1986, 8, 12), "Miskolc")

# postal code, settlement, street address, holder (demo username or None)
PROPERTIES = [
    ("1051", "Budapest", "Október 6. utca 12. 3/4.", "kovacs.janos"),
    ("2000", "Szentendre", "Fő tér 3.", "kovacs.janos"),
    ("4025", "Debrecen", "Piac utca 5.", "nagy.eva"),
    ("7621", "Pécs", "Király utca 20.", "szabo.peter"),
    ("6720", "Szeged", "Kárász utca 9.", "toth.anna"),
    ("9021", "Győr", "Baross Gábor út 1.", "horvath.gabor"),
    ("1052", "Budapest", "Váci utca 10. 1/2.", None),
    ("1065", "Budapest", "Andrássy út 45.", None),
]


def _no_residence_person() -> Person:
    _username, family, given, sex, born, place = NO_RESIDENCE
    personal_id = first_issued_personal_id(born, sex, 170)
    person, _ = Person.objects.update_or_create(
        personal_id=personal_id,
        defaults={
            "family_name": family,
            "given_names": given,
            "birth_family_name": family,
            "birth_given_names": given,
            "mother_family_name": "Orsós",
            "mother_given_names": "Julianna",
            "birth_place": place,
            "birth_date": born,
            "sex": sex,
        },
    )
    person.addresses.filter(kind="residence").delete()
    return person


def seed_register() -> list[str]:
    today = timezone.localdate()
    places = {}
    for postal, settlement, street, holder in PROPERTIES:
        places[(postal, street)], _ = Property.objects.update_or_create(
            postal_code=postal,
            settlement=settlement,
            street_address=street,
            defaults={"holder": demo_person(holder) if holder else None},
        )
    PostOfficeBox.objects.update_or_create(
        postal_code="7602",
        number=55,
        defaults={"settlement": "Pécs", "tenant": demo_person("szabo.peter")},
    )
    PostOfficeBox.objects.update_or_create(
        postal_code="1476", number=281, defaults={"settlement": "Budapest", "tenant": None}
    )
    for code, name, postal, settlement, street in (
        ("PP-1052", "Budapest 52 posta", "1052", "Budapest", "Petőfi Sándor utca 13."),
        ("PP-4025", "Debrecen 1 posta", "4025", "Debrecen", "Hatvan utca 5."),
        (
            "MOL-1117",
            "MOL PostaPont Budapest Október 23. utca",
            "1117",
            "Budapest",
            "Október huszonharmadika utca 8.",
        ),
    ):
        ServicePoint.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "postal_code": postal,
                "settlement": settlement,
                "street_address": street,
            },
        )
    eva = demo_person("nagy.eva")
    refused = places[("4025", "Piac utca 5.")]
    if eva and not AddressRefusal.objects.filter(property=refused, revoked_on=None).exists():
        AddressRefusal.objects.create(refuser=eva, property=refused, since=date(2025, 5, 2))
    janos, anna = demo_person("kovacs.janos"), demo_person("toth.anna")
    watched = places[("2000", "Fő tér 3.")]
    if janos and not AlertPackage.objects.filter(property=watched, ended_on=None).exists():
        AlertPackage.objects.create(
            holder=janos,
            property=watched,
            channels=["email", "sms"],
            email="kovacs.janos@example.hu",
            phone="+36301234567",
            starts_on=today - timedelta(days=40),
            ends_on=today + timedelta(days=324),
        )
    anna_flat = places[("6720", "Kárász utca 9.")]
    if anna and not AlertPackage.objects.filter(property=anna_flat, ended_on=None).exists():
        AlertPackage.objects.create(
            holder=anna,
            property=anna_flat,
            channels=["letter", "fax"],
            letter_address="6720 Szeged, Kárász utca 9.",
            fax="+3662123456",
            starts_on=today - timedelta(days=350),
            ends_on=today + timedelta(days=14),
        )
    peter = demo_person("szabo.peter")
    if peter and not DisclosureBan.objects.filter(person=peter, lifted_on=None).exists():
        DisclosureBan.objects.create(
            person=peter,
            purpose="marketing",
            since=date(2019, 4, 1),
            channel=DisclosureBan.Channel.PAPER,
        )
    nobody = _no_residence_person()
    return [
        "Population register services (address list at /admin/register/property/):",
        "  kovacs.janos: holds 1051 Budapest, Október 6. utca 12. 3/4. and 2000 Szentendre, "
        "Fő tér 3. (alert package: e-mail + SMS, alerts land in /sandbox/mail/); no "
        "notification address yet; any register service works",
        "  nagy.eva: holds 4025 Debrecen, Piac utca 5. and refused its use as a notification "
        "address: a registration there is refused; she can revoke the refusal",
        "  szabo.peter: tenant of PO box 7602 Pécs, Pf. 55; direct marketing ban made on "
        "paper, liftable online",
        "  toth.anna: holds 6720 Szeged, Kárász utca 9. with a letter + fax alert package "
        "ending in 14 days (renewal reminder); a registration there alerts her by letter and fax",
        "  free addresses for a notification address: 1052 Budapest, Váci utca 10. 1/2.; "
        "1065 Budapest, Andrássy út 45.; PO box 1476 Budapest, Pf. 281; service points",
        f"  {NO_RESIDENCE[0]}: {nobody.full_name}, no registered residence: the notification "
        "address service is refused",
    ]
