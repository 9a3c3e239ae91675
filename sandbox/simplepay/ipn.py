"""IPNs: building them, posting them, and judging the merchant's reply.

The bank posts the IPN, waits 20 seconds, and accepts only HTTP 200 with a
body that repeats what it sent plus `receiveDate`, signed over exactly that
reply body. Otherwise it retries 17 times at fixed times after the first
attempt (5 minutes … 3 days) and then stops (docs/sandbox-simplepay.md).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sandbox.models import SimplePayIpnDelivery, SimplePayTransaction
from sandbox.simplepay import protocol
from sandbox.simplepay.cards import IpnBehaviour, card_behaviour

S = SimplePayTransaction.Status

# When the retries follow, counted from the first attempt.
RETRY_OFFSETS: tuple[timedelta, ...] = (
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(minutes=45),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=9),
    timedelta(hours=12),
    timedelta(hours=18),
    timedelta(days=1),
    timedelta(days=1.5),
    timedelta(days=2),
    timedelta(days=2.5),
    timedelta(days=3),
)
MAX_ATTEMPTS = 1 + len(RETRY_OFFSETS)
REPLY_TIMEOUT_SECONDS = 20
# A claimed attempt whose worker died is taken up again by the sweep after this.
CLAIM_LEASE = timedelta(seconds=3 * REPLY_TIMEOUT_SECONDS)
REPLY_KEPT_CHARS = 2000


def payload(trx: SimplePayTransaction, status: str) -> dict:
    """The IPN body, in the field order of the bank's example."""
    original = trx.parent or trx
    body = {
        "salt": protocol.new_salt(),
        "orderRef": trx.order_ref,
        "method": original.method,
        "merchant": trx.merchant,
    }
    if status in {S.FINISHED, S.REVERSED, S.REFUND}:
        body["finishDate"] = protocol.ipn_time(trx.finished_at or trx.created_at)
    body["paymentDate"] = protocol.ipn_time(trx.created_at)
    body["transactionId"] = trx.transaction_id
    body["status"] = str(status)
    return body


def queue(trx: SimplePayTransaction, status: str, *, manual: bool = False) -> None:
    """Store the IPN (twice for the duplicating test card, held back for the
    withholding one) and post it after the commit."""
    card = card_behaviour((trx.parent or trx).card)
    behaviour = card.ipn if card else IpnBehaviour.NORMAL
    body = protocol.compact(payload(trx, status)).decode("utf-8")
    copies = 2 if behaviour == IpnBehaviour.TWICE and not manual else 1
    held = behaviour == IpnBehaviour.WITHHELD and not manual
    for _ in range(copies):
        delivery = SimplePayIpnDelivery.objects.create(
            transaction=trx,
            ipn_status=status,
            body=body,
            manual=manual,
            state=SimplePayIpnDelivery.State.WITHHELD
            if held
            else SimplePayIpnDelivery.State.PENDING,
            next_attempt_at=None if held else timezone.now(),
        )
        if not held:
            schedule(delivery.pk)


def schedule(delivery_pk: int, countdown: float = 0) -> None:
    from sandbox.simplepay.tasks import deliver_ipn

    transaction.on_commit(lambda: deliver_ipn.apply_async((delivery_pk,), countdown=countdown))


def time_factor() -> float:
    return max(0.0, float(getattr(settings, "SANDBOX_SIMPLEPAY_TIME_FACTOR", 1.0)))


def next_attempt_at(first_attempt_at: datetime, attempts_made: int) -> datetime | None:
    """When attempt number `attempts_made + 1` is due, or None after the last."""
    if attempts_made >= MAX_ATTEMPTS:
        return None
    return first_attempt_at + RETRY_OFFSETS[attempts_made - 1] * time_factor()


@dataclass(frozen=True)
class Reply:
    status: int | None
    signature: str | None
    body: bytes
    error: str = ""
    duration_ms: int = 0


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is not an answer: the bank requires the IPN URL to answer itself.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: bytes, signature: str) -> Reply:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Signature": signature},
    )
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        with _opener.open(request, timeout=REPLY_TIMEOUT_SECONDS) as response:
            content = response.read()
            return Reply(response.status, response.headers.get("Signature"), content, "", elapsed())
    except urllib.error.HTTPError as exc:
        content = exc.read() if exc.fp else b""
        return Reply(exc.code, exc.headers.get("Signature"), content, "", elapsed())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Reply(None, None, b"", f"no answer: {reason}"[:300], elapsed())


def judge(key: str, sent: dict, reply: Reply) -> str:
    """Why the bank would not accept this reply; empty when it would."""
    if reply.status is None:
        return reply.error or "no answer"
    if reply.status != 200:
        return f"HTTP {reply.status} instead of 200"
    if not reply.signature:
        return "no Signature header"
    if not protocol.verify(key, reply.body, reply.signature):
        return "the Signature header does not match the reply body"
    try:
        answer = json.loads(reply.body)
    except ValueError:
        return "the reply is not JSON"
    if not isinstance(answer, dict):
        return "the reply is not a JSON object"
    for field, value in sent.items():
        if field not in answer:
            return f"the reply lacks {field}"
        if answer[field] != value or type(answer[field]) is not type(value):
            return f"the reply changed {field}"
    received = answer.get("receiveDate")
    if not isinstance(received, str):
        return "the reply lacks receiveDate"
    try:
        moment = datetime.fromisoformat(received)
    except ValueError:
        return "receiveDate is not an ISO 8601 time"
    if moment.tzinfo is None:
        return "receiveDate has no UTC offset"
    return ""
