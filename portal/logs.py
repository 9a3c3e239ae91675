"""Log lines: a request id on each, personal data kept out, JSON in production.

Every request gets an id: the load balancer's X-Request-ID when it is well formed
(so its log and ours can be joined), else a new one. It is returned in the response's
X-Request-ID header, written on every log line of the request, and travels with each
task the request enqueues (a message header), so the worker's lines about that task
carry it too.

`PORTAL_LOG_FORMAT=json` writes one JSON object per line: time, level, logger,
message, request_id, and only the extra fields listed in SAFE_FIELDS. Both formats
pass the message and any traceback through `redact`, which blanks e-mail addresses,
phone numbers, identifier-length digit runs and document numbers: a net under the
rule that code logs case references, never personal data (a database error's detail
can quote a row's values).
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

HEADER = "X-Request-ID"
# What a load balancer sends: HAProxy's unique-id, nginx's $request_id, a UUID. Anything
# else (too long, spaces, quotes, line breaks) is replaced, never logged.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{7,127}")
# The only `extra=` fields a JSON line carries: anything else a call passes is dropped.
SAFE_FIELDS = frozenset({"case", "task", "task_id", "status", "view", "method", "duration_ms"})

_REDACTIONS = [
    # E-mail addresses.
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    # Phone numbers, tax and social security numbers, personal identifiers: nine or
    # more digits, maybe grouped by single spaces or dashes, maybe after a "+". Case
    # references (UGY-2026-000001) and dates have shorter groups after a dash.
    (re.compile(r"(?<![\w-])\+?\d(?:[ -]?\d){8,}(?![\w-])"), "[number]"),
    # ID card (123456AB) and passport (BE1234567) numbers.
    (re.compile(r"\b(?:\d{6}[A-Z]{2}|[A-Z]{2}\d{7})\b"), "[document]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def accept_request_id(incoming: str | None) -> str:
    """The incoming id when it is well formed, else a new one."""
    if incoming and _WELL_FORMED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives the request its id (first in the chain, so every line of it has one)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request_id = accept_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        # Not reset here: Django logs a 4xx or 5xx after the middleware returns. The
        # request_finished signal clears it (forget_request_id).
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def forget_request_id(**kwargs) -> None:
    request_id_var.set(None)


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-") on every record the handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class RedactingFormatter(logging.Formatter):
    """The text format (`make run`, development), with the same redaction as JSON."""

    # The message, the traceback and the stack are redacted, not the whole line: the
    # time stamp ("2026-12-06 20:14:48") is a run of digits the number rule would blank.
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = redact(record.message)
        return super().formatMessage(record)

    def formatException(self, ei) -> str:  # noqa: N802
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return redact(super().formatStack(stack_info))


class JsonFormatter(_LibraryJsonFormatter):
    """One JSON object per line (python-json-logger), with fixed names and safe fields."""

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = redact(record.getMessage())
        # null outside a request or task (the text format writes "-").
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        log_data["request_id"] = None if request_id == "-" else request_id
        for key in sorted(SAFE_FIELDS & record.__dict__.keys()):
            log_data[key] = record.__dict__[key]
        if message_dict.get("exc_info"):
            log_data["exc_info"] = redact(message_dict["exc_info"])


# --- Celery: the request id travels with the task --------------------------------------

_task_tokens: dict[str, contextvars.Token] = {}


def add_request_id_header(headers=None, **kwargs) -> None:
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers["request_id"] = request_id


def take_request_id(task_id=None, task=None, **kwargs) -> None:
    if task is None:
        return
    # A worker puts the message's own headers on the task's request; Task.apply (and
    # so a test) keeps them under `headers`.
    request_id = getattr(task.request, "request_id", None) or (
        getattr(task.request, "headers", None) or {}
    ).get("request_id")
    # A task run eagerly inside the request has no header and keeps the request's id.
    if request_id and task_id:
        _task_tokens[task_id] = request_id_var.set(accept_request_id(request_id))


def drop_request_id(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)


def connect_signals() -> None:
    from celery import signals
    from django.core.signals import request_finished

    request_finished.connect(forget_request_id, weak=False)
    signals.before_task_publish.connect(add_request_id_header, weak=False)
    signals.task_prerun.connect(take_request_id, weak=False)
    signals.task_postrun.connect(drop_request_id, weak=False)
