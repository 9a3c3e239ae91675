"""The key pages ask the database a fixed number of questions, however many cases,
events and documents there are: each page is asked for a world of 1 and of 50, and
the SQL statements are counted (the benchmark, `make bench`, prints the same counts).
A page that answers a GET without changing anything writes no session either."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oauth2_provider.models import AccessToken

from api.clients import ensure_okmanyapp
from cases.actions import create_case, record_event, submit_case
from cases.models import IssuedDocument
from cases.workflow import Status, transition
from criminal_records import certificate
from tests.criminal_records.conftest import CONTENT
from tests.factories import AddressFactory, CitizenFactory, DocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db

# A case of each ending My requests and the case page tell apart; the world of one
# case has the one whose ending is read from its events.
ENDINGS = [
    [Status.IN_PROGRESS, Status.DECIDED_REFUSED, Status.CLOSED],
    [],
    [Status.IN_PROGRESS],
    [Status.IN_PROGRESS, Status.DECIDED_APPROVED],
    [Status.TERMINATED],
]


def _statements(client: Client, method: str, url: str, **extra) -> list[str]:
    send = getattr(client, method)
    send(url, **extra)  # the first request of a session may start its clocks
    with CaptureQueriesContext(connection) as queries:
        response = send(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in queries.captured_queries]


def _citizen_with_cases(count: int, clerk, case_type: str):
    citizen = CitizenFactory()
    for n in range(count):
        case = create_case(case_type, applicant=citizen, by=citizen)
        submit_case(case, by=citizen)
        for status in ENDINGS[n % len(ENDINGS)]:
            transition(case, status, by=clerk)
    # One draft, as a citizen halfway through a request has.
    create_case(case_type, applicant=citizen, by=citizen)
    return citizen


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def one_and_fifty(clerk, sample_case_type):
    return (
        _citizen_with_cases(1, clerk, sample_case_type.slug),
        _citizen_with_cases(50, clerk, sample_case_type.slug),
    )


def _same_count(make_statements) -> int:
    few, many = make_statements(0), make_statements(1)
    assert len(few) == len(many), "\n".join(many)
    return len(many)


@pytest.mark.parametrize(
    "url",
    [reverse("portal:home"), reverse("portal:service_info", args=["vehicles.data_lookup"])],
)
def test_home_and_a_service_page(one_and_fifty, url):
    _same_count(lambda i: _statements(_logged_in(one_and_fifty[i]), "get", url))


def test_my_requests(one_and_fifty):
    url = reverse("portal:my_requests")
    _same_count(lambda i: _statements(_logged_in(one_and_fifty[i]), "get", url))


def test_my_requests_reads_no_per_row_data(one_and_fifty):
    statements = _statements(_logged_in(one_and_fifty[1]), "get", reverse("portal:my_requests"))
    case_reads = [sql for sql in statements if 'FROM "cases_case"' in sql]
    # The list reads the columns it shows, never a draft's stored answers.
    assert all('"draft_data"' not in sql for sql in case_reads if "status\" = 'draft'" not in sql)


def _case_with(count: int, citizen, clerk, case_type: str):
    case = create_case(case_type, applicant=citizen, by=citizen)
    submit_case(case, by=citizen)
    transition(case, Status.IN_PROGRESS, by=clerk)
    for n in range(count):
        record_event(case, "payment.received", note=f"{n}")
        IssuedDocument.objects.create(
            case=case,
            kind=f"receipt-{n}",
            title=f"Receipt {n}",
            file=ContentFile(b"%PDF-1.7", name=f"receipt-{n}.pdf"),
            sha256="0" * 64,
            size=8,
            verification_code=secrets.token_hex(8),
        )
    transition(case, Status.DECIDED_REFUSED, by=clerk, note="No.")
    transition(case, Status.CLOSED, by=clerk)
    return case


def test_the_case_page(citizen, clerk, sample_case_type):
    cases = [_case_with(n, citizen, clerk, sample_case_type.slug) for n in (1, 50)]
    client = _logged_in(citizen)
    _same_count(lambda i: _statements(client, "get", cases[i].get_absolute_url()))


def test_the_api_case_list(one_and_fifty):
    app = ensure_okmanyapp()

    def statements(i):
        token = AccessToken.objects.create(
            user=one_and_fifty[i],
            application=app,
            token=secrets.token_urlsafe(30),
            scope="cases:read",
            expires=timezone.now() + timedelta(minutes=10),
        )
        return _statements(
            Client(), "get", "/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {token.token}"
        )

    _same_count(statements)


def test_a_filing_step_and_its_live_check(clerk):
    def citizen_with_requests(count):
        citizen = CitizenFactory()
        AddressFactory(person=citizen.person)
        for _ in range(count):
            case = create_case(certificate.SLUG, applicant=citizen, by=citizen)
            submit_case(case, by=citizen)
        return citizen

    citizens = [citizen_with_requests(n) for n in (1, 50)]
    url = reverse("flow:check_first", args=[certificate.SLUG])
    _same_count(
        lambda i: _statements(
            _logged_in(citizens[i]), "post", url, data=CONTENT, HTTP_HX_REQUEST="true"
        )
    )
    start = reverse("flow:start", args=[certificate.SLUG])
    _same_count(lambda i: _statements(_logged_in(citizens[i]), "get", start))


def test_the_anonymous_validity_check():
    def holder_with_documents(count):
        holder = PersonFactory(
            family_name="Kovács-Nagy", given_names="Éva Mária", birth_date=date(1980, 5, 14)
        )
        cards = [
            DocumentFactory(holder=holder, expires_on=date(2020 + n % 10, 1, 1))
            for n in range(count)
        ]
        return holder, cards[-1]

    worlds = [holder_with_documents(n) for n in (1, 50)]

    def statements(i):
        holder, card = worlds[i]
        data = {
            "category": "id_card",
            "number": card.number,
            "family_name": holder.family_name,
            "given_names": holder.given_names,
            "birth_date": "1980-05-14",
        }
        return _statements(Client(), "post", "/documents/validity/", data=data)

    _same_count(statements)


# --- No session write on a request that changes nothing -------------------------


def _session_writes(statements: list[str]) -> list[str]:
    return [
        sql
        for sql in statements
        if '"django_session"' in sql and sql.lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_a_second_look_at_my_requests_writes_no_session(one_and_fifty):
    client = _logged_in(one_and_fifty[1])
    assert _session_writes(_statements(client, "get", reverse("portal:my_requests"))) == []


def test_a_second_look_at_a_case_writes_no_session(citizen, clerk, sample_case_type):
    case = _case_with(1, citizen, clerk, sample_case_type.slug)
    client = _logged_in(citizen)
    assert _session_writes(_statements(client, "get", case.get_absolute_url())) == []
