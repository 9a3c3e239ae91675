"""Demo vehicles: one for every eligibility case of the vehicle services.

Found by plate, so running the seed twice changes nothing. Printed as hints.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from population.models import Person
from vehicles.models import Fuel, OdometerReading, Ownership, Vehicle, WithdrawalPeriod

# plate, VIN, make, type, colour, code, owners [(username, num, den)], keeper, flags, hint
VEHICLES = [
    (
        "RKZ-214",
        "WVWZZZ1KZ8W123456",
        "Volkswagen",
        "Golf",
        "ezüst",
        "LA7W",
        [("kovacs.janos", 1, 1)],
        "kovacs.janos",
        {},
        "sole owner and keeper: every service works",
    ),
    (
        "AA BC-123",
        "TMBJF7NE5K0123457",
        "Škoda",
        "Octavia",
        "kék",
        "F4F4",
        [("kovacs.janos", 1, 2), ("nagy.eva", 1, 2)],
        "kovacs.janos",
        {},
        "co-owned 1/2 with nagy.eva: no online ownership change",
    ),
    (
        "MKL-908",
        "VF1RFB00X61234568",
        "Renault",
        "Clio",
        "fehér",
        "QNG",
        [("kovacs.janos", 1, 1)],
        "kovacs.janos",
        {"sales_ban": True},
        "sales-ban clause: no ownership change",
    ),
    (
        "JHV-451",
        "WF0XXXGCDX1234569",
        "Ford",
        "Focus",
        "fekete",
        "G6",
        [("kovacs.janos", 1, 1)],
        "nagy.eva",
        {},
        "owner but nagy.eva is the keeper",
    ),
    (
        "PTR-370",
        "ZFA31200001234560",
        "Fiat",
        "Panda",
        "piros",
        "168",
        [("kovacs.janos", 1, 1)],
        "kovacs.janos",
        {"withdrawn_by": "kovacs.janos"},
        "withdrawn from traffic by kovacs.janos: can be reinstated",
    ),
    (
        "NEV-112",
        "JTDKN3DU0A1234561",
        "Toyota",
        "Prius",
        "szürke",
        "1F7",
        [("nagy.eva", 1, 1)],
        "nagy.eva",
        {},
        "sole owner and keeper (nagy.eva)",
    ),
    (
        "SZP-777",
        "WDB2030461A123456",
        "Mercedes-Benz",
        "C 200",
        "sötétkék",
        "359",
        [("toth.anna", 1, 1)],
        "toth.anna",
        {"withdrawn_by": "szabo.peter", "bought_after": True},
        "withdrawn by its former owner szabo.peter, now owned by toth.anna: no reinstatement",
    ),
    (
        "KRZ-666",
        "WBAPH5C55BA123457",
        "BMW",
        "320d",
        "fekete",
        "475",
        [("horvath.gabor", 1, 1)],
        "horvath.gabor",
        {"wanted": True},
        "wanted (for data lookups)",
    ),
    (
        "OLD-001",
        "XTA210930Y1234563",
        "Lada",
        "2107",
        "bézs",
        "",
        [("szabo.peter", 1, 1)],
        "szabo.peter",
        {"sparse": True},
        "old record: some technical data missing",
    ),
]

# The last inspection readings; an ownership change adds one.
READINGS = [(date(2022, 3, 14), 0.6), (date(2024, 4, 2), 0.8), (date(2026, 4, 20), 1.0)]


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


def seed_vehicles() -> list[str]:
    people = _persons()
    today = timezone.localdate()
    lines = ["Demo vehicles in the vehicle register:"]
    for index, (plate, vin, make, model, colour, code, owners, keeper, flags, hint) in enumerate(
        VEHICLES, start=1
    ):
        sparse = flags.get("sparse", False)
        vehicle, _ = Vehicle.objects.update_or_create(
            vin=vin,
            defaults={
                "plate": plate,
                "make": make,
                "model_name": model,
                "colour": colour,
                "colour_code": code,
                "keeper": people.get(keeper),
                "sales_ban": flags.get("sales_ban", False),
                "wanted": flags.get("wanted", False),
                "registration_certificate_number": f"AB{400000 + index:06d}",
                "title_number": f"TK{8100000 + index:07d}",
                "year_of_manufacture": 1999 if sparse else 2012 + index,
                "first_registered_on": None if sparse else date(2012 + index, 3, 1 + index),
                "first_registered_hu_on": None if sparse else date(2012 + index, 3, 1 + index),
                "technical_valid_until": date(2027, 5, 1 + index),
                "own_mass_kg": None if sparse else 1150 + 25 * index,
                "total_mass_kg": None if sparse else 1650 + 25 * index,
                "persons_carried": 5,
                "engine_capacity_cm3": 1452 if sparse else 1395 + 10 * index,
                "fuel": Fuel.DIESEL if index % 3 == 0 else Fuel.PETROL,
                "power_kw": None if sparse else 70 + 5 * index,
                "seats_with_driver": 5,
                "standing_places": 0,
                "marketing_restriction": "",
            },
        )
        if not vehicle.ownerships.exists():
            since = date(2019, 6, 1) if flags.get("bought_after") is None else today - timedelta(20)
            for username, numerator, denominator in owners:
                Ownership.objects.create(
                    vehicle=vehicle,
                    person=people[username],
                    share_numerator=numerator,
                    share_denominator=denominator,
                    since=since,
                )
        if not vehicle.odometer.exists():
            for read_on, factor in READINGS:
                OdometerReading.objects.create(
                    vehicle=vehicle,
                    read_on=read_on,
                    kilometres=int((40000 + 9000 * index) * factor),
                    source=OdometerReading.Source.INSPECTION,
                )
        withdrawn_by = flags.get("withdrawn_by")
        if withdrawn_by and not vehicle.withdrawals.exists():
            WithdrawalPeriod.objects.create(
                vehicle=vehicle,
                starts_on=today - timedelta(days=40),
                ends_on=today + timedelta(days=100),
                withdrawn_by=people[withdrawn_by],
            )
        lines.append(f"  {vehicle.plate} {make} {model}: {hint}")
    return lines
