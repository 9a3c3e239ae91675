"""Prometheus metrics: what the web processes and the workers count, and what a scrape asks.

prometheus_client in its multiprocess mode (ADR 0028): gunicorn runs several worker
processes and Celery several pool processes, and a counter must add up over all of
them. Each process writes its values to files in PROMETHEUS_MULTIPROC_DIR (set by the
settings before this module is imported), and a scrape adds the files up. Every metric
here has labels, so no process opens a file before it counts something (the tests give
each session its own folder).

Labels are bounded and never personal: the view's name (never the path, which carries
references and tokens), the method, the status code, a task's name, a queue's name, a
payment state, an outbox channel.

Asked at scrape time, from the database and the broker (only by the web's /metrics):
the broker's queue lengths, payments by state and the outbox backlog. The database
figures are kept for DB_FIGURES_SECONDS, so that several scrapers (or a short scrape
interval) do not count a national-size table again and again.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from portal.client_ip import client_ip

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "portal_http_requests",
    "HTTP requests answered, by view name, method and status code",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time from the first middleware to the response, by view name and method",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
TASK_FAILURES = Counter(
    "portal_celery_task_failures",
    "Celery task runs that raised (a retry that later succeeds counts too)",
    ["task"],
)
TASK_RETRIES = Counter(
    "portal_celery_task_retries",
    "Celery task runs that asked to be retried",
    ["task"],
)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# How long the database figures of a scrape are reused.
DB_FIGURES_SECONDS = 30
# A broker that does not answer within this long is reported as such, not waited for.
BROKER_TIMEOUT_SECONDS = 2


# --- Requests -----------------------------------------------------------------


def view_label(request: HttpRequest) -> str:
    """The matched view's name; what no URL pattern matched gets one label for all."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


class MetricsMiddleware:
    """Counts and times every response, first in the chain so that it sees them all."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_label(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view, method).observe(time.perf_counter() - started)
        return response


# --- Celery tasks (connected in PortalConfig.ready, so in the workers too) -----------


def count_task_failure(sender=None, **kwargs) -> None:
    TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()


def count_task_retry(sender=None, **kwargs) -> None:
    TASK_RETRIES.labels(getattr(sender, "name", "unknown")).inc()


def connect_task_signals() -> None:
    from celery import signals

    signals.task_failure.connect(count_task_failure, weak=False)
    signals.task_retry.connect(count_task_retry, weak=False)
    signals.worker_ready.connect(start_worker_exporter, weak=False)


def start_worker_exporter(**kwargs):
    """A worker on its own machine or container offers its counters on
    PORTAL_WORKER_METRICS_ADDRESS (host:port); off when that is empty. Returns the
    server (None when off)."""
    address = settings.PORTAL_WORKER_METRICS_ADDRESS
    if not address:
        return None
    from prometheus_client import start_http_server

    host, _, port = address.rpartition(":")
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    server, _thread = start_http_server(
        int(port), addr=host.strip("[]") or "0.0.0.0", registry=registry
    )
    logger.info("worker metrics on %s", address)
    return server


# --- Figures asked at scrape time ------------------------------------------------


class BrokerQueueCollector:
    """Messages waiting in each Celery queue: Redis list lengths in production, the
    files of the embedded file-system broker in `make run`."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from kombu.exceptions import ChannelError

        from portal.celery import app

        family = GaugeMetricFamily(
            "portal_celery_queue_length", "Messages waiting in the broker queue", labels=["queue"]
        )
        up = GaugeMetricFamily(
            "portal_celery_broker_up", "1 when the broker answered this scrape, else 0"
        )
        try:
            with app.connection_for_read() as conn:
                conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
                channel = conn.default_channel
                for name in sorted(app.amqp.queues):
                    try:
                        count = channel.queue_declare(name, passive=True).message_count
                    except ChannelError:  # never declared: nothing was ever sent to it
                        count = 0
                    family.add_metric([name], count)
            up.add_metric([], 1)
        except Exception as exc:  # a scrape must say the broker is down, not fail
            logger.warning("metrics: broker not reachable (%s)", type(exc).__name__)
            up.add_metric([], 0)
        yield family
        yield up


class DatabaseFiguresCollector:
    """Payments by state and the outbox backlog, kept for DB_FIGURES_SECONDS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._figures: tuple[float, dict] | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "portal_database_figures_up", "1 when the database answered this scrape, else 0"
        )
        try:
            figures = self._current()
        except Exception as exc:  # a scrape must say the database is down, not fail
            logger.warning("metrics: database not reachable (%s)", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        payments = GaugeMetricFamily("portal_payments", "Payments in each state", labels=["state"])
        for state, count in figures["payments"].items():
            payments.add_metric([state], count)
        unsent = GaugeMetricFamily(
            "portal_outbox_unsent",
            "Outbox messages queued or being sent, by channel",
            labels=["channel"],
        )
        for channel, count in figures["unsent"].items():
            unsent.add_metric([channel], count)
        oldest = GaugeMetricFamily(
            "portal_outbox_oldest_unsent_age_seconds",
            "Age of the oldest outbox message not yet sent (0 when none waits)",
        )
        oldest.add_metric([], figures["oldest_age"])
        yield payments
        yield unsent
        yield oldest

    def _current(self) -> dict:
        with self._lock:
            now = time.monotonic()
            if self._figures is None or now - self._figures[0] > DB_FIGURES_SECONDS:
                self._figures = (now, database_figures())
            return self._figures[1]

    def forget(self) -> None:
        with self._lock:
            self._figures = None


def database_figures() -> dict:
    from notifications.models import Notification
    from payments.models import Payment
    from payments.workflow import PaymentState

    # Every state and channel is listed, so a series exists before its first row.
    payments = dict.fromkeys(PaymentState.values, 0)
    for row in Payment.objects.order_by().values("state").annotate(n=Count("id")):
        payments[row["state"]] = row["n"]
    waiting = Notification.objects.order_by().filter(
        state__in=[Notification.State.QUEUED, Notification.State.SENDING]
    )
    unsent = dict.fromkeys(Notification.Channel.values, 0)
    for row in waiting.values("channel").annotate(n=Count("id")):
        unsent[row["channel"]] = row["n"]
    first = waiting.aggregate(first=Min("created_at"))["first"]
    oldest_age = (timezone.now() - first).total_seconds() if first else 0.0
    return {"payments": payments, "unsent": unsent, "oldest_age": max(oldest_age, 0.0)}


DATABASE_FIGURES = DatabaseFiguresCollector()


# --- The endpoint -------------------------------------------------------------------


def scrape_allowed(request: HttpRequest) -> bool:
    """A bearer token equal to PORTAL_METRICS_TOKEN, or a client address (behind our
    own proxies, portal.client_ip) inside PORTAL_METRICS_ALLOWED_NETS."""
    token = settings.PORTAL_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in network for network in settings.PORTAL_METRICS_ALLOWED_NETS)


@require_GET
@never_cache
@transaction.non_atomic_requests
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not scrape_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(BrokerQueueCollector())
    registry.register(DATABASE_FIGURES)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
