"""Appointment benchmark: free-slot search with 200 offices and a year of bookings, and
booking throughput under contention. Prints figures, asserts nothing; `make perf` runs it.

Uses a throw-away SQLite database under a temporary folder, or the database in
DATABASE_URL (give it an empty database: the run migrates and writes to it). The
target: the search of one office and service over the next 30 days under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="ugysegeg-perf-appointments-")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.utils import timezone  # noqa: E402

OFFICES = int(os.environ.get("PERF_OFFICES", "200"))
# Bookings per office and working day across the year (the measured office is busier).
PER_DAY = int(os.environ.get("PERF_BOOKINGS_PER_DAY", "8"))
THREADS = int(os.environ.get("PERF_THREADS", "8"))


def main() -> None:
    call_command("migrate", verbosity=0)
    from appointments.models import Booking, Office
    from cases.deadlines import load_calendar

    tz = timezone.get_default_timezone()
    today = timezone.localdate()
    calendar = load_calendar(today - timedelta(days=180))
    if Office.objects.filter(code="perf-0").exists():
        # A database seeded by an earlier run (DATABASE_URL): measure again only.
        offices = list(Office.objects.filter(code__startswith="perf-").order_by("pk"))
        print(
            f"{'appointments: reusing the seeded database':<45} offices={len(offices)} "
            f"bookings={Booking.objects.count()}"
        )
    else:
        offices = _seed(today, tz, calendar)
    _measure(offices, today, tz, calendar)


def _seed(today, tz, calendar):
    from appointments.models import Booking, Desks, Office, OfficeService, OpeningHours
    from appointments.services import SERVICES, DeskGroup

    started = time.perf_counter()
    Office.objects.bulk_create(
        Office(
            code=f"perf-{n}",
            name=f"Perf kormányablak {n}",
            kind=Office.Kind.GOVERNMENT_WINDOW,
            postal_code=f"{1000 + n}",
            settlement=f"Település {n}",
            street_address="Fő utca 1.",
        )
        for n in range(OFFICES)
    )
    offices = list(Office.objects.filter(code__startswith="perf-").order_by("pk"))
    OfficeService.objects.bulk_create(
        OfficeService(office=o, service=code) for o in offices for code in SERVICES
    )
    Desks.objects.bulk_create(Desks(office=o, group=g, count=3) for o in offices for g in DeskGroup)
    OpeningHours.objects.bulk_create(
        OpeningHours(office=o, weekday=d, opens=clock(8), closes=clock(16))
        for o in offices
        for d in range(5)
    )
    days = [
        today + timedelta(days=n)
        for n in range(-180, 185)
        if calendar.is_working_day(today + timedelta(days=n))
    ]
    starts = [
        datetime.combine(day, clock(8), tzinfo=tz) + timedelta(minutes=20 * i)
        for day in days
        for i in range(24)
    ]
    target = offices[0]
    rows, count = [], 0
    for index, office in enumerate(offices):
        per_day = 43 if office is target else PER_DAY  # the target: 60% of its 72 desk-slots
        for day_index in range(len(days)):
            for k in range(per_day):
                start = starts[day_index * 24 + (k % 24)]
                rows.append(
                    Booking(
                        reference=f"P{index:03d}{day_index:03d}{k:02d}"[:12],
                        service="id_card",
                        group="documents",
                        office=office,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=20),
                        desk=1 + k // 24,
                        status=Booking.Status.BOOKED,
                        name="Perf",
                        email=f"perf{index}@example.hu",
                    )
                )
        if len(rows) > 20000:
            Booking.objects.bulk_create(rows, batch_size=5000)
            count += len(rows)
            rows = []
    Booking.objects.bulk_create(rows, batch_size=5000)
    count += len(rows)
    print(
        f"{'appointments: seeded':<45} offices={OFFICES} bookings={count} "
        f"seconds={time.perf_counter() - started:.1f}"
    )
    return offices


def _measure(offices, today, tz, calendar):
    from appointments import actions
    from appointments.models import Booking
    from appointments.services import SERVICES
    from appointments.slots import free_slots
    from notifications.models import Notification

    service = SERVICES["id_card"]
    target = offices[0]  # the busiest: 60% of its desks booked every working day
    samples = []
    for _ in range(50):
        t0 = time.perf_counter()
        found = free_slots(target, service, first_day=today, days=30)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(
        f"{'free-slot search, 1 office, 30 days':<45} runs=50     "
        f"median={statistics.median(samples):8.3f} ms  p95={p95:8.3f} ms  "
        f"free={len(found)} (target < 50 ms; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs)"
    )

    # Contention: THREADS threads book the same few slots of one office at once, each
    # booker a different person; every attempt ends booked or refused, never twice.
    contested = offices[1]
    Booking.objects.filter(office=contested, starts_at__gte=timezone.now()).delete()
    day = calendar.add_working_days(today, 2)
    slots = [
        datetime.combine(day, clock(8), tzinfo=tz) + timedelta(minutes=20 * i) for i in range(6)
    ]
    attempts_per_thread = 12
    outcome = {"booked": 0, "refused": 0, "errors": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def work(n: int) -> None:
        barrier.wait()
        for k in range(attempts_per_thread):
            booker = actions.Booker(f"Ügyfél {n}-{k}", f"c{n}-{k}@example.hu", "hu")
            try:
                actions.book(contested, service, slots[k % len(slots)], by=booker)
                key = "booked"
            except actions.BookingRefused:
                key = "refused"
            except Exception:  # reported, not hidden: a lock timeout would show here
                key = "errors"
            with lock:
                outcome[key] += 1
        connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - t0
    attempts = THREADS * attempts_per_thread
    given = Booking.objects.filter(office=contested, starts_at__in=slots).exclude(
        status__in=["cancelled", "expired"]
    )
    double = given.count() - given.values("starts_at", "desk").distinct().count()
    print(
        f"{'booking under contention':<45} threads={THREADS} attempts={attempts} "
        f"booked={outcome['booked']} refused={outcome['refused']} errors={outcome['errors']} "
        f"attempts_per_second={attempts / seconds:.0f} double_bookings={double} "
        f"({connections['default'].vendor})"
    )
    Notification.objects.all().delete()


if __name__ == "__main__":
    main()
