"""The portal's Celery app for the two-beats test: one job every second, sent to a queue
and under beat-lock keys of the test's own (BEAT_TEST_QUEUE, BEAT_TEST_KEYS)."""

from __future__ import annotations

import os

from portal import beat
from portal.celery import app

app.conf.beat_schedule = {
    "every-second": {"task": "portal.tasks.record_heartbeat", "schedule": 1.0},
}
app.conf.task_default_queue = os.environ["BEAT_TEST_QUEUE"]
beat.LOCK_KEY = os.environ["BEAT_TEST_KEYS"] + ":lock"
beat.LAST_RUNS_KEY = os.environ["BEAT_TEST_KEYS"] + ":last-run"
