"""Benchmarks: print figures, assert nothing. `make perf` runs them.

Uses a throw-away SQLite database under a temporary folder, or the database in
DATABASE_URL (give it an empty database: the run migrates and writes to it).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="ugysegeg-perf-")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(label: str, runs: int, fn) -> None:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(
        f"{label:<45} runs={runs:<6} median={statistics.median(samples):8.3f} ms  p95={p95:8.3f} ms"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from cases import deadlines, registry
    from cases.actions import create_case
    from cases.registry import CaseType
    from identity.models import User

    registry.register(CaseType(slug="perf.sample", label="Perf", deadline_days=8))
    citizen = User.objects.create(
        username="perf-citizen",
        email="perf@example.hu",
        email_confirmed_at=timezone.now(),
        last_name="Perf",
        first_name="Citizen",
        birth_family_name="Perf",
        birth_given_names="Citizen",
        mother_family_name="Minta",
        mother_given_names="Mária",
        birth_place="Budapest",
        birth_date=date(1980, 1, 1),
    )
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    calendar = deadlines.load_calendar(date(2026, 1, 1))

    timed(
        "deadlines.due_date (1 query each)",
        365,
        lambda: deadlines.due_date(days[int(time.perf_counter_ns()) % 365], 8),
    )
    timed(
        "WorkCalendar.due_date x365 (no queries)",
        20,
        lambda: [calendar.due_date(d, 30) for d in days],
    )
    timed(
        "create_case (reference + receipt code)",
        300,
        lambda: create_case("perf.sample", applicant=citizen),
    )

    client = Client()
    timed("GET / (home, all services)", 100, lambda: client.get("/"))
    timed(
        "GET /services/vehicles.data_lookup/",
        100,
        lambda: client.get("/services/vehicles.data_lookup/"),
    )
    client.force_login(citizen)
    timed("GET /my-requests/", 50, lambda: client.get("/my-requests/"))

    count = int(os.environ.get("PERF_CITIZENS", "20000"))
    started = time.perf_counter()
    call_command("seed_scale", citizens=count, stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    print(
        f"{'seed_scale':<45} citizens={count} seconds={seconds:.1f} "
        f"citizens_per_second={count / seconds:.0f}"
    )


if __name__ == "__main__":
    main()
    # Its own process: it collects the static files into a folder of its own first.
    subprocess.run([sys.executable, str(Path(__file__).with_name("page_weight.py"))], check=True)
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("appointments_bench.py"))], check=True
    )
