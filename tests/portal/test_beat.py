"""Two beats started by mistake: only the one holding the beat lock sends jobs."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.test import override_settings

from portal import beat
from portal.celery import app as celery_app

FAST_SCHEDULE = {
    "often": {"task": "portal.tasks.record_heartbeat", "schedule": timedelta(milliseconds=20)},
}


@pytest.fixture
def fast_schedule():
    saved = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = FAST_SCHEDULE
    yield
    celery_app.conf.beat_schedule = saved


def _scheduler(tmp_path, name: str, sent: list[tuple[str, str]]) -> beat.SingleBeatScheduler:
    scheduler = beat.SingleBeatScheduler(
        app=celery_app, schedule_filename=str(tmp_path / f"{name}-schedule")
    )
    # No broker in this test: record what would have been sent.
    scheduler.__dict__["producer"] = None
    scheduler.apply_entry = lambda entry, producer=None: sent.append((name, entry.name))
    return scheduler


def _run_side_by_side(first, second, *, rounds: int = 15) -> None:
    for _ in range(rounds):
        first.tick()
        second.tick()
        time.sleep(0.03)  # past the 20 ms interval: "often" is due again at every round


def test_the_file_lock_is_held_by_one_process_at_a_time(tmp_path):
    path = tmp_path / "beat.lock"
    first, second = beat.FileLock(path), beat.FileLock(path)
    assert first.hold() is True
    assert first.hold() is True
    assert second.hold() is False
    first.release()
    assert second.hold() is True
    second.release()


def test_of_two_embedded_beats_only_the_lock_holder_sends(tmp_path, fast_schedule):
    sent: list[tuple[str, str]] = []
    with override_settings(REDIS_URL=None, CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "s")):
        first = _scheduler(tmp_path, "first", sent)
        second = _scheduler(tmp_path, "second", sent)
        _run_side_by_side(first, second)
        assert {who for who, _ in sent} == {"first"}
        assert ("first", "often") in sent
        # The holder stops: the standby takes over at its next tick.
        first.close()
        sent.clear()
        _run_side_by_side(second, second, rounds=3)
        assert {who for who, _ in sent} == {"second"}
        second.close()


@pytest.fixture
def redis_lock_key(monkeypatch):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    # Keys of this test only, so that a beat on the same Redis is not disturbed.
    suffix = uuid.uuid4().hex
    monkeypatch.setattr(beat, "LOCK_KEY", f"test:beat:lock:{suffix}")
    monkeypatch.setattr(beat, "LAST_RUNS_KEY", f"test:beat:last-run:{suffix}")
    yield
    import redis

    redis.Redis.from_url(settings.REDIS_URL).delete(beat.LOCK_KEY, beat.LAST_RUNS_KEY)


@pytest.mark.redis
def test_of_two_beats_on_redis_only_the_lock_holder_sends(tmp_path, fast_schedule, redis_lock_key):
    sent: list[tuple[str, str]] = []
    first = _scheduler(tmp_path, "first", sent)
    second = _scheduler(tmp_path, "second", sent)
    _run_side_by_side(first, second)
    assert {who for who, _ in sent} == {"first"}
    first.close()  # releases the key at once: no waiting for it to expire
    sent.clear()
    _run_side_by_side(second, second, rounds=3)
    assert {who for who, _ in sent} == {"second"}
    second.close()


@pytest.mark.redis
def test_a_beat_taking_over_does_not_run_again_what_the_holder_ran(tmp_path, redis_lock_key):
    saved = celery_app.conf.beat_schedule
    now = celery_app.now()
    # A daily job due a minute ago, so that the first beat sends it at its first tick.
    due = now - timedelta(minutes=1)
    celery_app.conf.beat_schedule = {
        "nightly": {
            "task": "portal.tasks.record_heartbeat",
            "schedule": crontab(hour=due.hour, minute=due.minute),
        }
    }
    sent: list[tuple[str, str]] = []
    try:
        first = _scheduler(tmp_path, "first", sent)
        second = _scheduler(tmp_path, "second", sent)
        for scheduler in (first, second):  # both last ran yesterday, as far as they know
            scheduler.schedule["nightly"].last_run_at = now - timedelta(days=1)
        first.tick()
        assert sent == [("first", "nightly")]
        first.close()
        for _ in range(3):
            second.tick()
        assert sent == [("first", "nightly")]
        assert second.leading is True
        assert second.schedule["nightly"].last_run_at >= due
        second.close()
    finally:
        celery_app.conf.beat_schedule = saved


@pytest.mark.redis
def test_the_redis_lock_expires_when_its_holder_stops_renewing(redis_lock_key):
    holder = beat.RedisLock(settings.REDIS_URL, seconds=2)
    standby = beat.RedisLock(settings.REDIS_URL, seconds=2)
    assert holder.hold() is True
    assert standby.hold() is False
    holder.client.pexpire(beat.LOCK_KEY, 1)  # as if two seconds had passed without renewal
    time.sleep(0.01)
    assert standby.hold() is True
    assert holder.hold() is False
    holder.release()  # not its key any more: stays
    assert standby.hold() is True


def test_an_unreachable_redis_holds_no_lock_and_beat_stands_by():
    # Redis killed under a running beat (make chaos): beat must not die on it.
    import socket
    from datetime import UTC, datetime

    from portal.beat import RedisLock

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    lock = RedisLock(f"redis://127.0.0.1:{port}/0", 30)
    assert lock.hold() is False
    assert lock.last_runs() == {}
    lock.record_run("job", datetime(2026, 12, 6, tzinfo=UTC))
    lock.release()
