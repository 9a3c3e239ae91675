"""What works and what does not: the checks behind the status page and /health/.

The status page tells citizens, in words, which parts of the portal work now; the
/health/ JSON tells load balancers and operators the same about the parts the web
process needs (/health/ready: may this instance take requests; /health/live: does
the process answer at all). External systems are only asked whether they accept a connection
(a few seconds at most), never sent a request: the page must stay cheap, and the
portal's own stand-ins (the payment emulator, the built-in identity provider) run in
this same server, which may have a single worker busy rendering this page.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Heartbeat

OK, DEGRADED, DOWN = "ok", "degraded", "down"
# A probe of an external system waits at most this long for a connection.
PROBE_TIMEOUT_SECONDS = 2.0
# The page is answered from the last results for this long, so reloading it (or
# many citizens opening it during an outage) does not multiply the probes.
CACHE_SECONDS = 30
CACHE_KEY = "portal:status:v1"
# A message still queued after this long means the mail is not getting through.
MAIL_QUEUE_LIMIT = timedelta(minutes=15)

STATE_LABELS = {OK: _("Works"), DEGRADED: _("Works with limits"), DOWN: _("Not working")}

SERVICES = {
    "database": _("Requests and accounts"),
    "processing": _("Background processing"),
    "mail": _("E-mail notifications"),
    "payments": _("Card payment"),
    "scanner": _("Upload scanning"),
    "identity": _("Login (identity provider)"),
}

# What each finding means for the citizen.
DETAILS = {
    "database.ok": _("Requests can be filed and viewed."),
    "database.down": _(
        "Requests cannot be filed or viewed now, and logging in does not work. "
        "Nothing you sent before is lost."
    ),
    "processing.ok": _("Confirmations, documents and e-mails are prepared within minutes."),
    "processing.worker": _(
        "Requests are received, but confirmations, documents and e-mails are delayed. "
        "They will be prepared when processing resumes."
    ),
    "processing.broker": _(
        "Requests may not be received now: the queue of background work does not answer."
    ),
    "mail.ok": _("E-mails are sent."),
    "mail.sandbox": _("Demonstration mode: e-mails are kept in the sandbox mailbox."),
    "mail.queue": _("E-mails are delayed; they are sent again automatically."),
    "mail.down": _(
        "E-mails cannot be sent now; they are kept and sent again automatically. "
        "Your requests are not affected: you can follow them under My requests."
    ),
    "payments.ok": _("Fees can be paid by card."),
    "payments.down": _(
        "Card payment is unavailable now. You can pay by bank transfer, or pay by card later."
    ),
    "scanner.ok": _("Uploaded files are checked for malware."),
    "scanner.off": _("Uploaded files are not checked for malware (development setting)."),
    "scanner.optional": _("Uploaded files are accepted without a malware check for now."),
    "scanner.required": _(
        "Files cannot be uploaded now, because they cannot be checked for malware. "
        "Requests without an upload work."
    ),
    "identity.ok": _("Logging in works."),
    "identity.down": _(
        "Logging in does not work now. If you are logged in already, you can go on."
    ),
}


@dataclass(frozen=True)
class Finding:
    """One part of the portal: its state and the key of the sentence that explains it."""

    service: str
    state: str
    detail: str

    @property
    def label(self) -> str:
        return str(SERVICES[self.service])

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def explanation(self) -> str:
        return str(DETAILS[self.detail])


def findings(*, fresh: bool = False) -> tuple[list[Finding], str]:
    """Every part's finding and when it was made (ISO time), cached for CACHE_SECONDS."""
    cached = None if fresh else cache.get(CACHE_KEY)
    if cached is None:
        made = [
            _database_finding(),
            _processing_finding(),
            _mail_finding(),
            _payments_finding(),
            _scanner_finding(),
            _identity_finding(),
        ]
        cached = ([(f.service, f.state, f.detail) for f in made], timezone.now().isoformat())
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    rows, checked_at = cached
    return [Finding(*row) for row in rows], checked_at


# --- The checks /health/ reports as JSON ------------------------------------


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except Exception as exc:  # report any failure instead of a 500
        return {"ok": False, "error": type(exc).__name__}


def check_broker() -> dict:
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "transport": conn.transport_cls}
    except Exception as exc:  # report any failure instead of a 500
        return {"ok": False, "error": type(exc).__name__}


def check_cache() -> dict:
    """The shared cache (Redis in production: sessions, rate limits) answers."""
    try:
        cache.get("portal:health:probe")
        return {"ok": True}
    except Exception as exc:  # report any failure instead of a 500
        return {"ok": False, "error": type(exc).__name__}


# Once every migration was found applied, a process need not read the migration files
# again (about a hundred of them): migrations are applied before a release starts, not
# taken back under a running one.
_migrations_applied = False


def check_migrations() -> dict:
    """Every migration of the code this process runs is applied to the database."""
    global _migrations_applied
    if _migrations_applied:
        return {"ok": True}
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # report any failure instead of a 500
        return {"ok": False, "error": type(exc).__name__}
    if pending:
        return {"ok": False, "error": "unapplied migrations", "unapplied": len(pending)}
    _migrations_applied = True
    return {"ok": True}


def check_worker() -> dict:
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return {"ok": False, "error": "no heartbeat yet"}
    age = timezone.now() - beat.at
    return {
        "ok": age <= settings.PORTAL_HEARTBEAT_MAX_AGE,
        "last_heartbeat": beat.at.isoformat(),
        "age_seconds": int(age.total_seconds()),
    }


# --- The findings of the status page ----------------------------------------


def _database_finding() -> Finding:
    if check_database()["ok"]:
        return Finding("database", OK, "database.ok")
    return Finding("database", DOWN, "database.down")


def _processing_finding() -> Finding:
    if not check_broker()["ok"]:
        return Finding("processing", DOWN, "processing.broker")
    # The worker's heartbeat is read from the database: without it, say so once above.
    try:
        worker_ok = check_worker()["ok"]
    except Exception:  # the database is down; its own finding says so
        worker_ok = False
    if worker_ok:
        return Finding("processing", OK, "processing.ok")
    return Finding("processing", DEGRADED, "processing.worker")


def _mail_finding() -> Finding:
    from notifications.models import Notification

    if settings.EMAIL_BACKEND == "sandbox.mail.MailViewerBackend":
        return Finding("mail", OK, "mail.sandbox")
    if not _accepts_connections(settings.EMAIL_HOST, settings.EMAIL_PORT):
        return Finding("mail", DOWN, "mail.down")
    try:
        stuck = Notification.objects.filter(
            channel=Notification.Channel.EMAIL,
            state=Notification.State.QUEUED,
            created_at__lt=timezone.now() - MAIL_QUEUE_LIMIT,
        ).exists()
    except Exception:  # the database is down; its own finding says so
        stuck = False
    if stuck:
        return Finding("mail", DEGRADED, "mail.queue")
    return Finding("mail", OK, "mail.ok")


def _payments_finding() -> Finding:
    # Bank transfer needs nothing outside the portal, so card payment down is a limit.
    if _url_accepts_connections(settings.SIMPLEPAY_API_BASE):
        return Finding("payments", OK, "payments.ok")
    return Finding("payments", DEGRADED, "payments.down")


def _scanner_finding() -> Finding:
    from cases import scanning

    mode = settings.PORTAL_UPLOAD_SCAN
    if mode == "off":
        return Finding("scanner", DEGRADED, "scanner.off")
    scanner = scanning.Clamd(
        settings.CLAMD_ADDRESS, timeout=PROBE_TIMEOUT_SECONDS, connect_timeout=PROBE_TIMEOUT_SECONDS
    )
    try:
        scanner.ping()
    except scanning.ScanError:
        if mode == "required":
            return Finding("scanner", DEGRADED, "scanner.required")
        return Finding("scanner", DEGRADED, "scanner.optional")
    return Finding("scanner", OK, "scanner.ok")


def _identity_finding() -> Finding:
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.s_utils import UnsupportedBinding

    from identity import saml

    locations = []
    try:
        metadata = saml.client().metadata
        entity = saml.idp_entity_id()
        for binding in (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT):
            try:
                endpoints = metadata.single_sign_on_service(entity, binding)
            except UnsupportedBinding:  # pysaml2's way of saying "not offered"
                continue
            locations += [endpoint["location"] for endpoint in endpoints]
    except Exception:  # metadata missing, unreadable or without an IdP: no login
        return Finding("identity", DOWN, "identity.down")
    if locations and _url_accepts_connections(locations[0]):
        return Finding("identity", OK, "identity.ok")
    return Finding("identity", DOWN, "identity.down")


def _url_accepts_connections(url: str) -> bool:
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    return _accepts_connections(
        parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    )


def _accepts_connections(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_SECONDS):
            return True
    except OSError:
        return False
