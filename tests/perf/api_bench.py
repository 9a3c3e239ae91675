"""Benchmark: the API's case list (50 cases) against a bare Django JSON view of 50 rows,
through the same middleware, interleaved in one run. Prints, asserts nothing.

    .venv/bin/python tests/perf/api_bench.py          # throw-away SQLite
    DATABASE_URL=postgres://…/empty .venv/bin/python tests/perf/api_bench.py

Both are asked in-process through Django's test client (the whole middleware stack,
no network), PERF_ROUNDS rounds (default 3) of PERF_REQUESTS requests each (default
300), alternating. Prints requests per second, median and p95 of both, the ratio (the
goal: at least 0.5 × the bare view), and the SQL queries of the list at 5 and 50 cases.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.perf.bench_settings"
if not os.environ.get("DATABASE_URL"):
    os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="ugysegeg-apibench-")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
ROUNDS = int(os.environ.get("PERF_ROUNDS", "3"))
REQUESTS = int(os.environ.get("PERF_REQUESTS", "300"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def _measure(client: Client, url: str, headers: dict) -> list[float]:
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, **headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def _line(label: str, samples: list[float]) -> float:
    samples = sorted(samples)
    rate = 1000 * len(samples) / sum(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"  {label:<28} {rate:8.1f} req/s  median {statistics.median(samples):7.2f} ms"
        f"  p95 {p95:7.2f} ms"
    )
    return rate


def main() -> None:
    import secrets

    from oauth2_provider.models import AccessToken

    from api.clients import ensure_okmanyapp
    from cases import registry
    from cases.actions import create_case, submit_case
    from cases.registry import CaseType
    from identity.models import User

    call_command("migrate", verbosity=0)
    registry.register(CaseType(slug="perf.api", label="Perf", deadline_days=8))
    citizen = User.objects.create(username=f"api-bench-{secrets.token_hex(4)}", email="b@x.hu")
    token = secrets.token_urlsafe(30)
    AccessToken.objects.create(
        user=citizen,
        application=ensure_okmanyapp(),
        token=token,
        scope="cases:read",
        expires=timezone.now() + timedelta(hours=2),
    )
    from django.conf import settings

    settings.API_TOKEN_RATE_LIMIT = "1000000/m"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()

    def queries() -> int:
        client.get("/api/v1/cases/", **headers)
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v1/cases/", **headers)
        return len(captured)

    for _ in range(5):
        submit_case(create_case("perf.api", applicant=citizen), by=citizen)
    at_five = queries()
    for _ in range(45):
        submit_case(create_case("perf.api", applicant=citizen), by=citizen)
    at_fifty = queries()
    print(f"SQL queries of the case list: {at_five} at 5 cases, {at_fifty} at 50 cases")
    print(f"{ROUNDS} rounds of {REQUESTS} requests, interleaved:")
    api, bare = [], []
    for round_number in range(1, ROUNDS + 1):
        print(f"round {round_number}")
        api_samples = _measure(client, "/api/v1/cases/?page=1", headers)
        bare_samples = _measure(client, "/bench/bare-json/", headers)
        api.append(_line("API case list (50 cases)", api_samples))
        bare.append(_line("bare JSON view (50 rows)", bare_samples))
    ratio = statistics.median(api) / statistics.median(bare)
    print(f"API case list / bare JSON view: {ratio:.2f} × (goal: at least 0.5 ×)")


if __name__ == "__main__":
    main()
