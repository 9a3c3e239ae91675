"""The multi-node shape on one machine: HAProxy in front of two gunicorns, two Celery
workers and one beat, on the local PostgreSQL and Redis (`make cluster`).

Every process runs with the production settings (PORTAL_ENV=production); the web
instances share nothing but what production shares: the database, Redis (cache,
sessions' cache, rate limits, broker) and the media folder. The secrets production
demands are throw-away values made here; nothing in this shape is for real citizens.

    CLUSTER_PORT      HAProxy's HTTPS port; the gunicorns listen on the next two (8670)
    CLUSTER_DATA_DIR  the shared data folder: media, static files, TLS certificate (var/cluster)
    DATABASE_URL      default postgres://postgres@127.0.0.1:5432/ugysegeg_cluster (created)
    REDIS_URL         default redis://127.0.0.1:6379/0

Needs haproxy and clamav-daemon (Debian; `make cluster` installs them as root).
Ctrl-C or SIGTERM (to it or to `make`) stops everything within 10 seconds.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HEALTH_PATH = "/health/live"


class Stop(Exception):
    """SIGTERM or SIGINT arrived."""


def _stop(signum, frame) -> None:
    raise Stop


def cluster_env(port: int, data: Path) -> dict[str, str]:
    """The environment of every process of the shape."""
    env = dict(os.environ)
    env.update(
        PORTAL_ENV="production",
        PORTAL_BASE_URL=f"https://127.0.0.1:{port}",
        PORTAL_DATA_DIR=str(data),
        DJANGO_MEDIA_ROOT=str(data / "media"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # HAProxy is the one proxy of ours in front of the gunicorns.
        TRUSTED_PROXY_COUNT="1",
        # The shape's own clamd (below), on the project's test signatures.
        CLAMD_ADDRESS=f"unix:{data / 'clamav' / 'clamd.sock'}",
        SAML_IDP_METADATA_FILE=str(ROOT / "docs" / "examples" / "idp-metadata.xml"),
        SIMPLEPAY_MERCHANT=env.get("SIMPLEPAY_MERCHANT", "CLUSTERDEMO"),
        PAYMENTS_BENEFICIARY_ACCOUNT=env.get(
            "PAYMENTS_BENEFICIARY_ACCOUNT", "10032000-01290001-00000007"
        ),
    )
    # The static files `make static` collected (hashed, compressed), as the image has them.
    env.setdefault("DJANGO_STATIC_ROOT", str(ROOT / "staticfiles"))
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ugysegeg_cluster")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    secret_file = data / "secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
        secret_file.chmod(0o600)
    env.setdefault("DJANGO_SECRET_KEY_FILE", str(secret_file))
    env.setdefault("SIMPLEPAY_SECRET_KEY", "cluster-demo-key-not-a-merchant-key")
    return env


def create_database(url: str) -> None:
    """CREATE DATABASE on the PostgreSQL server unless it exists (the role needs CREATEDB)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def certificate(data: Path) -> Path:
    """A self-signed certificate for 127.0.0.1, made once (key and certificate in one file)."""
    pem = data / "tls" / "haproxy.pem"
    if not pem.exists():
        pem.parent.mkdir(parents=True, exist_ok=True)
        key, crt = pem.with_suffix(".key"), pem.with_suffix(".crt")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(key), "-out", str(crt)],
            check=True, capture_output=True,
        )  # fmt: skip
        pem.write_bytes(crt.read_bytes() + key.read_bytes())
        pem.chmod(0o600)
    return pem


def commands(port: int, data: Path) -> dict[str, list[str]]:
    gunicorn = [str(BIN / "gunicorn"), "portal.wsgi:application",
                "--config", "python:portal.gunicorn_conf", "--workers", "2"]  # fmt: skip
    celery = [str(BIN / "celery"), "-A", "portal"]
    return {
        "web1": [*gunicorn, "--bind", f"127.0.0.1:{port + 1}"],
        "web2": [*gunicorn, "--bind", f"127.0.0.1:{port + 2}"],
        "worker1": [
            *celery,
            "worker",
            "-n",
            "worker1@%h",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
        ],  # fmt: skip
        "worker2": [
            *celery,
            "worker",
            "-n",
            "worker2@%h",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
        ],  # fmt: skip
        "beat": [
            *celery,
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(data / "celerybeat-schedule"),
        ],  # fmt: skip
        # ClamAV's clamd on the project's test signatures (sandbox/clamav): production
        # refuses uploads without a scanner, and these machines cannot fetch ClamAV's own.
        "scanner": [sys.executable, "-m", "sandbox.clamav", "--run-dir", str(data / "clamav")],
        "haproxy": ["haproxy", "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
    }


def haproxy_env(env: dict[str, str], port: int, pem: Path) -> dict[str, str]:
    return {
        **env,
        "HAPROXY_BIND": f"127.0.0.1:{port}",
        "HAPROXY_CERT": str(pem),
        "WEB1_ADDRESS": f"127.0.0.1:{port + 1}",
        "WEB2_ADDRESS": f"127.0.0.1:{port + 2}",
        "PORTAL_HOST": "127.0.0.1",
        "PORTAL_HEALTH_PATH": HEALTH_PATH,
    }


def stop_all(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM to each process group, SIGKILL to what is left after 7 seconds."""
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 7
    for process in processes.values():
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def answering_node(url: str, pem: Path) -> str | None:
    """The instance that answered a healthy HEALTH_PATH through HAProxy, or None."""
    import ssl

    context = ssl.create_default_context(cafile=str(pem))
    try:
        with urllib.request.urlopen(url, timeout=3, context=context) as response:
            return response.headers.get("X-Portal-Node") if response.status == 200 else None
    except (urllib.error.URLError, OSError):
        return None


def main() -> int:
    port = int(os.environ.get("CLUSTER_PORT", "8670"))
    data = Path(os.environ.get("CLUSTER_DATA_DIR", str(ROOT / "var" / "cluster"))).resolve()
    (data / "media").mkdir(parents=True, exist_ok=True)
    env = cluster_env(port, data)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not env.get("DATABASE_URL_FILE"):
        create_database(env["DATABASE_URL"])
    subprocess.run([*manage, "migrate", "--noinput"], env=env, cwd=ROOT, check=True)
    if not (Path(env["DJANGO_STATIC_ROOT"]) / "staticfiles.json").exists():
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "--verbosity", "0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
    pem = certificate(data)

    parent = os.getppid()
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands(port, data).items():
            process_env = haproxy_env(env, port, pem) if name == "haproxy" else env
            processes[name] = subprocess.Popen(
                command, env=process_env, cwd=ROOT, start_new_session=True
            )
        # Beat sends the first heartbeat only after its interval; one now, through a
        # worker, so that /health/ (and with it HAProxy) sees the workers at once.
        subprocess.run(
            [*manage, "shell", "-c",
             "from portal.tasks import record_heartbeat; record_heartbeat.delay()"],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
        url = f"https://127.0.0.1:{port}{HEALTH_PATH}"
        socket = data / "clamav" / "clamd.sock"
        # Ready when both instances have answered through HAProxy and clamd listens.
        seen: set[str | None] = set()
        while not ({"web1", "web2"} <= seen and socket.exists()):
            seen.add(answering_node(url, pem))
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"{name} exited with {process.returncode}", file=sys.stderr)
                    return 1
            time.sleep(0.5)
        print(
            f"Ügysegéd cluster on https://127.0.0.1:{port}/ (HAProxy; web1 :{port + 1}, "
            f"web2 :{port + 2}; 2 workers, 1 beat, clamd); certificate {pem}. Ctrl-C stops it.",
            flush=True,
        )
        while all(process.poll() is None for process in processes.values()):
            if os.getppid() != parent:  # `make` is gone (killed): stop with it
                return 0
            time.sleep(0.5)
        gone = [name for name, process in processes.items() if process.poll() is not None]
        print(f"stopped: {', '.join(gone)} exited", file=sys.stderr)
        return 1
    except Stop:
        return 0
    finally:
        stop_all(processes)


if __name__ == "__main__":
    sys.exit(main())
