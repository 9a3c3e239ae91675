"""scripts/run_embedded.py (`make run`): where it listens, and that SIGTERM stops it all."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_embedded.py"


@pytest.fixture
def run_embedded(monkeypatch):
    monkeypatch.delenv("PORTAL_ADDRESS", raising=False)
    spec = importlib.util.spec_from_file_location("run_embedded", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("base_url", "address"),
    [
        ("http://127.0.0.1:8123", "127.0.0.1:8123"),
        ("http://portal.test:9000/", "portal.test:9000"),
        ("http://[::1]:8123", "[::1]:8123"),
        ("http://localhost", "localhost:80"),
        ("https://ugysegeg.example.hu", "ugysegeg.example.hu:443"),
    ],
)
def test_listens_on_the_host_and_port_of_the_base_url(run_embedded, base_url, address):
    assert run_embedded.bind_address(base_url) == address


def test_portal_address_overrides_the_listening_address(run_embedded, monkeypatch):
    monkeypatch.setenv("PORTAL_ADDRESS", "0.0.0.0:8123")
    assert run_embedded.bind_address("https://ugysegeg.example.hu") == "0.0.0.0:8123"


# --- A real run -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _marked(marker: str) -> dict[int, str]:
    """Every live process whose environment carries `marker`, with its command line.

    The environment is inherited, so this finds children and grandchildren even
    after they were re-parented to init.
    """
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile, or not ours
            continue
        if marker.encode() in environ.split(b"\0"):
            found[int(entry.name)] = cmdline.replace(b"\0", b" ").decode(errors="replace")
    return found


def _wait_for(condition, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout} s; log:\n{log.read_text(errors='replace')}")
        time.sleep(0.25)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.slow
def test_sigterm_stops_web_worker_and_beat_within_ten_seconds(tmp_path):
    """Starts the real web server, worker and beat (about 20 s)."""
    port = _free_port()
    data = tmp_path / "data"
    log = tmp_path / "run.log"
    marker = f"UGYSEGEG_RUN_TEST={uuid.uuid4().hex}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "PORTAL_ENV", "PORTAL_ADDRESS"}
    }
    env.update(
        dict([marker.split("=")]),
        PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
        PORTAL_DATA_DIR=str(data),
        # Without /usr/sbin there is no pcscd (nor clamd): the demo card would claim
        # the machine's one vpcd port, which the card tests use.
        PATH=f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        PYTHONUNBUFFERED="1",
    )
    with log.open("wb") as output:
        runner = subprocess.Popen(
            [sys.executable, str(SCRIPT)], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        # The web server answers on the port of PORTAL_BASE_URL; the worker has
        # bound its queues in the broker's control folder under the data folder
        # (not ./control); beat has written its schedule.
        static = f"http://127.0.0.1:{port}/favicon.ico"
        _wait_for(lambda: _answers(static), 60, "the web server did not answer", log)
        control = data / "broker-control"
        _wait_for(lambda: (control / "celery.pidbox.exchange").exists(), 60, "no worker", log)
        # (shelve names the file after the dbm module it finds.)
        _wait_for(lambda: any(data.glob("celerybeat-schedule*")), 60, "no beat", log)
        running = _marked(marker)
        commands = " | ".join(running.values())
        assert "runserver" in commands
        assert " worker " in commands
        assert " beat " in commands
        # The runner, web, beat, the worker and its two pool processes.
        assert len(running) >= 6, commands

        runner.send_signal(signal.SIGTERM)
        stopped_at = time.monotonic() + 10
        assert runner.wait(timeout=10) == 0
        while _marked(marker) and time.monotonic() < stopped_at:
            time.sleep(0.1)
        assert _marked(marker) == {}
    finally:
        for pid in _marked(marker):
            os.kill(pid, signal.SIGKILL)
        runner.wait()
