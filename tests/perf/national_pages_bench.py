"""The citizen pages and the anonymous checks over a seeded register, in process.
Prints, asserts nothing.

Run it on a 10 k and on the 10 M register (`seed_scale`) and compare: the pages should
cost the same at both sizes. For each page: median and p95 over PERF_RUNS requests
(default 100), the SQL queries of one request, and on PostgreSQL any sequential scan
of a register table in their plans (EXPLAIN), which is what would not scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/national_10m \\
    REDIS_URL=redis://127.0.0.1:6379/10 .venv/bin/python tests/perf/national_pages_bench.py

It adds one account (`national-bench`, for a citizen in the middle of the register)
and the session and rate-limit rows its requests make; nothing else.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The pages link hashed static files, as in production: collected here first.
os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp(prefix="ugysegeg-bench-static-"))
# As behind a proxy: each anonymous check comes from one of many client addresses, so
# the per-address limit (counted as in production) is never the one answering.
os.environ.setdefault("TRUSTED_PROXY_COUNT", "1")
RUNS = int(os.environ.get("PERF_RUNS", "100"))
BIG_TABLES = (
    "population_person",
    "population_address",
    "documents_document",
    "vehicles_vehicle",
    "vehicles_ownership",
)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def _plans(queries: list[tuple[str, object]]) -> tuple[float, list[str]]:
    """The server's execution time of the page's reads (EXPLAIN ANALYZE), in ms,
    and the sequential scans of register tables in their plans."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0, []
    total, found = 0.0, []
    with connection.cursor() as cursor:
        for sql, params in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
            for (line,) in cursor.fetchall():
                if line.startswith("Execution Time:"):
                    total += float(line.split()[2])
                if "Seq Scan" in line and any(table in line for table in BIG_TABLES):
                    found.append(line.strip())
    return total, found


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from identity.models import User
    from population.models import Person
    from sandbox import scale
    from sandbox.management.commands.seed_scale import PARTS, present

    call_command("collectstatic", interactive=False, verbosity=0)
    citizens = present(PARTS["persons"])
    if not citizens:
        sys.exit("seed the register first: manage.py seed_scale --citizens N")
    index = citizens // 2
    person = Person.objects.get(pk=scale.PERSON_BASE + index)
    user, _ = User.objects.update_or_create(
        username="national-bench",
        defaults={
            "person": person,
            "email": "national-bench@example.invalid",
            "email_confirmed_at": timezone.now(),
            "first_name": person.given_names,
            "last_name": person.family_name,
            "birth_family_name": person.birth_family_name,
            "birth_given_names": person.birth_given_names,
            "mother_family_name": person.mother_family_name,
            "mother_given_names": person.mother_given_names,
            "birth_place": person.birth_place,
            "birth_date": person.birth_date,
        },
    )
    citizen = Client()
    citizen.force_login(user)
    anonymous = Client()
    rng = random.Random(20)

    def address() -> dict:
        # One of many client addresses, so the per-address limit is never reached.
        octets = (rng.randrange(256), rng.randrange(256), rng.randrange(250))
        return {"HTTP_X_FORWARDED_FOR": "10.{}.{}.{}".format(*octets)}

    def validity(right: bool):
        i = rng.randrange(citizens)
        born, sex = scale.identity_of(i)
        data = {
            "category": "id_card",
            "number": scale.card_number(i),
            "family_name": scale.FAMILY[i % len(scale.FAMILY)] if right else "Próba",
            "given_names": (scale.GIVEN_F if sex == "F" else scale.GIVEN_M)[i % 10],
            "birth_date": born.isoformat(),
        }
        return anonymous.post("/documents/validity/", data, **address())

    pages = [
        ("GET / (citizen)", lambda: citizen.get("/")),
        ("GET /my-requests/", lambda: citizen.get("/my-requests/")),
        ("GET /account/profile/", lambda: citizen.get("/account/profile/")),
        ("GET /documents/my-checks/", lambda: citizen.get("/documents/my-checks/")),
        ("GET /documents/validity/ (form)", lambda: anonymous.get("/documents/validity/")),
        ("POST /documents/validity/ (right data)", lambda: validity(True)),
        ("POST /documents/validity/ (wrong data)", lambda: validity(False)),
    ]
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']} "
        f"citizens={citizens} load average={os.getloadavg()[0]:.1f}"
    )
    for label, request in pages:
        for _ in range(5):  # warm the caches and the connection
            request()
        captured: list[tuple[str, object]] = []

        def record(execute, sql, params, many, context, captured=captured):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            status = request().status_code
        samples = []
        for _ in range(RUNS):
            started = time.perf_counter()
            request()
            samples.append((time.perf_counter() - started) * 1000)
        median, p95 = _percentiles(samples)
        server, scans = _plans(captured)
        print(
            f"{label:<42} status={status} runs={RUNS} median={median:7.2f} ms "
            f"p95={p95:7.2f} ms queries={len(captured)} sql_execution={server:6.3f} ms"
        )
        for line in scans:
            print(f"    sequential scan: {line}")


if __name__ == "__main__":
    main()
