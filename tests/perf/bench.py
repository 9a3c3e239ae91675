"""`make bench`: the portal in its production shape against a bare reference app,
over real HTTP. Prints figures, asserts nothing.

    make bench                                  # or: .venv/bin/python tests/perf/bench.py

What it starts on this machine (and stops again): the local PostgreSQL with a database
of its own (BENCH_DATABASE, default bench_portal, dropped and made anew), the local Redis
(DB BENCH_REDIS_DB, default 9), gunicorn with the production configuration
(portal/gunicorn_conf.py) and settings (PORTAL_ENV=production) on BENCH_PORT (8610), a
Celery worker, and the reference app (tests/perf/reference_urls.py: the same settings and
middleware, the same database, session and cache backends) under the same gunicorn
configuration on BENCH_PORT + 1. wrk drives both, page by page, portal and reference in
turn, BENCH_ROUNDS rounds (3) of BENCH_SECONDS seconds (5) each, with BENCH_CONNECTIONS
connections (8).

The load generator stands where the TLS-terminating load balancer stands in production:
it sends `X-Forwarded-Proto: https` (the production settings trust that header and
redirect anything else to HTTPS) and `X-Forwarded-For` (TRUSTED_PROXY_COUNT=1, as behind
one proxy), so the secure cookies, HSTS and the CSRF origin check all work as they do
behind the real proxy. Citizens are logged in by sessions made on the server, and the
API is called with access tokens of the `okmanyapp` client made on the server: no SAML
or OAuth dance. Rate limits stay on: the logged-in pages rotate over BENCH_CITIZENS (100)
citizens, each with 50 filed cases and a token, and the validity check over 50,000
client addresses.

During each measurement it reads /proc/stat and the CPU time of its own processes (the
two gunicorns, the worker, wrk, PostgreSQL's backends of its database and PostgreSQL's
shared writers, checkpointer and autovacuum, which do its writes' deferred work, and
what those processes' children that ended spent): CPU spent
by anything else (other people's tests on a shared machine) above BENCH_MAX_FOREIGN
(0.20 of all cores) or steal above 0.05 makes the round REFUSED; it is taken again up
to twice, and a page whose every round was refused is reported as REFUSED.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"

DATABASE = os.environ.get("BENCH_DATABASE", "bench_portal")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "9"))
PORT = int(os.environ.get("BENCH_PORT", "8610"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
CITIZENS = int(os.environ.get("BENCH_CITIZENS", "100"))
MAX_FOREIGN = float(os.environ.get("BENCH_MAX_FOREIGN", "0.20"))
MAX_STEAL = 0.05
RETRIES = 2
DATA = Path(os.environ.get("DATA_DIR", "/tmp/bench-data"))


def production_env(settings_module: str = "portal.settings") -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        PORTAL_ENV="production",
        DJANGO_SECRET_KEY="bench-only-" + "k" * 50,
        DATABASE_URL=f"{PG}/{DATABASE}",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        TRUSTED_PROXY_COUNT="1",
        SAML_IDP_METADATA_FILE=str(ROOT / "docs" / "examples" / "idp-metadata.xml"),
        SIMPLEPAY_MERCHANT="BENCH",
        SIMPLEPAY_SECRET_KEY="bench-only-simplepay-key",
        PAYMENTS_BENEFICIARY_ACCOUNT="10032000-01290001-00000007",
        PORTAL_DATA_DIR=str(DATA),
        DJANGO_STATIC_ROOT=str(DATA / "static"),
        DJANGO_MEDIA_ROOT=str(DATA / "media"),
        PYTHONPATH=str(ROOT),
    )
    return env


# --- the services -----------------------------------------------------------------


def ensure_services() -> None:
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
        )
        for _ in range(30):
            if not subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode:
                break
            time.sleep(1)
    ping = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True)
    if ping.returncode:
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379"],
            check=True,
        )
        time.sleep(1)


def fresh_database() -> None:
    for sql in (
        f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)',
        f'CREATE DATABASE "{DATABASE}"',
    ):
        subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, capture_output=True)


def prepare(env: dict) -> dict:
    """Migrate, collect static files and seed; returns what the load generator needs."""
    DATA.mkdir(parents=True, exist_ok=True)
    run = dict(cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], **run)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
    seeded = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("bench_seed.py")), str(CITIZENS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if seeded.returncode:
        raise SystemExit(f"seeding failed:\n{seeded.stderr[-4000:]}")
    out = seeded.stdout
    return json.loads(out.strip().splitlines()[-1])


class Processes:
    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []
        self.logs = Path(tempfile.mkdtemp(prefix="bench-logs-"))

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def gunicorn(processes: Processes, name: str, port: int, env: dict) -> None:
    processes.start(
        name,
        [
            str(BIN / "gunicorn"),
            "-c",
            "python:portal.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "portal.wsgi",
        ],
        env,
    )


def wait_until_up(port: int) -> None:
    for _ in range(120):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"}
            )
            urllib.request.urlopen(request, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"nothing answers on port {port}")


# --- the machine's load -------------------------------------------------------------


def _cpu() -> tuple[int, int, int]:
    """(all jiffies, busy jiffies, steal jiffies) of the whole machine."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    steal = fields[7] if len(fields) > 7 else 0
    total = sum(fields[:8])
    return total, total - idle - steal, steal


# PostgreSQL's shared helpers write what the bench's backends leave them (WAL, dirty
# pages, checkpoints): on a quiet machine their work is the bench's own.
POSTGRES_HELPERS = (b"checkpointer", b"background writer", b"walwriter", b"autovacuum")


def _ours(roots: set[int]) -> int:
    """CPU jiffies of our process trees, of PostgreSQL's backends of our database and of
    its shared helpers, with what their children that ended have spent.

    A process that ends within a measurement is gone from /proc when it ends; its time
    moves to its parent's children's time when the parent reaps it. Without that, wrk
    itself (the bench's child, gone when its figures are read) and every autovacuum
    worker that ran within a round counted as foreign load (up to 45 % of the machine on
    the national register). PostgreSQL's postmaster reaps its backends: its children's
    time counts as ours, which also takes in short connections to other databases."""
    parents, spent, reaped = {}, {}, {}
    mine, postgres = set(), set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        rest = stat.rsplit(")", 1)[1].split()
        pid = int(entry.name)
        parents[pid] = int(rest[1])
        # utime, stime; cutime, cstime (children reaped so far): proc(5).
        spent[pid] = int(rest[11]) + int(rest[12])
        reaped[pid] = int(rest[13]) + int(rest[14])
        if DATABASE.encode() in cmdline:
            mine.add(pid)
        if cmdline.startswith(b"postgres:"):
            postgres.add(parents[pid])
            if any(helper in cmdline for helper in POSTGRES_HELPERS):
                mine.add(pid)
    for pid in parents:
        walk = pid
        while walk > 1:
            if walk in roots:
                mine.add(pid)
                break
            walk = parents.get(walk, 0)
    return sum(spent[pid] + reaped[pid] for pid in mine) + sum(
        reaped.get(pid, 0) for pid in postgres - mine
    )


@dataclass
class Load:
    loadavg: str
    foreign: float  # share of all cores used by processes not ours
    steal: float

    @property
    def refused(self) -> bool:
        return self.foreign > MAX_FOREIGN or self.steal > MAX_STEAL


# --- wrk ----------------------------------------------------------------------------


LUA_DONE = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def lua_script(page: dict, port: int) -> str:
    """A wrk script that rotates the citizens (cookies, tokens) or client addresses."""
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Origin": f"https://127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        **page.get("headers", {}),
    }
    rotate = page.get("rotate", [""])
    lines = [
        "local n = 0",
        "local rotate = {" + ", ".join(json.dumps(value) for value in rotate) + "}",
        "request = function()",
        "  n = n + 1",
        "  local headers = {}",
    ]
    lines += [f"  headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    if page.get("rotated_header"):
        lines.append(f"  headers[{json.dumps(page['rotated_header'])}] = rotate[(n % #rotate) + 1]")
    if page.get("rotate_address"):
        # 50,000 client addresses: none passes the anonymous limit of 30 a minute.
        lines.append(
            "  headers['X-Forwarded-For'] = "
            "'10.' .. (n % 200) .. '.' .. (math.floor(n / 200) % 250) .. '.7'"
        )
    else:
        lines.append("  headers['X-Forwarded-For'] = '198.51.100.7'")
    if page.get("bodies"):
        # Rotating request bodies (validity_bench.py: a different holder each request).
        lines.insert(2, "local bodies = {" + ", ".join(json.dumps(b) for b in page["bodies"]) + "}")
        body = "bodies[(n % #bodies) + 1]"
    else:
        body = json.dumps(page["body"]) if page.get("body") else "nil"
    method, path = json.dumps(page.get("method", "GET")), json.dumps(page["path"])
    lines += [f"  return wrk.format({method}, {path}, headers, {body})", "end"]
    return "\n".join(lines) + LUA_DONE


def measure(page: dict, port: int, roots: set[int]) -> tuple[dict, Load]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua_script(page, port))
    total0, busy0, steal0 = _cpu()
    ours0 = _ours(roots)
    load0 = Path("/proc/loadavg").read_text().split()[0]
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "10s",
            "-s",
            handle.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    total1, busy1, steal1 = _cpu()
    ours1 = _ours(roots)
    load1 = Path("/proc/loadavg").read_text().split()[0]
    os.unlink(handle.name)
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, duration, p50, p95, p99, bad_status, socket_errors = (
        int(x) for x in line.split()[1:]
    )
    elapsed = max(total1 - total0, 1)
    foreign = max((busy1 - busy0) - (ours1 - ours0), 0) / elapsed
    return (
        {
            "rate": requests / (duration / 1e6),
            "p50": p50 / 1000,
            "p95": p95 / 1000,
            "p99": p99 / 1000,
            "bad": bad_status + socket_errors,
            "requests": requests,
        },
        Load(f"{load0}->{load1}", foreign, (steal1 - steal0) / elapsed),
    )


def measure_accepted(page: dict, port: int, roots: set[int], label: str) -> dict | None:
    for attempt in range(RETRIES + 1):
        figures, load = measure(page, port, roots)
        state = "REFUSED" if load.refused else "ok"
        print(
            f"    {label:<10} {figures['rate']:8.1f} req/s  p50 {figures['p50']:6.1f}  "
            f"p95 {figures['p95']:6.1f}  p99 {figures['p99']:6.1f} ms  "
            f"non-2xx/3xx {figures['bad']:<5} load {load.loadavg}  "
            f"foreign {load.foreign:4.0%}  steal {load.steal:4.0%}  {state}",
            flush=True,
        )
        if not load.refused:
            return figures
        if attempt < RETRIES:
            time.sleep(3)
    return None


def pages(seed: dict) -> list[tuple[str, dict, dict]]:
    """(name, the portal's page, the reference page of the same kind)."""
    cookie = seed["session_cookie"]
    sessions = [f"{cookie}={key}; csrftoken={seed['csrf']}" for key in seed["sessions"]]
    check_form = (
        "law_name=&clean_record=on&no_public_affairs_ban=&occupation_statement=&occupation="
    )
    form = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": seed["csrf"]}
    anonymous_cookie = {"Cookie": f"csrftoken={seed['csrf']}"}
    validity = seed["validity_form"] + f"&csrfmiddlewaretoken={seed['csrf']}"
    logged_in = {"rotate": sessions, "rotated_header": "Cookie"}
    tokens = {"rotate": [f"Bearer {t}" for t in seed["tokens"]], "rotated_header": "Authorization"}
    return [
        ("home", {"path": "/"}, {"path": "/ref/home/"}),
        (
            "service information",
            {"path": "/services/vehicles.data_lookup/"},
            {"path": "/ref/service/"},
        ),
        (
            "My requests (50 cases)",
            {"path": "/my-requests/", **logged_in},
            {"path": "/ref/my-requests/", **logged_in},
        ),
        (
            "case page",
            {
                "path": f"/my-requests/{seed['case']}/",
                "rotate": [sessions[0]],
                "rotated_header": "Cookie",
            },
            {
                "path": f"/ref/case/{seed['case']}/",
                "rotate": [sessions[0]],
                "rotated_header": "Cookie",
            },
        ),
        (
            "filing step live check (htmx)",
            {
                "path": seed["check_path"],
                "method": "POST",
                "body": check_form,
                "headers": {**form, "HX-Request": "true"},
                **logged_in,
            },
            {
                "path": "/ref/check/",
                "method": "POST",
                "body": check_form,
                "headers": form,
                **logged_in,
            },
        ),
        (
            "anonymous validity check",
            {
                "path": "/documents/validity/",
                "method": "POST",
                "body": validity,
                "headers": {**form, **anonymous_cookie},
                "rotate_address": True,
            },
            {
                "path": "/ref/validity/",
                "method": "POST",
                "body": validity,
                "headers": {**form, **anonymous_cookie},
                "rotate_address": True,
            },
        ),
        (
            "API case list",
            {"path": "/api/v1/cases/", **tokens},
            {"path": "/ref/api/cases/", **tokens},
        ),
    ]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian: apt-get install wrk; `make bench` installs it)")
    ensure_services()
    fresh_database()
    env = production_env()
    print(
        f"preparing {DATABASE} (migrate, collectstatic, {CITIZENS} citizens x 50 cases) ...",
        flush=True,
    )
    seed = prepare(env)
    processes = Processes()
    try:
        gunicorn(processes, "portal", PORT, env)
        gunicorn(processes, "reference", PORT + 1, production_env("tests.perf.reference_settings"))
        processes.start(
            "worker",
            [str(BIN / "celery"), "-A", "portal", "worker", "-l", "warning", "--concurrency", "1"],
            env,
        )
        wait_until_up(PORT)
        wait_until_up(PORT + 1)
        roots = {p.pid for p in processes.started} | {os.getpid()}
        print(
            f"machine: {os.cpu_count()} CPUs, load {Path('/proc/loadavg').read_text().strip()}; "
            "gunicorn workers as in portal/gunicorn_conf.py; "
            f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s; "
            f"{ROUNDS} rounds; logs in {processes.logs}",
            flush=True,
        )
        results: dict[str, dict[str, list[dict]]] = {}
        for round_number in range(1, ROUNDS + 1):
            print(f"\nround {round_number}", flush=True)
            for name, portal_page, reference_page in pages(seed):
                print(f"  {name}", flush=True)
                slot = results.setdefault(name, {"portal": [], "reference": []})
                for side, page, port in (
                    ("portal", portal_page, PORT),
                    ("reference", reference_page, PORT + 1),
                ):
                    figures = measure_accepted(page, port, roots, side)
                    if figures is not None:
                        slot[side].append(figures)
        report(results, seed["queries"])
    finally:
        processes.stop()


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def report(results: dict, queries: dict) -> None:
    print(
        f"\n{'page':<32} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} | "
        f"{'ref req/s':>9} {'p50':>7} {'p95':>7} {'p99':>7} | {'ratio':>5}  SQL queries"
    )
    for name, sides in results.items():
        count = queries.get(name, "?")
        if not sides["portal"] or not sides["reference"]:
            print(f"{name:<32} REFUSED (every round was taken under heavy foreign load)  {count}")
            continue
        p, r = sides["portal"], sides["reference"]
        ratio = _median(p, "rate") / _median(r, "rate")
        mine = [_median(p, key) for key in ("rate", "p50", "p95", "p99")]
        theirs = [_median(r, key) for key in ("rate", "p50", "p95", "p99")]
        print(
            f"{name:<32} {mine[0]:8.1f} {mine[1]:7.1f} {mine[2]:7.1f} {mine[3]:7.1f} | "
            f"{theirs[0]:9.1f} {theirs[1]:7.1f} {theirs[2]:7.1f} {theirs[3]:7.1f} | "
            f"{ratio:5.2f}  {count}"
        )
    print(
        "\n(medians of the accepted rounds; latencies in ms; ratio = the portal's req/s over the "
        "reference's; SQL queries of one request to the portal's page, at 1 and at 50 cases)"
    )


if __name__ == "__main__":
    main()
