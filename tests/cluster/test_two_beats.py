"""Two real `celery beat` processes on one Redis: every job message comes from one of
them, and when that one dies the other takes over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]


def _origins(client, queue: str) -> list[str]:
    """The sender of each message waiting in `queue` (Celery's `origin` header), oldest
    first (kombu pushes on the left)."""
    waiting = reversed(client.lrange(queue, 0, -1))
    return [json.loads(raw)["headers"]["origin"] for raw in waiting]


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.5)


def test_of_two_beats_one_sends_and_the_other_takes_over(tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL")
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    queue, keys = f"beat-test-{uuid.uuid4().hex}", f"test:beat:{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "BEAT_TEST_QUEUE": queue,
        "BEAT_TEST_KEYS": keys,
        "PORTAL_BEAT_LOCK_SECONDS": "2",
        "PORTAL_DATA_DIR": str(tmp_path),
    }
    beats = {}
    try:
        for name in ("a", "b"):
            beats[name] = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tests.cluster.beat_app", "beat",
                 "--schedule", str(tmp_path / f"{name}-schedule"), "--loglevel", "INFO"],
                env=env, cwd=ROOT, start_new_session=True,
                stdout=(tmp_path / f"{name}.log").open("w"), stderr=subprocess.STDOUT,
            )  # fmt: skip
        # Both run for a while (each would send every second).
        _wait_for(lambda: len(_origins(client, queue)) >= 6, 90, "six messages")
        senders = set(_origins(client, queue))
        assert len(senders) == 1, senders
        holder_pid = int(senders.pop().split("@")[0].removeprefix("gen"))
        holder = next(name for name, process in beats.items() if process.pid == holder_pid)
        standby = "b" if holder == "a" else "a"

        # The holder dies without releasing the lock: the standby takes over once the
        # lock expires, and from then on only it sends.
        os.killpg(beats[holder].pid, signal.SIGKILL)
        beats[holder].wait()
        sent_before = len(_origins(client, queue))
        standby_origin = f"gen{beats[standby].pid}@"
        _wait_for(
            lambda: any(o.startswith(standby_origin) for o in _origins(client, queue)),
            60,
            "the standby to send",
        )
        after = _origins(client, queue)[sent_before:]
        assert after and all(o.startswith(standby_origin) for o in after)
    finally:
        for process in beats.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(15)
        client.delete(queue, keys + ":lock", keys + ":last-run")
