"""The Celery worker SIGKILLed in the middle of its work, and Redis killed under it.

Injected (first test): the worker's whole process group SIGKILLed while it renders an
issued document's PDF and a payment receipt (held by tests/chaos/stalls.py), while it
runs the effect of a card payment whose IPN the web answered (held the same way), and
while it hands two e-mails of the outbox to an SMTP server that does not answer their
end of data (tests/chaos/smtp.py); then a new worker. The messages the dead worker had
taken stay unacknowledged in Redis until the broker's visibility timeout (an hour):
the redelivery jobs hand the work out again instead. Expected, within 120 s of the
restart (PORTAL_REDELIVER_AFTER, 15 s here, plus a job's period): every piece of work
done exactly once, seen by SQL, in the stored files and at the SMTP server: one
document row and one file with its SHA-256 per document, the payment applied once and
its case submitted once, one receipt, every e-mail of the outbox accepted once. Then
the dead worker's messages are put back as Redis does after the visibility timeout:
running them changes nothing.

Injected (second test): Redis SIGKILLed while the worker is in the middle of a task,
and started again (empty) 8 s later. Expected: the same worker process (same pid)
rides it out and consumes the work given after Redis' return.
"""

from __future__ import annotations

import hashlib
import subprocess
import time
from pathlib import Path

import pytest

from tests.chaos import harness, load
from tests.chaos.harness import BIN, ROOT, say, seed
from tests.chaos.smtp import Sink

pytestmark = pytest.mark.chaos

REQUESTS = 6  # their status e-mails make most of the outbox's batch
DEADLINE_SECONDS = 120


@pytest.fixture
def sink():
    server = Sink()
    yield server
    server.stop()


@pytest.fixture
def processes(portal_env, redis_server, sink):
    portal_env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port), EMAIL_USE_TLS="false")
    portal = harness.Portal(portal_env)
    yield portal
    portal.stop()


def _wait(what: str, condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not seen within {seconds} s: {what}")
        time.sleep(0.2)


def _reached(data: Path, point: str) -> str:
    path = data / f"reached-{point}"
    return path.read_text() if path.exists() else ""


def _audit(postgres, database: str, media: Path, sink: Sink) -> dict[str, object]:
    def one(sql: str) -> int:
        return postgres.count(sql, database)

    documents = [
        line.split("|")
        for line in postgres.sql(
            "SELECT d.kind, d.file, d.sha256 FROM cases_issueddocument d "
            "JOIN cases_case c ON c.id = d.case_id WHERE c.case_type LIKE 'chaos.%'",
            database,
        ).splitlines()
    ]
    sent = {
        line
        for line in postgres.sql(
            "SELECT id FROM notifications_notification WHERE state = 'sent'", database
        ).splitlines()
    }
    stored = sorted(p.name for p in (media / "issued").glob("*")) if media.exists() else []
    return {
        **postgres.filings(database),
        "certificates": sum(kind == "certificate" for kind, _, _ in documents),
        "receipts": sum(kind.startswith("payment-receipt-") for kind, _, _ in documents),
        # Every row's file is there and is what its SHA-256 says; no file without a row.
        "files_matching_their_row": sum(
            (media / name).exists()
            and hashlib.sha256((media / name).read_bytes()).hexdigest() == digest
            for _, name, digest in documents
        ),
        "files_stored": len(stored),
        "emails_not_sent": one(
            "SELECT count(*) FROM notifications_notification WHERE state <> 'sent'"
        ),
        "emails_sent": len(sent),
        # What the SMTP server accepted: each sent row once, nothing else.
        "emails_accepted_once": sum(sink.delivered[pk] == 1 for pk in sent),
        "emails_accepted": sum(sink.delivered.values()),
    }


def _expected(paid: int, certified: int) -> dict[str, object]:
    return {
        "submitted": REQUESTS + paid + certified,
        "submission_events": REQUESTS + paid + certified,
        "payments_succeeded": paid,
        "certificates": certified,
        "receipts": paid,
        "files_matching_their_row": certified + paid,
        "files_stored": certified + paid,
        "emails_not_sent": 0,
    }


def _settled(seen: dict, expected: dict) -> bool:
    return (
        all(seen[key] == value for key, value in expected.items())
        and seen["emails_accepted_once"] == seen["emails_sent"] == seen["emails_accepted"]
    )


def _put_back_unacknowledged(env: dict[str, str]) -> None:
    """What Redis' transport does with a dead worker's messages once the visibility
    timeout has passed: put them back in their queue."""
    script = (
        "from kombu import Connection\n"
        f"with Connection({env['REDIS_URL']!r}, "
        "transport_options={'visibility_timeout': 0}) as connection:\n"
        "    connection.default_channel.qos.restore_visible(num=1000)\n"
    )
    subprocess.run([str(BIN / "python"), "-c", script], cwd=ROOT, env=env, check=True)


def test_worker_killed_mid_pdf_email_batch_and_ipn(postgres, processes, sink):
    portal = processes
    env = portal.env
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    data = Path(env["PORTAL_DATA_DIR"])
    media = data / "media"
    citizens = seed(env, "w", REQUESTS, 2, 1)
    held_payment = next(c for c in citizens if c["kind"] == "chaos.paid")["reference"]
    # Held: every PDF (the certificate and the other payment's receipt), the effect of
    # the first payment, the first two e-mails at their end of data.
    (data / "stall-pdf").write_text("")
    (data / "stall-effect").write_text(held_payment)
    sink.stalling, sink.stall_budget = True, 2
    portal.start_web()
    # Room for the five held tasks and the work still flowing around them.
    portal.start_worker(concurrency=7)
    portal.start_beat()
    tally = load.Tally()
    load.run(citizens, tally)
    say(f"{REQUESTS} requests, 1 with a certificate submitted; 2 paid by card: {tally.statuses}")

    def in_the_middle() -> bool:
        pdfs = _reached(data, "pdf")
        return (
            "pdf/case_summary.html" in pdfs
            and "pdf/payment_receipt.html" in pdfs
            and held_payment in _reached(data, "effect")
            and sink.stalled == 2
        )

    _wait("the worker in the middle of its work", in_the_middle, 90)
    pid = portal.processes["worker"].pid
    say(
        f"worker {pid} in the middle of: a certificate's PDF, a receipt's PDF, the effect of "
        f"{held_payment}'s IPN, 2 e-mails at the SMTP server; {sum(sink.delivered.values())} "
        "e-mails accepted so far"
    )
    portal.kill("worker")
    say(f"injected: SIGKILL of the worker's process group ({pid})")
    _wait("the SMTP server noticing its senders are gone", lambda: sink.stalled == 0, 10)
    (data / "stall-pdf").unlink()
    (data / "stall-effect").unlink()
    sink.release()
    portal.start_worker(concurrency=2)
    restarted = time.monotonic()
    say(f"held e-mails dropped by the SMTP server: {sink.dropped}; a new worker started")

    expected = _expected(paid=2, certified=1)
    seen = _audit(postgres, database, media, sink)
    while not _settled(seen, expected) and time.monotonic() - restarted < DEADLINE_SECONDS:
        time.sleep(2)
        seen = _audit(postgres, database, media, sink)
    say(f"{time.monotonic() - restarted:.0f} s after the restart: {seen}")
    if not _settled(seen, expected):
        say("worker log tail:\n" + portal.log_text("worker")[-3000:])
    assert tally.failures == []
    assert tally.cards_paid == 2
    assert sink.dropped == 2
    assert _settled(seen, expected), seen

    _put_back_unacknowledged(env)
    say("the dead worker's messages put back in the queue (the visibility timeout)")
    time.sleep(10)
    again = _audit(postgres, database, media, sink)
    say(f"after they ran: {again}")
    assert again == seen


def test_same_worker_rides_out_redis_outage(postgres, processes, redis_server, sink):
    portal = processes
    env = portal.env
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    data = Path(env["PORTAL_DATA_DIR"])
    citizens = seed(env, "o", 2, 0, 1)
    certified = next(c for c in citizens if c["kind"] == "chaos.certified")
    (data / "stall-pdf").write_text("")
    portal.start_web()
    portal.start_worker()
    portal.start_beat()
    pid = portal.processes["worker"].pid
    tally = load.Tally()
    load.run([certified], tally)
    _wait("the worker rendering a PDF", lambda: "case_summary" in _reached(data, "pdf"), 60)
    redis_server.kill()
    say(f"injected: Redis SIGKILLed while worker {pid} renders a PDF")
    # The task finishes during the outage: its acknowledgement has nowhere to go.
    (data / "stall-pdf").unlink()
    time.sleep(8)
    redis_server.start()
    say("Redis back (empty)")
    load.run([c for c in citizens if c["kind"] == "chaos.request"], tally)

    def consumed() -> bool:
        return (
            int(
                postgres.sql(
                    "SELECT count(*) FROM notifications_notification n JOIN cases_case c "
                    "ON c.id = n.case_id WHERE c.case_type = 'chaos.request' AND n.state = 'sent'",
                    database,
                )
                or 0
            )
            == 2
        )

    _wait("the status e-mails of the requests made after Redis' return", consumed, 90)
    worker = portal.processes["worker"]
    say(f"worker {worker.pid} alive: {worker.poll() is None}; e-mails sent after the return")
    assert tally.failures == []
    assert worker.pid == pid
    assert worker.poll() is None
