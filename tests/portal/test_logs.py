"""Log lines: request ids (into the tasks too), JSON lines, no personal data."""

from __future__ import annotations

import io
import json
import logging
import sys
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cases.models import Case
from cases.workflow import Status
from portal import logs
from portal.celery import app as celery_app
from tests.criminal_records.conftest import CONTENT, SELF
from tests.factories import AddressFactory

seen_request_ids: list[str | None] = []


@celery_app.task(name="tests.portal.test_logs.note_request_id")
def note_request_id():
    seen_request_ids.append(logs.request_id_var.get())
    logging.getLogger("tests.task").info("task ran")


@pytest.fixture
def json_lines():
    """Everything logged at DEBUG and above, as the production handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.RequestIdFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def person(citizen):
    AddressFactory(person=citizen.person)
    return citizen.person


# --- The request id -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_gets_an_id_in_its_response(client):
    first = client.get("/health/live")["X-Request-ID"]
    second = client.get("/health/live")["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    [
        "3f2b9c1e-8a7d-4e2f-9b1a-0c5d6e7f8a9b",
        "7F000001:D6A4_0A0000C8:1F90_6753A1B2_0001",
        "abcdefgh",
    ],
)
def test_a_well_formed_id_from_the_load_balancer_is_kept(client, incoming):
    assert client.get("/health/live", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"] == incoming


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    ["short", "x" * 200, "has space in it", 'quote"injection1', "line\nbreak-12345", ""],
)
def test_a_malformed_id_is_replaced(client, incoming):
    answered = client.get("/health/live", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"]
    assert answered != incoming and len(answered) == 32


@pytest.mark.django_db
def test_every_line_of_a_request_carries_its_id(client, json_lines):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="lb-request-00000001")
    lines = json_lines()
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found, lines
    assert {line["request_id"] for line in not_found} == {"lb-request-00000001"}
    # After the request no line claims its id.
    logging.getLogger("tests.after").warning("between requests")
    assert json_lines()[-1]["request_id"] is None


def test_a_task_published_during_a_request_carries_its_id_to_the_worker():
    # What the worker receives: the message headers the publishing process wrote.
    headers: dict = {}
    token = logs.request_id_var.set("req-0123456789")
    try:
        logs.add_request_id_header(headers=headers)
    finally:
        logs.request_id_var.reset(token)
    assert headers == {"request_id": "req-0123456789"}
    # The worker runs it with that header on the task's request.
    seen_request_ids.clear()
    note_request_id.apply(headers=headers, task_id="task-1")
    assert seen_request_ids == ["req-0123456789"]
    assert logs.request_id_var.get() is None


def test_a_task_run_inside_the_request_keeps_the_request_id():
    seen_request_ids.clear()
    token = logs.request_id_var.set("req-eager-000001")
    try:
        note_request_id.delay()  # the suite runs tasks eagerly, in this thread
        assert logs.request_id_var.get() == "req-eager-000001"
    finally:
        logs.request_id_var.reset(token)
    assert seen_request_ids == ["req-eager-000001"]


# --- JSON lines -------------------------------------------------------------------------


def test_a_json_line_has_the_fixed_fields_and_only_safe_extras(json_lines):
    token = logs.request_id_var.set("req-json-0000001")
    try:
        logging.getLogger("portal.example").warning(
            "case %s deferred",
            "UGY-2026-000001",
            extra={"case": "UGY-2026-000001", "email": "kovacs.janos@example.hu", "person": "X Y"},
        )
    finally:
        logs.request_id_var.reset(token)
    (line,) = json_lines()
    assert set(line) == {"time", "level", "logger", "message", "request_id", "case"}
    assert line["level"] == "WARNING"
    assert line["logger"] == "portal.example"
    assert line["message"] == "case UGY-2026-000001 deferred"
    assert line["request_id"] == "req-json-0000001"
    assert line["time"].endswith("+00:00")


def test_a_traceback_is_one_field_of_one_line(json_lines):
    try:
        raise ValueError("duplicate key (email)=(nagy.eva@example.hu)")
    except ValueError:
        logging.getLogger("portal.example").exception("could not save")
    (line,) = json_lines()
    assert "ValueError" in line["exc_info"]
    assert "nagy.eva@example.hu" not in line["exc_info"]
    assert "[e-mail]" in line["exc_info"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sent to kovacs.janos@example.hu", "sent to [e-mail]"),
        ("SMS to +36201234567 queued", "SMS to [number] queued"),
        ("SMS to +36 20 123 4567 queued", "SMS to [number] queued"),
        ("TAJ 123 456 788", "TAJ [number]"),
        ("tax id 8123456789", "tax id [number]"),
        ("personal id 1-840512-1234", "personal id [number]"),
        ("card 123456AB, passport BE1000001", "card [document], passport [document]"),
        # What code is meant to log stays readable.
        ("case UGY-2026-000001 submitted", "case UGY-2026-000001 submitted"),
        ("payment 42 of 6500 HUF on 2026-12-06", "payment 42 of 6500 HUF on 2026-12-06"),
    ],
)
def test_redaction(text, expected):
    assert logs.redact(text) == expected


def test_the_text_format_is_redacted_too():
    formatter = logs.RedactingFormatter("%(levelname)s %(message)s")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "to %s", ("a@b.hu",), None)
    assert formatter.format(record) == "INFO to [e-mail]"


def test_the_text_format_keeps_its_time_stamp_and_redacts_the_traceback():
    formatter = logs.RedactingFormatter("%(asctime)s %(message)s")
    try:
        raise ValueError("phone +36 30 123 4567")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "for %s", ("8 123456 7890",), sys.exc_info()
        )
    record.created = datetime(2026, 12, 6, 20, 14, 48, tzinfo=UTC).timestamp()
    line = formatter.format(record)
    stamp = formatter.formatTime(record)
    assert line.startswith(f"{stamp} for [number]"), line
    assert "[number]" not in stamp
    assert "123 4567" not in line and "ValueError: phone [number]" in line


def test_the_format_is_chosen_by_the_environment():
    from django.conf import settings

    assert settings.PORTAL_LOG_FORMAT in {"json", "text"}
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == settings.PORTAL_LOG_FORMAT
    assert handler["filters"] == ["request_id"]


# --- A citizen's flow leaves no personal data in the log --------------------------------


@pytest.mark.django_db
def test_filing_a_request_logs_no_personal_data(citizen_client, citizen, person, json_lines):
    from criminal_records import certificate

    save_first = reverse("flow:save_first", args=[certificate.SLUG])
    assert citizen_client.get("/").status_code == 200
    assert citizen_client.post(save_first, CONTENT).status_code == 302
    case = Case.objects.filter(case_type=certificate.SLUG, status=Status.DRAFT).latest("pk")
    step = reverse("flow:save_step", args=[case.reference, 1])
    assert citizen_client.post(step, SELF).status_code == 302
    assert citizen_client.post(reverse("flow:submit", args=[case.reference])).status_code == 302
    assert citizen_client.get(reverse("portal:my_requests")).status_code == 200
    assert citizen_client.get(f"/my-requests/{case.reference}/").status_code == 200
    citizen_client.get("/no-such-page/")
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    lines = json_lines()
    assert lines, "the flow logged nothing: the check below would prove nothing"
    text = json.dumps(lines, ensure_ascii=False)
    identifiers = [
        citizen.email,
        citizen.username,
        SELF["notify_email"],
        person.personal_id,
        person.given_names,
        f"{person.family_name} {person.given_names}",
        f"{person.mother_family_name} {person.mother_given_names}",
    ]
    leaked = [value for value in identifiers if value and value in text]
    assert not leaked, leaked
