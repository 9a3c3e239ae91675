"""GET /metrics: scraped and read with prometheus_client's own text parser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from cases import registry
from cases.actions import create_case
from cases.registry import CaseType
from notifications.models import Notification
from payments.models import Payment, new_order_ref
from payments.workflow import PaymentState
from portal import metrics
from portal.celery import app as celery_app

SAMPLE_TYPE = "tests.metrics_sample"


@celery_app.task(name="tests.portal.test_metrics.always_fails")
def always_fails():
    raise RuntimeError("this task always fails")


@pytest.fixture(autouse=True)
def fresh_database_figures():
    # Payments and the outbox are counted afresh for each scrape of these tests.
    metrics.DATABASE_FIGURES.forget()
    yield
    metrics.DATABASE_FIGURES.forget()


def scrape(client, **kwargs) -> dict[tuple[str, tuple], float]:
    """Every sample of a scrape, keyed by (sample name, sorted labels)."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def requests_of(samples, view, method="GET", status="200") -> float:
    key = ("portal_http_requests_total", (("method", method), ("status", status), ("view", view)))
    return samples.get(key, 0.0)


@pytest.mark.django_db
def test_a_request_moves_the_counter_and_the_histogram_of_its_view(client):
    before = scrape(client)
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/live").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    after = scrape(client)
    assert requests_of(after, "portal:health_live") - requests_of(before, "portal:health_live") == 2
    assert (
        requests_of(after, "unmatched", status="404")
        - requests_of(before, "unmatched", status="404")
        == 1
    )
    count = (
        "portal_http_request_duration_seconds_count",
        (("method", "GET"), ("view", "portal:health_live")),
    )
    assert after[count] - before.get(count, 0.0) == 2
    infinite = (
        "portal_http_request_duration_seconds_bucket",
        (("le", "+Inf"), ("method", "GET"), ("view", "portal:health_live")),
    )
    assert after[infinite] == after[count]


@pytest.mark.django_db
def test_labels_name_the_view_never_the_path(client, citizen):
    client.force_login(citizen)
    client.get("/my-requests/UGY-2026-424242/")
    client.get("/services/no-such-service-4242/")
    samples = scrape(client)
    labels = [value for _, pairs in samples for _, value in pairs]
    assert not [value for value in labels if "4242" in value or value.startswith("/")]
    assert requests_of(samples, "portal:case_detail", status="404") == 1
    assert requests_of(samples, "portal:service_info", status="404") == 1


@pytest.mark.django_db
def test_a_failing_task_counts_as_a_failure(client):
    key = ("portal_celery_task_failures_total", (("task", always_fails.name),))
    before = scrape(client).get(key, 0.0)
    # As a worker runs it: the failure is handled (and signalled), not raised to the caller
    # as the suite's eager mode otherwise does.
    celery_app.conf.task_eager_propagates = False
    try:
        result = always_fails.delay()
    finally:
        celery_app.conf.task_eager_propagates = True
    assert result.failed()
    assert scrape(client)[key] - before == 1


@pytest.fixture
def make_payment(citizen):
    """A payment in `state`, each on a case of its own (one in flight per case)."""
    registry.register(CaseType(slug=SAMPLE_TYPE, label="Metrics sample", deadline_days=8))

    def make(state: str) -> Payment:
        case = create_case(SAMPLE_TYPE, applicant=citizen)
        return Payment.objects.create(
            case=case,
            provider=Payment.Provider.SIMPLEPAY,
            amount=6500,
            order_ref=new_order_ref(case.reference),
            state=state,
        )

    yield make
    registry.unregister(SAMPLE_TYPE)


@pytest.mark.django_db
def test_payments_are_counted_by_state(client, make_payment):
    samples = scrape(client)
    # Every state has a series before its first payment.
    for state in PaymentState.values:
        assert samples[("portal_payments", (("state", state),))] == 0
    for state in (PaymentState.STARTED, PaymentState.STARTED, PaymentState.SUCCEEDED):
        make_payment(state)
    metrics.DATABASE_FIGURES.forget()
    samples = scrape(client)
    assert samples[("portal_payments", (("state", "started"),))] == 2
    assert samples[("portal_payments", (("state", "succeeded"),))] == 1
    assert samples[("portal_payments", (("state", "failed"),))] == 0
    assert samples[("portal_database_figures_up", ())] == 1


@pytest.mark.django_db
def test_the_outbox_backlog_and_its_oldest_message(client):
    samples = scrape(client)
    assert samples[("portal_outbox_unsent", (("channel", "email"),))] == 0
    assert samples[("portal_outbox_oldest_unsent_age_seconds", ())] == 0
    now = timezone.now()
    for state, age in [
        (Notification.State.QUEUED, timedelta(minutes=20)),
        (Notification.State.SENDING, timedelta(minutes=1)),
        (Notification.State.SENT, timedelta(hours=5)),
        (Notification.State.FAILED, timedelta(hours=6)),
    ]:
        Notification.objects.create(
            channel=Notification.Channel.EMAIL,
            recipient="minta@example.hu",
            template="case_status",
            state=state,
            created_at=now - age,
        )
    Notification.objects.create(
        channel=Notification.Channel.SMS, recipient="+36201234567", template="code"
    )
    metrics.DATABASE_FIGURES.forget()
    samples = scrape(client)
    assert samples[("portal_outbox_unsent", (("channel", "email"),))] == 2
    assert samples[("portal_outbox_unsent", (("channel", "sms"),))] == 1
    oldest = samples[("portal_outbox_oldest_unsent_age_seconds", ())]
    assert 20 * 60 <= oldest < 30 * 60


@pytest.mark.django_db
def test_database_figures_are_reused_between_close_scrapes(client, make_payment):
    scrape(client)
    make_payment(PaymentState.FAILED)
    assert scrape(client)[("portal_payments", (("state", "failed"),))] == 0
    metrics.DATABASE_FIGURES.forget()
    assert scrape(client)[("portal_payments", (("state", "failed"),))] == 1


@pytest.mark.django_db
def test_the_embedded_broker_queue_is_measured(client):
    samples = scrape(client)
    assert samples[("portal_celery_broker_up", ())] == 1
    assert ("portal_celery_queue_length", (("queue", "celery"),)) in samples


@pytest.mark.django_db
def test_the_queue_length_follows_the_embedded_broker(client):
    # A message published to the file-system broker (the one `make run` uses) and not
    # consumed is counted in the queue it waits in.
    key = ("portal_celery_queue_length", (("queue", "celery"),))
    before = scrape(client)[key]
    celery_app.conf.task_always_eager = False
    try:
        always_fails.delay()
    finally:
        celery_app.conf.task_always_eager = True
    try:
        assert scrape(client)[key] - before == 1
    finally:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_is_reported_not_fatal(client, monkeypatch):
    from kombu import Connection

    monkeypatch.setattr(
        celery_app, "connection_for_read", lambda: Connection("redis://127.0.0.1:9/0")
    )
    samples = scrape(client)
    assert samples[("portal_celery_broker_up", ())] == 0
    assert samples[("portal_payments", (("state", "created"),))] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("remote", "allowed"),
    [("127.0.0.1", True), ("::1", True), ("10.1.2.3", False), ("203.0.113.9", False)],
)
def test_only_allowed_networks_may_scrape(client, remote, allowed):
    response = client.get("/metrics", REMOTE_ADDR=remote)
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert b"portal_" not in response.content


@pytest.mark.django_db
def test_the_networks_are_configurable(client, settings):
    import ipaddress

    settings.PORTAL_METRICS_ALLOWED_NETS = [ipaddress.ip_network("10.20.0.0/16")]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


@pytest.mark.django_db
def test_a_request_through_our_proxy_is_judged_by_its_client(client, settings):
    # The load balancer runs on loopback; what it forwards from outside stays outside.
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_bearer_token_opens_it_from_anywhere(client, settings):
    settings.PORTAL_METRICS_TOKEN = "s3cret-scrape-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    good = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token", **outside)
    assert good.status_code == 200
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guessed", **outside)
    assert wrong.status_code == 403
    # A wrong token is refused even from an allowed address.
    local = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guessed")
    assert local.status_code == 403


@pytest.mark.django_db
def test_without_a_configured_token_a_bearer_header_opens_nothing(client):
    response = client.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer anything", REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_scrapes_take_get_only(client):
    assert client.post("/metrics").status_code == 405


def test_a_worker_offers_its_own_counters_when_configured(settings):
    import socket
    import urllib.request

    assert metrics.start_worker_exporter() is None  # off by default
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.PORTAL_WORKER_METRICS_ADDRESS = f"127.0.0.1:{port}"
    key = ("portal_celery_task_failures_total", (("task", always_fails.name),))
    celery_app.conf.task_eager_propagates = False

    def failures() -> float:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
            text = answer.read().decode()
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }
        return samples.get(key, 0.0)

    server = metrics.start_worker_exporter()
    try:
        before = failures()
        always_fails.delay()
        assert failures() - before == 1
    finally:
        celery_app.conf.task_eager_propagates = True
        server.shutdown()
        server.server_close()
