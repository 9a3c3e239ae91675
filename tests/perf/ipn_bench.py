"""Benchmark: SimplePay IPNs handled per second. Prints figures, asserts nothing.

    .venv/bin/python tests/perf/ipn_bench.py [count]

Each genuine IPN goes the whole way through the Django stack: signature over
the raw body, lookup, row lock, state change, event, case submission (tasks
run in-process) and the signed reply. Replays measure the refusal path.
Uses a throw-away SQLite database, or the (empty) database in DATABASE_URL.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="ugysegeg-ipn-bench-")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    logging.disable(logging.CRITICAL)  # one line per refused IPN would swamp the figures
    call_command("migrate", verbosity=0)

    from cases import fees, registry
    from cases.actions import create_case
    from cases.registry import CaseType
    from cases.workflow import Status, transition
    from identity.models import User
    from payments.models import Payment, new_order_ref
    from payments.simplepay_client import dumps, sign
    from payments.workflow import PaymentState

    registry.register(CaseType(slug="perf.paid", label="Perf", fee=fees.Flat(3000, "Fee")))
    citizen = User.objects.create(username=f"ipn-bench-{time.time_ns()}", email="b@example.hu")
    bodies = []
    for n in range(count):
        case = create_case("perf.paid", applicant=citizen)
        transition(case, Status.AWAITING_PAYMENT, by=citizen)
        payment = Payment.objects.create(
            case=case,
            provider="simplepay",
            amount=3000,
            order_ref=new_order_ref(case.reference),
            state=PaymentState.STARTED,
            provider_transaction_id=str(600000000 + n),
        )
        bodies.append(
            dumps(
                {
                    "salt": "223G0O18VAqdLhQYbJz73adT36YzLtak",
                    "orderRef": payment.order_ref,
                    "method": "CARD",
                    "merchant": settings.SIMPLEPAY_MERCHANT,
                    "finishDate": "2026-11-21T14:46:18+0100",
                    "paymentDate": "2026-11-21T14:41:13+0100",
                    "transactionId": 600000000 + n,
                    "status": "FINISHED",
                }
            )
        )
    key = settings.SIMPLEPAY_SECRET_KEY
    client = Client()

    def deliver(body: bytes) -> int:
        return client.post(
            "/payments/simplepay/ipn/",
            data=body,
            content_type="application/json",
            HTTP_SIGNATURE=sign(key, body),
        ).status_code

    # A replay is confirmed like the first delivery (ADR 0006), without a state change.
    for label, expected in (("genuine IPN (state change + case submit)", 200), ("replay", 200)):
        started = time.perf_counter()
        statuses = [deliver(body) for body in bodies]
        seconds = time.perf_counter() - started
        wrong = sum(status != expected for status in statuses)
        print(
            f"{label:<45} count={count:<6} seconds={seconds:7.2f} "
            f"per_second={count / seconds:8.1f} unexpected={wrong}"
        )

    forged = [body.replace(b"FINISHED", b"CANCELLED") for body in bodies[:count]]
    started = time.perf_counter()
    for body in forged:
        client.post(
            "/payments/simplepay/ipn/",
            data=body,
            content_type="application/json",
            HTTP_SIGNATURE=sign("not-the-key", body),
        )
    seconds = time.perf_counter() - started
    print(
        f"{'forged (bad signature)':<45} count={count:<6} seconds={seconds:7.2f} "
        f"per_second={count / seconds:8.1f}"
    )


if __name__ == "__main__":
    main()
