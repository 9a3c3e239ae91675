"""Benchmark: the anonymous validity check against a bare Django page. Prints, asserts nothing.

    DATABASE_URL=postgres://…/empty_or_seeded REDIS_URL=redis://…/N \\
        .venv/bin/python tests/perf/validity_bench.py

On PostgreSQL with the register filled by `seed_scale` (PERF_CITIZENS, default 200 000
citizens with ID cards and half as many passports, 60 % driving licences; set
PERF_CITIZENS=10000000 for the national size of 10 M ID cards, 5 M passports and 6 M
licences, which `seed_scale --national` loads), gunicorn serves the portal and 16
connections post validity checks for PERF_SECONDS (default 20), then ask a bare page for
as long. The rate limiter is on, counting in Redis with the default limit: as behind a
proxy (TRUSTED_PROXY_COUNT=1), each request comes from one of 100 000 client addresses,
so no address passes 30 a minute. Half of the checks carry a holder's right data.

Prints throughput and latency percentiles of both, and the ratio (the goal: at least
0.6 × the bare page, p95 under 50 ms). The empty form, the same page without the lookup,
is measured too: the difference between it and the check is the register's part.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
CONNECTIONS = 16
SECONDS = float(os.environ.get("PERF_SECONDS", "20"))
CITIZENS = int(os.environ.get("PERF_CITIZENS", "200000"))
WORKERS = os.environ.get("PERF_WORKERS", "4")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(env: dict) -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "seed_scale", f"--citizens={CITIZENS}",
         f"--passports={CITIZENS // 2}", f"--licences={CITIZENS * 6 // 10}",
         "--batch=100000"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    print(f"seed_scale: {out} (with migrate: {time.perf_counter() - started:.0f} s)")


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


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, body: str | None = None, address: str = ""):
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": address or "198.51.100.1"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.cookie = value.split(";")[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return response.status, data

    def prepare(self) -> None:
        _, page = self.request("GET", "/documents/validity/", address="198.51.100.2")
        self.token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()


def _load(port: int, label: str, make_request) -> None:
    samples: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + SECONDS

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        client = Client(port)
        client.prepare()
        mine, codes = [], {}
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status = make_request(client, rng)
            mine.append((time.perf_counter() - started) * 1000)
            codes[status] = codes.get(status, 0) + 1
        with lock:
            samples.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CONNECTIONS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    p99 = samples[int(len(samples) * 0.99) - 1]
    rate = len(samples) / elapsed
    print(
        f"{label:<34} connections={CONNECTIONS} requests={len(samples):<7} "
        f"throughput={rate:8.1f}/s median={statistics.median(samples):7.2f} ms "
        f"p95={p95:7.2f} ms p99={p99:7.2f} ms statuses={dict(sorted(statuses.items()))}"
    )
    return rate, p95


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("validity_bench.py needs DATABASE_URL of a PostgreSQL database")
    if not os.environ.get("REDIS_URL"):
        sys.exit("validity_bench.py needs REDIS_URL (the rate limiter counts there)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.perf.bench_settings",
        "TRUSTED_PROXY_COUNT": "1",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
        # The pages link hashed static files, as in production: collected here first.
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="ugysegeg-bench-static-"),
    }
    _seed(env)
    os.environ.update(env)
    import django

    django.setup()
    from sandbox import scale

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "-c",
         "portal/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}", "--workers", WORKERS,
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                Client(port).request("GET", "/bench/bare/")
                break
            except OSError:
                time.sleep(0.2)

        def validity(client: Client, rng: random.Random) -> int:
            data = _identity(scale, rng.randrange(CITIZENS), right=rng.random() < 0.5)
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": client.token, **data})
            address = f"10.{rng.randrange(2)}.{rng.randrange(256)}.{rng.randrange(200)}"
            return client.request("POST", "/documents/validity/", body, address)[0]

        def bare(client: Client, rng: random.Random) -> int:
            address = f"10.{rng.randrange(2)}.{rng.randrange(256)}.{rng.randrange(200)}"
            return client.request("GET", "/bench/bare/", address=address)[0]

        def form(client: Client, rng: random.Random) -> int:
            address = f"10.{rng.randrange(2)}.{rng.randrange(256)}.{rng.randrange(200)}"
            return client.request("GET", "/documents/validity/", address=address)[0]

        print(f"citizens={CITIZENS} gunicorn workers={WORKERS} seconds={SECONDS:.0f} each")
        bare_rate, _ = _load(port, "GET bare Django page", bare)
        # The same page without the check: what rendering the portal's page costs alone.
        _load(port, "GET /documents/validity/ (form)", form)
        check_rate, check_p95 = _load(port, "POST /documents/validity/", validity)
        print(
            f"{'validity / bare throughput':<34} ratio={check_rate / bare_rate:.2f} "
            f"(goal >= 0.6); validity p95={check_p95:.1f} ms (goal < 50 ms)"
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
