"""The service status page: what works and what does not, in words."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from notifications.models import Notification
from portal import status


@pytest.fixture
def listening():
    """A port that accepts connections (the kernel's backlog; nothing answers)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _finding(service: str) -> status.Finding:
    findings, _ = status.findings(fresh=True)
    return next(f for f in findings if f.service == service)


@pytest.mark.django_db
def test_the_page_names_every_part_with_its_state_in_words(client, settings, closed_port):
    settings.SIMPLEPAY_API_BASE = f"http://127.0.0.1:{closed_port}/sandbox/simplepay"
    response = client.get("/status/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "<h1>Szolgáltatások állapota</h1>" in body
    for label in (
        "Kérelmek és fiókok",
        "Háttérfeldolgozás",
        "E-mail-értesítések",
        "Bankkártyás fizetés",
        "Feltöltött fájlok ellenőrzése",
        "Bejelentkezés (azonosítás)",
    ):
        assert f'<th scope="row">{label}</th>' in body
    # No worker heartbeat in a test: requests are received, the rest waits.
    assert "A kérelmeket fogadjuk, de a visszaigazolások" in body
    assert "Fizethet banki átutalással" in body
    assert "A portál egyes részei most nem működnek teljesen." in body


@pytest.mark.django_db
def test_the_page_in_english(client, settings):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/status/").content.decode()
    assert "<h1>Service status</h1>" in body
    assert '<th scope="row">Background processing</th>' in body
    assert '<span class="status-pill status-degraded">Works with limits</span>' in body


@pytest.mark.django_db
def test_the_footer_links_the_status_page_and_health_stays_json(client):
    assert '<a href="/status/">Szolgáltatások állapota</a>' in client.get("/").content.decode()
    assert client.get("/health/")["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_results_are_kept_for_half_a_minute(settings, listening, closed_port):
    settings.SIMPLEPAY_API_BASE = f"http://127.0.0.1:{listening}"
    first, checked_at = status.findings()
    settings.SIMPLEPAY_API_BASE = f"http://127.0.0.1:{closed_port}"
    again, same_time = status.findings()
    assert [f.state for f in again] == [f.state for f in first]
    assert same_time == checked_at
    assert _finding("payments").state == status.DEGRADED


@pytest.mark.django_db
def test_card_payment_works_while_the_provider_accepts_connections(settings, listening):
    settings.SIMPLEPAY_API_BASE = f"https://127.0.0.1:{listening}/sandbox/simplepay"
    assert _finding("payments") == status.Finding("payments", status.OK, "payments.ok")


@pytest.mark.django_db
def test_mail(settings, listening, closed_port):
    settings.EMAIL_BACKEND = "sandbox.mail.MailViewerBackend"
    assert _finding("mail").detail == "mail.sandbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    assert _finding("mail") == status.Finding("mail", status.DOWN, "mail.down")
    settings.EMAIL_PORT = listening
    assert _finding("mail") == status.Finding("mail", status.OK, "mail.ok")
    Notification.objects.create(
        channel=Notification.Channel.EMAIL,
        recipient="citizen@example.hu",
        template="case_status",
        created_at=timezone.now() - status.MAIL_QUEUE_LIMIT - timedelta(seconds=1),
    )
    assert _finding("mail") == status.Finding("mail", status.DEGRADED, "mail.queue")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "detail"),
    [("optional", "scanner.optional"), ("required", "scanner.required"), ("off", "scanner.off")],
)
def test_upload_scanning_without_a_scanner(settings, mode, detail):
    settings.PORTAL_UPLOAD_SCAN = mode
    assert _finding("scanner") == status.Finding("scanner", status.DEGRADED, detail)


@pytest.mark.django_db
def test_login_is_down_without_identity_provider_metadata(settings, tmp_path):
    settings.SAML_IDP_METADATA_FILE = str(tmp_path / "missing.xml")
    assert _finding("identity") == status.Finding("identity", status.DOWN, "identity.down")


@pytest.mark.django_db
def test_processing_works_with_a_fresh_worker_heartbeat():
    from portal.tasks import record_heartbeat

    assert _finding("processing").detail == "processing.worker"
    record_heartbeat()
    assert _finding("processing") == status.Finding("processing", status.OK, "processing.ok")
