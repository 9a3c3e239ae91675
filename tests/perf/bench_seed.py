"""`make bench`'s data, made in the production settings' own database (tests/perf/bench.py
runs it): citizens with 50 filed cases each, their sessions and API access tokens made
on the server, a register document for the validity check, and the SQL queries of each
key page at 1 and at 50 cases. Prints one JSON line for the load generator.

    .venv/bin/python tests/perf/bench_seed.py CITIZENS
"""

from __future__ import annotations

import json
import secrets
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402
from oauth2_provider.models import AccessToken  # noqa: E402

from api.clients import ensure_okmanyapp  # noqa: E402
from cases.models import Case, CaseEvent  # noqa: E402
from cases.workflow import Status, transition  # noqa: E402
from criminal_records import certificate  # noqa: E402
from identity.session import LAST_ACTIVITY, LOGIN_AT  # noqa: E402
from tests.criminal_records.conftest import filed_request  # noqa: E402
from tests.factories import (  # noqa: E402
    AddressFactory,
    CitizenFactory,
    ClerkFactory,
    DocumentFactory,
    PersonFactory,
)

CASES = 50
# The statuses of a citizen's cases, in turn: closed ones whose ending is read from
# their decision event (the first, so that the world of one case has one), open and
# decided ones.
CYCLE = [
    Status.CLOSED,
    Status.SUBMITTED,
    Status.IN_PROGRESS,
    Status.DECIDED_APPROVED,
    Status.DEFICIENCY_REQUESTED,
]


def filed_cases(citizen, count: int, tag: str) -> None:
    today = timezone.localdate()
    cases = []
    for n in range(count):
        status = CYCLE[n % len(CYCLE)]
        decided = status in (Status.DECIDED_APPROVED, Status.CLOSED)
        cases.append(
            Case(
                reference=f"BEN-{tag}-{n:03d}",
                receipt_code=f"B{tag}{n:03d}"[:12],
                case_type=certificate.SLUG,
                applicant=citizen,
                status=status,
                received_on=today - timedelta(days=n),
                deadline_days=8,
                deadline=today + timedelta(days=8 - n % 10),
                decided_on=today - timedelta(days=1) if decided else None,
                closed_at=timezone.now() if status == Status.CLOSED else None,
            )
        )
    Case.objects.bulk_create(cases)
    events = []
    for case in Case.objects.filter(applicant=citizen, reference__startswith=f"BEN-{tag}-"):
        events.append(
            CaseEvent(case=case, kind="case.submitted", from_status="draft", to_status="submitted")
        )
        if case.decided_on:
            events.append(
                CaseEvent(
                    case=case,
                    kind="case.decided_approved",
                    from_status="in_progress",
                    to_status="decided_approved",
                )
            )
    CaseEvent.objects.bulk_create(events)


def session_for(user) -> str:
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    now = time.time()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LOGIN_AT] = now
    store[LAST_ACTIVITY] = now
    store.create()
    return store.session_key


def token_for(user, app) -> str:
    return AccessToken.objects.create(
        user=user,
        application=app,
        token=secrets.token_urlsafe(30),
        scope="cases:read documents:read profile:read",
        expires=timezone.now() + timedelta(hours=2),
    ).token


def query_count(method: str, path: str, *, session: str = "", **extra) -> int:
    client = Client(
        HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    send = getattr(client, method)
    send(path, **extra)
    with CaptureQueriesContext(connection) as queries:
        response = send(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries.captured_queries)


def main() -> None:
    count = int(sys.argv[1])
    app = ensure_okmanyapp()
    clerk = ClerkFactory()
    citizens = []
    for number in range(count):
        citizen = CitizenFactory(username=f"bench{number}", email=f"bench{number}@example.hu")
        AddressFactory(person=citizen.person)
        filed_cases(citizen, CASES - 1 if number == 0 else CASES, f"{number:04d}")
        citizens.append(citizen)
    # The case page's case, filed as the flow files it, with a short history.
    case = filed_request(citizens[0])
    transition(case, Status.IN_PROGRESS, by=clerk)
    transition(case, Status.DECIDED_APPROVED, by=clerk)
    sessions = [session_for(citizen) for citizen in citizens]
    tokens = [token_for(citizen, app) for citizen in citizens]

    holder = DocumentFactory(
        expires_on=date(2031, 5, 14),
        holder=PersonFactory(
            family_name="Kovács-Nagy", given_names="Éva Mária", birth_date=date(1980, 5, 14)
        ),
    )
    validity = {
        "category": "id_card",
        "number": holder.number,
        "family_name": holder.holder.family_name,
        "given_names": holder.holder.given_names,
        "birth_date": holder.holder.birth_date.isoformat(),
    }

    # The SQL statements of one request to each key page, with 1 and with 50 cases.
    small = CitizenFactory(username="bench-one", email="bench-one@example.hu")
    AddressFactory(person=small.person)
    filed_cases(small, 1, "one")
    small_case = filed_request(small)
    small_session, small_token = session_for(small), token_for(small, app)
    check = reverse("flow:check_first", args=[certificate.SLUG])
    form = {
        "law_name": "",
        "clean_record": "on",
        "no_public_affairs_ban": "",
        "occupation_statement": "",
        "occupation": "",
    }
    queries = {}
    for name, count_of in (
        ("home", lambda s, t, c: query_count("get", "/", session=s)),
        (
            "service information",
            lambda s, t, c: query_count("get", "/services/vehicles.data_lookup/", session=s),
        ),
        ("My requests (50 cases)", lambda s, t, c: query_count("get", "/my-requests/", session=s)),
        ("case page", lambda s, t, c: query_count("get", f"/my-requests/{c}/", session=s)),
        (
            "filing step live check (htmx)",
            lambda s, t, c: query_count(
                "post", check, session=s, data=form, HTTP_HX_REQUEST="true"
            ),
        ),
        (
            "anonymous validity check",
            lambda s, t, c: query_count("post", "/documents/validity/", data=validity),
        ),
        (
            "API case list",
            lambda s, t, c: query_count("get", "/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {t}"),
        ),
    ):
        few = count_of(small_session, small_token, small_case.reference)
        many = count_of(sessions[0], tokens[0], case.reference)
        queries[name] = f"{few} at 1 case, {many} at 50"

    csrf = get_random_string(32)
    print(
        json.dumps(
            {
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "sessions": sessions,
                "tokens": tokens,
                "case": case.reference,
                "check_path": check,
                "csrf": csrf,
                "validity_form": urlencode(validity),
                "queries": queries,
            }
        )
    )


if __name__ == "__main__":
    main()
