"""The nightly jobs over the register at hand: rows, seconds and peak memory per job.

Runs each job of the nightly schedule twice against the database in DATABASE_URL
(required; PostgreSQL for the national size) and prints,
for each run, what it did, how long it took and the peak of Python memory it
allocated (tracemalloc) — the second run shows that nothing is sent twice. Prints,
asserts nothing.

The synthetic citizens of `seed_scale` have no portal accounts, so the reminders
would find nobody to e-mail: before the runs the bench gives NIGHTLY_USERS (default
2000) citizens whose ID card or passport reminder is due today an account (with the
reminders on), and NIGHTLY_ADDRESSES (default 20 000) citizens a notification
address, one in thirty lapsing within the reminder window. It changes the database:
run it on a benchmark database, never on one you keep. Earlier bench rows are reused.

    # the national size (seed once: about 10 minutes on an idle 2-core machine)
    createdb -h 127.0.0.1 -U postgres national_10m
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/national_10m
    export REDIS_URL=redis://127.0.0.1:6379/10
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_scale --national
    .venv/bin/python tests/perf/nightly_bench.py
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

USERS = int(os.environ.get("NIGHTLY_USERS", "2000"))
ADDRESSES = int(os.environ.get("NIGHTLY_ADDRESSES", "20000"))
BENCH_USER = "nightly-bench-"


def _prepare_users(today: date) -> int:
    """Accounts for holders whose first reminder stage is due today."""
    from documents.models import Document, DocumentKind
    from idcards import tasks
    from identity.models import User

    present = User.objects.filter(username__startswith=BENCH_USER).count()
    wanted = USERS - present
    holders: list[int] = []
    for kind in (DocumentKind.ID_CARD, DocumentKind.PASSPORT):
        if len(holders) >= wanted:
            break
        stages = tasks.STAGES[kind]
        last = tasks.latest_expiry_due(today, stages[0])
        first = tasks.latest_expiry_due(today, stages[1]) + timedelta(days=1)
        holders += list(
            Document.objects.filter(
                kind=kind,
                validity=Document.Validity.VALID,
                expires_on__gte=first,
                expires_on__lte=last,
                holder__user__isnull=True,
            )
            .order_by("expires_on", "pk")
            .values_list("holder_id", flat=True)[: wanted - len(holders)]
        )
    User.objects.bulk_create(
        [
            User(
                username=f"{BENCH_USER}{holder}",
                person_id=holder,
                email=f"polgar{holder}@example.invalid",
                document_expiry_reminders=True,
            )
            for holder in dict.fromkeys(holders)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return User.objects.filter(username__startswith=BENCH_USER).count()


def _prepare_addresses(today: date) -> int:
    """Notification addresses of citizens who have none; one in thirty lapsing soon."""
    from population.models import Address, Person
    from register.models import NotificationAddress, NotificationKind

    present = NotificationAddress.objects.count()
    if present >= ADDRESSES:
        return present
    # The bench accounts' holders first: the lapsing addresses are theirs, so the
    # reminders have someone to e-mail.
    free = Person.objects.filter(notification_addresses__isnull=True)
    people = list(free.filter(user__username__startswith=BENCH_USER).values_list("pk", flat=True))
    people += list(
        free.filter(user__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[: max(0, ADDRESSES - present - len(people))]
    )
    soon = set(people[: ADDRESSES // 30])
    for start in range(0, len(people), 2000):
        chunk = people[start : start + 2000]
        addresses = Address.objects.bulk_create(
            [
                Address(
                    person_id=pk,
                    kind=Address.Kind.NOTIFICATION,
                    postal_code="1051",
                    settlement="Budapest",
                    street_address=f"Posta utca {pk % 90 + 1}.",
                    valid_from=today - timedelta(days=400),
                )
                for pk in chunk
            ]
        )
        NotificationAddress.objects.bulk_create(
            [
                NotificationAddress(
                    person_id=pk,
                    address=address,
                    kind=NotificationKind.values[0],
                    declared_on=today - timedelta(days=400),
                    # One in thirty within the 30-day window, the rest months later.
                    lapses_on=today + timedelta(days=pk % 29 + 1 if pk in soon else 200),
                )
                for pk, address in zip(chunk, addresses, strict=True)
            ]
        )
    return NotificationAddress.objects.count()


def _measure(label: str, job) -> None:
    from django.db import connection, reset_queries

    reset_queries()
    tracemalloc.start()
    started = time.perf_counter()
    result = job()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<44} result={result!s:<60} seconds={seconds:7.2f} "
        f"peak_python_mb={peak / 2**20:6.1f} queries={len(connection.queries)}"
    )


def main() -> None:
    if not os.environ.get("DATABASE_URL"):
        # It writes accounts and addresses: never into the embedded development database.
        sys.exit("set DATABASE_URL to a benchmark database (see the module docstring)")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from documents.models import Document
    from documents.tasks import expire_documents
    from idcards.tasks import send_expiry_reminders
    from payments.models import Payment
    from payments.tasks import reconcile_payments
    from population.models import Person
    from register.models import NotificationAddress
    from register.tasks import daily_register_upkeep
    from vehicles.models import Vehicle, Withdrawal
    from vehicles.tasks import remind_withdrawals_ending

    # Count the queries (tracemalloc measures the memory, not the query log's).
    settings.DEBUG = False
    connection.force_debug_cursor = True
    today = timezone.localdate()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    started = time.perf_counter()
    users = _prepare_users(today)
    addresses = _prepare_addresses(today)
    print(
        f"prepared: accounts with reminders={users} notification addresses={addresses} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    print(
        f"register: persons={Person.objects.count()} documents={Document.objects.count()} "
        f"vehicles={Vehicle.objects.count()} withdrawal requests={Withdrawal.objects.count()} "
        f"payments={Payment.objects.count()} "
        f"notification addresses={NotificationAddress.objects.count()}"
    )
    connection.force_debug_cursor = True
    jobs = [
        ("documents.tasks.expire_documents", expire_documents),
        ("idcards.tasks.send_expiry_reminders", send_expiry_reminders),
        ("register.tasks.daily_register_upkeep", daily_register_upkeep),
        ("vehicles.tasks.remind_withdrawals_ending", remind_withdrawals_ending),
        ("payments.tasks.reconcile_payments", reconcile_payments),
    ]
    for run in ("first run", "second run"):
        for name, task in jobs:
            _measure(f"{name} ({run})", task)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (everything above): {rss:.0f} MB")


if __name__ == "__main__":
    main()
