"""Real processes for the fault tests, each one started, stopped and killed by the test.

PostgreSQL is a cluster of our own (port 5440, /tmp/chaos-pg), Redis a server of our own
(port 6390), the portal gunicorn on 8701 with a Celery worker and beat: the shared
services of the machine are never touched. Every test gets a database of its own,
copied from a migrated template.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_DATA = Path(os.environ.get("CHAOS_PG_DATA", "/tmp/chaos-pg"))
PG_PORT = int(os.environ.get("CHAOS_PG_PORT", "5440"))
REDIS_PORT = int(os.environ.get("CHAOS_REDIS_PORT", "6390"))
WEB_PORT = int(os.environ.get("CHAOS_WEB_PORT", "8701"))
DATA = Path(os.environ.get("CHAOS_DATA_DIR", "/tmp/chaos-data"))
TEMPLATE_DB = "chaos_template"


def say(message: str) -> None:
    """What the test injected and saw, on the terminal even under pytest's capture."""
    sys.__stdout__.write(f"[chaos {time.strftime('%H:%M:%S')}] {message}\n")
    sys.__stdout__.flush()


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # initdb and postgres refuse root
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def wait_for_port(port: int, seconds: float = 30, *, up: bool = True) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} not {'up' if up else 'down'} after {seconds} s")


class Postgres:
    def __init__(self) -> None:
        if not (PG_DATA / "PG_VERSION").exists():
            PG_DATA.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(PG_DATA, "postgres", "postgres")
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(PG_DATA), "-U", "postgres", "--auth=trust"]
            )

    def start(self) -> None:
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(PG_DATA),
                "-w",
                "-l",
                str(PG_DATA / "log"),
                "-o",
                f"-p {PG_PORT} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200"
                " -c fsync=off",
                "start",
            ]
        )

    def stop(self, mode: str = "fast") -> None:
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(PG_DATA), "-w", "-m", mode, "stop"])

    def running(self) -> bool:
        try:
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(PG_DATA), "status"])
        except subprocess.CalledProcessError:
            return False
        return True

    def sql(self, statement: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "-d",
                database,
                "-At",
                "-c",
                statement,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()

    def count(self, statement: str, database: str) -> int:
        """The number a `SELECT count(*)` answers."""
        return int(self.sql(statement, database) or 0)

    def filings(self, database: str) -> dict[str, int]:
        """What every fault test audits: chaos cases submitted, their submission events
        (each case once) and payments that succeeded."""
        return {
            "submitted": self.count(
                "SELECT count(*) FROM cases_case WHERE case_type LIKE 'chaos.%' "
                "AND status = 'submitted'",
                database,
            ),
            "submission_events": self.count(
                "SELECT count(*) FROM cases_caseevent e JOIN cases_case c ON c.id = e.case_id "
                "WHERE c.case_type LIKE 'chaos.%' AND e.kind = 'case.submitted'",
                database,
            ),
            "payments_succeeded": self.count(
                "SELECT count(*) FROM payments_payment WHERE state = 'succeeded'", database
            ),
        }

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{database}"


class Redis:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(REDIS_PORT),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(REDIS_PORT)

    def kill(self) -> None:
        """SIGKILL: what it holds (queued tasks, cache, sessions) is gone."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
        wait_for_port(REDIS_PORT, up=False)


def environment(database: str, run: str) -> dict[str, str]:
    data = DATA / run
    data.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{WEB_PORT}"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))},
        "DJANGO_SETTINGS_MODULE": "tests.chaos.settings",
        "DATABASE_URL": Postgres().url(database),
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "PORTAL_DATA_DIR": str(data),
        "PORTAL_BASE_URL": base,
        "PORTAL_SANDBOX": "true",
        # Work lost with the broker is handed out again 15 s after it was due (60 s in
        # production), so that a run fits in CI's time.
        "PORTAL_REDELIVER_AFTER": "15",
        # The emulator's IPN retries (5 minutes … 3 days) a hundred times faster.
        "SANDBOX_SIMPLEPAY_TIME_FACTOR": "0.01",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def prepare_database(name: str) -> None:
    """A database of the test's own, copied from the template, migrated first (a run
    after new migrations landed brings the template up to date)."""
    pg = Postgres()
    if pg.sql(f"SELECT 1 FROM pg_database WHERE datname = '{TEMPLATE_DB}'") != "1":
        pg.sql(f"CREATE DATABASE {TEMPLATE_DB}")
    say("migrating the template database")
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment(TEMPLATE_DB, "template"),
        check=True,
    )
    pg.sql(f"DROP DATABASE IF EXISTS {name}")
    pg.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")


def seed(env: dict[str, str], run: str, requests: int, paid: int, certified: int = 0) -> list[dict]:
    counts = [str(requests), str(paid), str(certified)]
    result = subprocess.run(
        [str(BIN / "python"), "-m", "tests.chaos.seed", run, *counts],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"seeding failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


class Portal:
    """gunicorn, a Celery worker and beat, with their output in the run's folder."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.logs = Path(env["PORTAL_DATA_DIR"])
        self.processes: dict[str, subprocess.Popen] = {}
        self.restarts: dict[str, int] = {}
        self.stopping = threading.Event()

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def start_web(self) -> None:
        self._start(
            "web",
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "-b",
                f"127.0.0.1:{WEB_PORT}",
                "-w",
                "2",
                "-k",
                "gthread",
                "--threads",
                "8",
                "--timeout",
                "60",
            ],
        )
        wait_for_port(WEB_PORT, 60)

    # Four processes, as each worker of docker-compose.yml: the tasks wait on the
    # database and on HTTP (the emulator's IPN to the portal) as much as they compute.
    def start_worker(self, concurrency: int = 4) -> subprocess.Popen:
        return self._start(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "-P",
                "prefork",
                "-c",
                str(concurrency),
                "-l",
                "warning",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def start_beat(self) -> None:
        self._start(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "portal",
                "beat",
                "-l",
                "warning",
                "-s",
                str(self.logs / "celerybeat-schedule"),
            ],
        )

    def supervise(self, name: str, start) -> threading.Thread:
        """Start `name` again whenever it exits, as its service manager does
        (`restart: unless-stopped` in docker-compose.yml); each restart is printed."""
        self.restarts[name] = 0

        def watch() -> None:
            while not self.stopping.is_set():
                process = self.processes.get(name)
                if process is not None and process.poll() is not None:
                    say(f"{name} exited with {process.returncode}; restarted")
                    self.restarts[name] += 1
                    start()
                self.stopping.wait(1)

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        return thread

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(30)

    def stop(self) -> None:
        self.stopping.set()
        for name in list(self.processes):
            process = self.processes[name]
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name in list(self.processes):
            try:
                self.processes[name].wait(15)
            except subprocess.TimeoutExpired:
                self.kill(name)
            self.processes.pop(name, None)

    def log_text(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""
