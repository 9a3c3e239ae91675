"""Vehicle register fixtures: the citizen persona's vehicles, one per case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import PersonFactory
from vehicles.models import OdometerReading, Ownership, Vehicle, WithdrawalPeriod

_vin = iter(f"WVWZZZ1KZ8W{n:06d}" for n in range(100000, 999999))


def make_vehicle(plate, owners, keeper=None, **extra) -> Vehicle:
    """`owners`: [(person, numerator, denominator)]; keeper defaults to the first."""
    defaults = {
        "vin": next(_vin),
        "make": "Volkswagen",
        "model_name": "Golf",
        "colour": "ezüst",
        "colour_code": "LA7W",
        "registration_certificate_number": "AB123456",
        "title_number": "TK8100001",
        "year_of_manufacture": 2015,
        "first_registered_on": date(2015, 3, 1),
        "first_registered_hu_on": date(2016, 5, 2),
        "technical_valid_until": date(2027, 5, 1),
        "own_mass_kg": 1200,
        "total_mass_kg": 1700,
        "persons_carried": 5,
        "engine_capacity_cm3": 1395,
        "fuel": "petrol",
        "power_kw": 90,
        "seats_with_driver": 5,
        "standing_places": 0,
    }
    defaults.update(extra)
    vehicle = Vehicle.objects.create(
        plate=plate, keeper=keeper if keeper is not None else owners[0][0], **defaults
    )
    for person, numerator, denominator in owners:
        Ownership.objects.create(
            vehicle=vehicle,
            person=person,
            share_numerator=numerator,
            share_denominator=denominator,
            since=date(2020, 1, 1),
        )
    OdometerReading.objects.create(
        vehicle=vehicle, read_on=date(2025, 4, 1), kilometres=88000, source="inspection"
    )
    return vehicle


@pytest.fixture
def own_car(citizen):
    return make_vehicle("RKZ-214", [(citizen.person, 1, 1)])


@pytest.fixture
def co_owned_car(citizen):
    return make_vehicle("AA BC-123", [(citizen.person, 1, 2), (PersonFactory(), 1, 2)])


@pytest.fixture
def banned_car(citizen):
    return make_vehicle("MKL-908", [(citizen.person, 1, 1)], sales_ban=True)


@pytest.fixture
def kept_by_other_car(citizen):
    return make_vehicle("JHV-451", [(citizen.person, 1, 1)], keeper=PersonFactory())


@pytest.fixture
def others_car(other_citizen):
    return make_vehicle("NEV-112", [(other_citizen.person, 1, 1)])


@pytest.fixture
def withdrawn_car(citizen):
    vehicle = make_vehicle("PTR-370", [(citizen.person, 1, 1)])
    today = timezone.localdate()
    WithdrawalPeriod.objects.create(
        vehicle=vehicle,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=50),
        withdrawn_by=citizen.person,
    )
    return vehicle
