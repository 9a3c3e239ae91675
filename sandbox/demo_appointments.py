"""Demo offices' services, desks and hours; the bus timetable; closures; bookings.

Every condition of booking has a demo: a fully booked time (Pécs, next working day
08:00: "just taken", nearest free times), a one-off closure (Pécs, in ten days), the
year-end closure with its designated offices (the Központi Okmányiroda and Debrecen
stay open), bus stops, and the booking limit reached (kovacs.janos's address holds two
ID card appointments). Dates are counted from today; rows are found by their natural
keys, so running the seed twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from appointments.models import (
    Booking,
    BusStop,
    Closure,
    Desks,
    Office,
    OfficeService,
    OpeningHours,
)
from appointments.services import SERVICES, DeskGroup
from cases.deadlines import load_calendar

WEEK = [
    (OpeningHours.Weekday.MONDAY, time(8), time(18)),
    (OpeningHours.Weekday.TUESDAY, time(8), time(16)),
    (OpeningHours.Weekday.WEDNESDAY, time(8), time(16)),
    (OpeningHours.Weekday.THURSDAY, time(8), time(16)),
    (OpeningHours.Weekday.FRIDAY, time(8), time(14)),
]
DOCUMENT_OFFICE_SERVICES = [
    "id_card",
    "passport",
    "address",
    "driving_licence",
    "parking_card",
    "vehicle_transfer",
]
BUS_SERVICES = [
    "id_card",
    "passport",
    "address",
    "driving_licence",
    "parking_card",
    "nek",
    "ugyfelkapu",
]
# settlement, postal code, place, weekday (1 = Tuesday), from, to
BUS_ROUTE = [
    ("Pilisszentlászló", "2009", "Községháza, Fő utca 1.", 1, time(9), time(12)),
    ("Tahitótfalu", "2021", "Művelődési ház parkolója, Szabadság tér 1.", 1, time(13), time(16)),
    (
        "Kisoroszi",
        "2024",
        "Polgármesteri hivatal előtt, Szent István utca 5.",
        3,
        time(9),
        time(12),
    ),
    ("Leányfalu", "2016", "Piactér, Móricz Zsigmond út 128.", 3, time(13), time(16)),
]


def _year_end(today: date) -> tuple[date, date]:
    year = today.year if today.month >= 7 else today.year - 1
    return date(year, 12, 22), date(year + 1, 1, 6)


def seed_appointments() -> list[str]:
    today = timezone.localdate()
    for office in Office.objects.all():
        if office.is_bus:
            codes, desks = (
                BUS_SERVICES,
                {DeskGroup.DOCUMENTS: 1, DeskGroup.TRANSPORT: 1, DeskGroup.GENERAL: 1},
            )
        elif office.kind == Office.Kind.DOCUMENT_OFFICE:
            codes, desks = (
                DOCUMENT_OFFICE_SERVICES,
                {DeskGroup.DOCUMENTS: 1, DeskGroup.TRANSPORT: 1},
            )
        else:
            codes, desks = (
                list(SERVICES),
                {DeskGroup.DOCUMENTS: 3, DeskGroup.TRANSPORT: 2, DeskGroup.GENERAL: 1},
            )
        for code in codes:
            OfficeService.objects.get_or_create(office=office, service=code)
        for group, count in desks.items():
            Desks.objects.update_or_create(office=office, group=group, defaults={"count": count})
        if not office.is_bus and not office.hours.exists():
            OpeningHours.objects.bulk_create(
                OpeningHours(office=office, weekday=day, opens=opens, closes=closes)
                for day, opens, closes in WEEK
            )

    bus = Office.objects.filter(kind=Office.Kind.MOBILE).first()
    if bus is not None:
        for offset in range(0, 29):
            day = today + timedelta(days=offset)
            for settlement, postal, place, weekday, starts, ends in BUS_ROUTE:
                if day.weekday() == weekday:
                    BusStop.objects.get_or_create(
                        bus=bus,
                        day=day,
                        settlement=settlement,
                        defaults={
                            "postal_code": postal,
                            "place": place,
                            "starts": starts,
                            "ends": ends,
                        },
                    )

    first, last = _year_end(today)
    if first < today - timedelta(days=200):
        first, last = date(first.year + 1, 12, 22), date(first.year + 2, 1, 6)
    year_end, _ = Closure.objects.get_or_create(
        kind=Closure.Kind.YEAR_END,
        office=None,
        first_day=first,
        defaults={"last_day": last, "reason": "Év végi igazgatási szünet"},
    )
    year_end.open_offices.add(*Office.objects.filter(code__in=["bp-13-kok", "debrecen"]))

    lines = ["Appointments (/appointments/):"]
    pecs = Office.objects.filter(code="pecs").first()
    if pecs is not None:
        closed_on = today + timedelta(days=10)
        Closure.objects.get_or_create(
            kind=Closure.Kind.ONE_OFF,
            office=pecs,
            first_day=closed_on,
            defaults={"last_day": closed_on + timedelta(days=1), "reason": "Felújítás"},
        )
        calendar = load_calendar(today)
        busy_day = calendar.next_working_day(today + timedelta(days=1))
        start = timezone.make_aware(datetime.combine(busy_day, time(8)))
        _demo_booking(
            "IPDEMO0PECS", pecs, "id_card", start, 1, "Teszt Elek", "teszt.elek@example.hu"
        )
        lines.append(
            f"  Pécsi Okmányiroda: ID card desk fully booked {busy_day:%Y-%m-%d} 08:00; "
            f"closed {closed_on:%Y-%m-%d} and the day after (renovation)"
        )
    bp = Office.objects.filter(code="bp-05").first()
    if bp is not None:
        calendar = load_calendar(today)
        day = calendar.add_working_days(today, 3)
        for index, hour in enumerate((9, 10), start=1):
            start = timezone.make_aware(datetime.combine(day, time(hour)))
            _demo_booking(
                f"IPDEMO0KJ{index}",
                bp,
                "id_card",
                start,
                1,
                "Kovács János",
                "kovacs.janos@example.hu",
            )
        lines.append(
            "  kovacs.janos@example.hu holds two ID card appointments at Budapest V.: "
            "the limit per matter is reached (other matters can be booked)"
        )
    lines.append(
        f"  year-end closure {first:%Y-%m-%d}–{last:%Y-%m-%d}: only the Központi "
        "Okmányiroda and Debrecen stay open; the bus visits four settlements on Tuesdays "
        "and Thursdays"
    )
    return lines


def _demo_booking(reference, office, service, start, desk, name, email) -> None:
    if start <= timezone.now():
        return
    spec = SERVICES[service]
    Booking.objects.get_or_create(
        reference=reference,
        defaults={
            "service": service,
            "group": spec.group,
            "office": office,
            "starts_at": start,
            "ends_at": start + timedelta(minutes=spec.slot_minutes),
            "desk": desk,
            "status": Booking.Status.BOOKED,
            "name": name,
            "email": email,
            "confirmed_at": timezone.now(),
        },
    )
