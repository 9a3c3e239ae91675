"""Celery beat that sends only while it holds the beat lock (ADR: single-beat).

Two beats started by mistake (a second `beat` service, a node restarted beside an old
one) would each send every scheduled job. Here each beat asks for one lock before every
tick: the holder sends, the other waits on standby and takes over when the holder stops
renewing it. With Redis the lock is a key that expires unless its holder renews it, and
the time each job last ran is kept beside it, so that a beat taking over does not run
again what the previous holder already ran today. In the embedded mode (one machine, no
Redis) it is an exclusive `flock` on a file in the data folder.

The jobs are idempotent as well (house style 10): the lock keeps the load and the logs
honest, the jobs keep the data right should two runs ever overlap.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import uuid
from datetime import datetime
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

LOCK_KEY = "portal:beat:lock"
_OUTAGE = (RedisConnectionError, RedisTimeoutError)
LAST_RUNS_KEY = "portal:beat:last-run"

# Keep the key only if its value is still our token (another beat may hold it now).
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('expire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class RedisLock:
    """The beat lock as a Redis key that lives `seconds` unless renewed, plus the
    shared record of when each job last ran."""

    def __init__(self, url: str, seconds: int) -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.seconds = seconds
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        self._renew = self.client.register_script(_RENEW)
        self._release = self.client.register_script(_RELEASE)

    # While Redis is unreachable (killed, restarting) nobody holds the lock: beat stands
    # by instead of dying, and the holder is decided again when Redis returns (ADR 0025).
    def hold(self) -> bool:
        try:
            if self.client.set(LOCK_KEY, self.token, nx=True, ex=self.seconds):
                return True
            return bool(self._renew(keys=[LOCK_KEY], args=[self.token, self.seconds]))
        except _OUTAGE as error:
            log.warning("beat lock unreachable, standing by: %s", error)
            return False

    def release(self) -> None:
        with contextlib.suppress(*_OUTAGE):  # the key expires by itself
            self._release(keys=[LOCK_KEY], args=[self.token])

    def last_runs(self) -> dict[str, datetime]:
        try:
            stored = self.client.hgetall(LAST_RUNS_KEY)
        except _OUTAGE:
            return {}
        return {name.decode(): datetime.fromisoformat(at.decode()) for name, at in stored.items()}

    def record_run(self, name: str, at: datetime) -> None:
        try:
            self.client.hset(LAST_RUNS_KEY, name, at.isoformat())
        except _OUTAGE as error:
            log.warning("beat could not record the run of %s: %s", name, error)


class FileLock:
    """The beat lock of the embedded mode: an exclusive flock, held until the process
    ends (the kernel drops it when the process dies). Last runs live in beat's own
    schedule file, as without the lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def hold(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def last_runs(self) -> dict[str, datetime]:
        return {}

    def record_run(self, name: str, at: datetime) -> None:
        pass


def beat_lock() -> RedisLock | FileLock:
    if settings.REDIS_URL:
        return RedisLock(settings.REDIS_URL, settings.PORTAL_BEAT_LOCK_SECONDS)
    return FileLock(Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).with_name("celerybeat.lock"))


class SingleBeatScheduler(PersistentScheduler):
    """Beat's file-backed scheduler, sending only while this process holds the lock."""

    def setup_schedule(self) -> None:
        super().setup_schedule()
        self.lock = beat_lock()
        self.leading = False
        # Renew well before the lock expires, and look again as often on standby.
        self.lock_interval = max(settings.PORTAL_BEAT_LOCK_SECONDS / 3, 0.5)

    def tick(self, *args, **kwargs) -> float:
        if not self.lock.hold():
            if self.leading:
                log.warning("beat lost its lock; standing by")
                self.leading = False
            return self.lock_interval
        if not self.leading:
            self.leading = True
            self.adopt(self.lock.last_runs())
            log.info("beat holds the lock; sending scheduled jobs")
        return min(super().tick(*args, **kwargs), self.lock_interval)

    def adopt(self, last_runs: dict[str, datetime]) -> None:
        """Take over when each job last ran from the previous holder, so that a job it
        already sent is not due again here."""
        for name, at in last_runs.items():
            entry = self.schedule.get(name)
            if entry is not None and (entry.last_run_at is None or entry.last_run_at < at):
                entry.last_run_at = at
        self._heap = None  # rebuilt from the adopted times on this tick

    def reserve(self, entry):
        new_entry = super().reserve(entry)
        self.lock.record_run(new_entry.name, new_entry.last_run_at)
        return new_entry

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.leading:
                self.lock.release()
                self.leading = False
