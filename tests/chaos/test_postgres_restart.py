"""PostgreSQL restarted while citizens submit requests.

Injected: `pg_ctl stop -m fast` (every connection cut, transactions in flight rolled
back) in the middle of the load, and a start 5 s later. Expected: no 500 page, only
the branded 503 with Retry-After while the database is down; no error (and no dropped
connection) later than 5 s after its return; no half-written case (each one is a
draft or submitted with its one submission event and its confirmation e-mail in the
outbox); every citizen who tried again got their request submitted exactly once.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.chaos import load
from tests.chaos.harness import say, seed

pytestmark = pytest.mark.chaos

CITIZENS = int(os.environ.get("CHAOS_PG_CITIZENS", "150"))
DOWN_SECONDS = 5
ERRORS_STOP_WITHIN = 5


def _audit(postgres, database: str) -> dict[str, int]:
    def one(sql: str) -> int:
        return int(postgres.sql(sql, database) or 0)

    return {
        "cases": one("SELECT count(*) FROM cases_case WHERE case_type = 'chaos.request'"),
        "submitted": one(
            "SELECT count(*) FROM cases_case WHERE case_type = 'chaos.request' "
            "AND status = 'submitted'"
        ),
        "submission_events": one(
            "SELECT count(*) FROM cases_caseevent e JOIN cases_case c ON c.id = e.case_id "
            "WHERE c.case_type = 'chaos.request' AND e.kind = 'case.submitted'"
        ),
        # Half-written: submitted without its e-mail in the outbox, or the reverse.
        "status_emails": one(
            "SELECT count(*) FROM notifications_notification n JOIN cases_caseevent e "
            "ON n.dedupe_key = 'case-event-' || e.id WHERE e.kind = 'case.submitted'"
        ),
        # Sent, or claimed by a worker whose database went away mid-delivery: the outbox
        # hands such a row out again PORTAL_REDELIVER_AFTER after its claim, once the
        # worker's lease is gone with its connection (ADR 0035).
        "emails_sent_or_claimed": one(
            "SELECT count(*) FROM notifications_notification n JOIN cases_caseevent e "
            "ON n.dedupe_key = 'case-event-' || e.id WHERE e.kind = 'case.submitted' "
            "AND n.state IN ('sent', 'sending')"
        ),
    }


def test_postgres_restarted_under_load(postgres, redis_server, portal):
    database = portal.env["DATABASE_URL"].rsplit("/", 1)[1]
    citizens = seed(portal.env, "p", CITIZENS, 0)
    say(f"seeded {CITIZENS} drafts with sessions")
    portal.start_web()
    portal.start_worker()
    portal.start_beat()
    portal.supervise("worker", portal.start_worker)

    answers: list[tuple[float, int, bool]] = []  # (when, status, Retry-After + branded page)
    lock = threading.Lock()
    finished = threading.Event()
    done = [0]
    broken: list[str] = []  # requests that got no HTTP answer at all

    def citizen_submits(citizen: dict) -> None:
        session = load._session(citizen["session"])
        url = f"{load.BASE}/apply/draft/{citizen['reference']}/submit/"
        for _ in range(60):
            try:
                response = session.post(url, timeout=30)
            except requests.RequestException as error:
                # No HTTP answer at all (a connection dropped while the database went
                # away): not a page the citizen reads, but an error all the same.
                status, proper = 0, True
                with lock:
                    broken.append(f"{type(error).__name__}: {error}"[:160])
            else:
                status = (
                    response.history[0].status_code if response.history else (response.status_code)
                )
                if response.status_code >= 500:
                    status = response.status_code
                proper = response.status_code != 503 or (
                    response.headers.get("Retry-After") == "30"
                    and load.UNAVAILABLE in response.text
                )
            with lock:
                answers.append((time.monotonic(), status, proper))
            if status in (200, 302):
                break
            time.sleep(1)  # the citizen reads the page and tries again
        with lock:
            done[0] += 1

    def run() -> None:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(citizen_submits, citizens))
        finished.set()

    loader = threading.Thread(target=run)
    loader.start()
    while done[0] < CITIZENS // 5 and not finished.is_set():
        time.sleep(0.1)
    postgres.stop("fast")
    down_at = time.monotonic()
    say(f"injected: PostgreSQL stopped (fast: connections cut) after {done[0]} citizens")
    time.sleep(DOWN_SECONDS)
    postgres.start()
    back_at = time.monotonic()
    say(f"PostgreSQL back after {back_at - down_at:.1f} s")
    loader.join()

    statuses: dict[int, int] = {}
    for _, status, _ in answers:
        statuses[status] = statuses.get(status, 0) + 1
    late_errors = [
        (round(at - back_at, 1), status)
        for at, status, _ in answers
        if status >= 500 or status == 0
        if at > back_at + ERRORS_STOP_WITHIN
    ]
    last_error = max(
        (at - back_at for at, status, _ in answers if status >= 500 or status == 0),
        default=None,
    )
    say(
        f"answers: {statuses}; last error {last_error and round(last_error, 1)} s after the "
        f"return; improper 503 pages: {sum(1 for *_, proper in answers if not proper)}"
    )

    expected = {
        "cases": CITIZENS,
        "submitted": CITIZENS,
        "submission_events": CITIZENS,
        "status_emails": CITIZENS,
        "emails_sent_or_claimed": CITIZENS,
    }
    seen = _audit(postgres, database)
    deadline = time.monotonic() + 90
    while seen != expected and time.monotonic() < deadline:
        time.sleep(2)
        seen = _audit(postgres, database)
    say(f"audit: {seen}")
    sending = postgres.sql(
        "SELECT count(*) FROM notifications_notification WHERE state = 'sending'", database
    )
    say(f"e-mails left claimed mid-delivery (handed out again after 10 min): {sending}")
    if broken:
        say(f"no answer at all: {sorted(set(broken))}")

    assert 500 not in statuses
    assert all(proper for *_, proper in answers)
    assert statuses.get(503, 0) > 0, "the restart was not seen by any request"
    assert late_errors == []
    assert seen == expected
