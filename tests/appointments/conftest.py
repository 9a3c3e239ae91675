from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from appointments.models import BusStop, Desks, Office, OfficeService, OpeningHours
from appointments.services import SERVICES, DeskGroup
from tests import factories

# A fixed "now" for the rules that do not go through a page: a Monday morning, with
# the Tuesday after it an ordinary working day and 15 March 2027 a public holiday.
BUDAPEST = ZoneInfo("Europe/Budapest")
NOW = datetime(2027, 3, 8, 7, 0, tzinfo=BUDAPEST)
TUESDAY = date(2027, 3, 9)
ID_CARD = SERVICES["id_card"]
PASSPORT = SERVICES["passport"]
DRIVING = SERVICES["driving_licence"]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BUDAPEST)


def make_office(code: str = "bp-test", *, desks: int = 2, settlement="Budapest", postal="1051"):
    office = factories.OfficeFactory(code=code, settlement=settlement, postal_code=postal)
    for service in SERVICES.values():
        OfficeService.objects.create(office=office, service=service.code)
    for group in DeskGroup:
        Desks.objects.create(office=office, group=group, count=desks)
    for weekday in range(5):
        OpeningHours.objects.create(office=office, weekday=weekday, opens=time(8), closes=time(16))
    return office


@pytest.fixture
def office(db):
    return make_office()


@pytest.fixture
def bus(db):
    bus = factories.OfficeFactory(code="bus-test", kind=Office.Kind.MOBILE, name="Kormányablakbusz")
    OfficeService.objects.create(office=bus, service="id_card")
    Desks.objects.create(office=bus, group=DeskGroup.DOCUMENTS, count=1)
    return bus


@pytest.fixture
def stop(bus):
    return BusStop.objects.create(
        bus=bus,
        postal_code="2009",
        settlement="Pilisszentlászló",
        place="Községháza",
        day=TUESDAY,
        starts=time(9),
        ends=time(11),
    )
