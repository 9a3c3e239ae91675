"""Benchmark: the anonymous validity check on a filled register against bare Django
pages, over HTTP with wrk. Prints, asserts nothing.

    DATABASE_URL=postgres://…/national_10m REDIS_URL=redis://…/N PERF_CITIZENS=10000000 \\
        .venv/bin/python tests/perf/validity_bench.py

The register is the one in DATABASE_URL, filled by `seed_scale` if it holds fewer
citizens (PERF_CITIZENS, default 200 000, with half as many passports and 60 % driving
licences; `seed_scale --national` loads the 10 M of PERF_CITIZENS=10000000 in minutes).
gunicorn serves it with the production settings and configuration (as `make bench`:
`portal/gunicorn_conf.py`, `PORTAL_ENV=production`) and the reference pages of
tests/perf/reference_urls.py in the same process. wrk (Debian; `make bench` installs it)
drives, with 16 connections (PERF_CONNECTIONS) for PERF_SECONDS (default 10) each, three
rounds (PERF_ROUNDS), interleaved:

- the bare page: `/ref/bare/`, a Django view that reads and renders nothing, behind the
  same middleware;
- the reference check: `/ref/validity/`, the same five fields in a plain Django form and
  one document lookup, a template string for the answer (what `make bench` compares with);
- the portal's check: POST `/documents/validity/`, 2,000 different holders in turn, half
  with the holder's right data (which writes the holder's check log), half not.

The rate limiter is on, counting in Redis with the default limit; as behind a proxy
(TRUSTED_PROXY_COUNT=1) each request comes from one of 50,000 client addresses, so no
address passes 30 a minute. A round taken under heavy foreign load is refused and taken
again (bench.py's rule). Prints the figures and the ratios (issue 13's goal: at least
0.6 × a bare Django page, p95 under 50 ms at 16 connections), and the reference check's
own ratio to the bare page: the most any check that reads the register and answers with
a page can reach against "ok" (docs/performance.md, "National size").
"""

from __future__ import annotations

import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

CITIZENS = int(os.environ.get("PERF_CITIZENS", "200000"))
ROUNDS = int(os.environ.get("PERF_ROUNDS", "3"))
HOLDERS = 2000


def _seed(env: dict) -> None:
    """Migrate and collect with the production settings; seed with the development
    ones (seed_scale is the sandbox's, which production does not install)."""
    started = time.perf_counter()
    run = dict(cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
    sizes = (
        ["--national"]
        if CITIZENS == 10_000_000
        else [f"--citizens={CITIZENS}", f"--passports={CITIZENS // 2}",
              f"--licences={CITIZENS * 6 // 10}"]
    )  # fmt: skip
    development = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "DJANGO_"))},
        "DATABASE_URL": env["DATABASE_URL"],
        "REDIS_URL": env["REDIS_URL"],
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "seed_scale", *sizes],
        cwd=ROOT, env=development, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    print(f"seed_scale: {out} (with migrate: {time.perf_counter() - started:.0f} s)", flush=True)


def _identity(scale, i: int, right: bool) -> dict:
    born = scale.EPOCH + timedelta(days=i % scale.DAYS)
    sex = "F" if i % 2 else "M"
    given = (scale.GIVEN_F if sex == "F" else scale.GIVEN_M)[i % 10]
    return {
        "category": "id_card",
        "number": scale.card_number(i),
        "family_name": scale.FAMILY[i % len(scale.FAMILY)] if right else "Próba",
        "given_names": given,
        "birth_date": born.isoformat(),
    }


def _csrf(port: int) -> tuple[str, str]:
    """The csrftoken cookie and the form's token, as a browser gets them."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/documents/validity/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.2"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"])[1]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.read())[1]
    return cookie, token.decode()


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("validity_bench.py needs DATABASE_URL of a PostgreSQL database")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing (Debian: apt-get install wrk; `make bench` installs it)")
    # bench.py reads these when imported: the PostgreSQL backends of this database count
    # as the bench's own CPU, wrk's connections and duration are ours.
    os.environ["BENCH_DATABASE"] = database_url.rsplit("/", 1)[1]
    os.environ.setdefault("BENCH_CONNECTIONS", os.environ.get("PERF_CONNECTIONS", "16"))
    os.environ.setdefault("BENCH_SECONDS", os.environ.get("PERF_SECONDS", "10"))
    import bench

    env = bench.production_env("tests.perf.reference_settings")
    env["DATABASE_URL"] = database_url
    env["REDIS_URL"] = os.environ.get("REDIS_URL") or f"redis://127.0.0.1:6379/{bench.REDIS_DB}"
    bench.ensure_services()
    _seed(env)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    from sandbox import scale

    port = bench.PORT + 2
    processes = bench.Processes()
    try:
        bench.gunicorn(processes, "portal", port, env)
        bench.wait_until_up(port)
        roots = {p.pid for p in processes.started} | {os.getpid()}
        cookie, token = _csrf(port)
        rng = random.Random(13)
        bodies = [
            urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    **_identity(scale, rng.randrange(CITIZENS), n % 2 == 0),
                }
            )
            for n in range(HOLDERS)
        ]
        form = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        }
        pages = [
            ("bare page", {"path": "/ref/bare/", "rotate_address": True}),
            (
                "reference check",
                {"path": "/ref/validity/", "method": "POST", "headers": form,
                 "bodies": bodies, "rotate_address": True},
            ),
            (
                "validity check",
                {"path": "/documents/validity/", "method": "POST", "headers": form,
                 "bodies": bodies, "rotate_address": True},
            ),
        ]  # fmt: skip
        print(
            f"register: {CITIZENS:,} citizens in {bench.DATABASE}; machine: {os.cpu_count()} CPUs, "
            f"load {Path('/proc/loadavg').read_text().strip()}; wrk -t2 -c{bench.CONNECTIONS} "
            f"-d{bench.SECONDS}s; {ROUNDS} rounds; logs in {processes.logs}",
            flush=True,
        )
        results: dict[str, list[dict]] = {name: [] for name, _ in pages}
        for round_number in range(1, ROUNDS + 1):
            print(f"\nround {round_number}", flush=True)
            for name, page in pages:
                figures = bench.measure_accepted(page, port, roots, name[:10])
                if figures is not None:
                    results[name].append(figures)
        _report(results, bench.CONNECTIONS)
    finally:
        processes.stop()


def _report(results: dict[str, list[dict]], connections: int) -> None:
    print(f"\n{'page':<18} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}  non-2xx")
    medians = {}
    for name, rows in results.items():
        if not rows:
            print(f"{name:<18} REFUSED (every round was taken under heavy foreign load)")
            continue
        m = {k: statistics.median(r[k] for r in rows) for k in ("rate", "p50", "p95", "p99")}
        medians[name] = m
        bad = sum(r["bad"] for r in rows)
        print(f"{name:<18} {m['rate']:8.1f} {m['p50']:7.1f} {m['p95']:7.1f} {m['p99']:7.1f}  {bad}")
    check = medians.get("validity check")
    if check:
        for name, yardstick in (
            ("validity check", "bare page"),
            ("validity check", "reference check"),
            ("reference check", "bare page"),
        ):
            if name in medians and yardstick in medians:
                ratio = medians[name]["rate"] / medians[yardstick]["rate"]
                print(f"{name} / {yardstick}: {ratio:.2f}")
        print(
            f"validity check p95 at {connections} connections: {check['p95']:.1f} ms "
            "(issue 13: >= 0.6 x a bare Django page, p95 < 50 ms)"
        )
    print("(medians of the accepted rounds; latencies in ms)")


if __name__ == "__main__":
    main()
