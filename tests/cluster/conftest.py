"""The multi-node shape of `make cluster`, started once for the module that asks for it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import run_cluster  # noqa: E402

FRESH_SEQUENCES = """
import factory
from django.contrib.auth import get_user_model
from documents.models import Document
from population.models import Person
from tests import factories
start = get_user_model().objects.count() + Person.objects.count() + Document.objects.count() + 1
for maker in vars(factories).values():
    if isinstance(maker, type) and issubclass(maker, factory.django.DjangoModelFactory):
        maker.reset_sequence(start, force=True)
"""


@dataclass(frozen=True)
class Cluster:
    url: str
    env: dict[str, str]
    certificate: Path

    def manage_shell(self, code: str) -> str:
        """Run `code` in `manage.py shell` against the shape's database and Redis, with
        `factories` (tests.factories) numbering their rows past every row there."""
        code = FRESH_SEQUENCES + code
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Cluster:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        pytest.skip("needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    port = int(os.environ.get("CLUSTER_PORT", "8680"))
    # A database of its own beside the suite's, kept between runs (migrating a fresh one
    # takes a minute); the rows the tests make are numbered past those already there.
    parts = urlsplit(os.environ["DATABASE_URL"])
    database_url = parts._replace(path=parts.path + "_cluster").geturl()
    data = tmp_path_factory.mktemp("cluster")
    env = {
        **os.environ,
        "CLUSTER_PORT": str(port),
        "CLUSTER_DATA_DIR": str(data),
        "DATABASE_URL": database_url,
        # Few enough that the test reaches it; counted across both instances or not at all.
        "PORTAL_ANONYMOUS_RATE_LIMIT": "6/m",
    }
    log = (data / "cluster.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "run_cluster.py")],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    try:
        while "cluster on" not in (data / "cluster.log").read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "the cluster did not start:\n" + (data / "cluster.log").read_text()[-5000:]
                )
            time.sleep(0.5)
        yield Cluster(
            url=f"https://127.0.0.1:{port}",
            env=run_cluster.cluster_env(port, data)
            | {"PORTAL_ANONYMOUS_RATE_LIMIT": "6/m", "DATABASE_URL": database_url},
            certificate=data / "tls" / "haproxy.crt",
        )
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
