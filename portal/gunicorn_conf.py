"""gunicorn's configuration in the production image: `gunicorn -c python:portal.gunicorn_conf`.

Access logs are kept longer and read by more people than the database, so no
secret may reach them: they record the path without the query string (SAML's
Redirect binding carries whole messages there), the token segments of links
sent by e-mail are blanked (confirmation, e-mail change and password reset
links), and the Referer gets the same treatment, since a page opened from such a
link sends its address along with the next request. GUNICORN_CMD_ARGS can still
change any value here (`--workers 8`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from gunicorn.glogging import Logger

bind = "0.0.0.0:8000"
workers = 3
# A slow bank or SMTP call is given up well before this; it only catches a stuck worker.
timeout = 60
accesslog = "-"
# Apache's combined format, but %(U)s (the path) where it has %(r)s (the request
# line, query string included), and the request id the portal answered with last
# (portal/logs.py), so that a line here finds the application's lines of the request.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
)
logger_class = "portal.gunicorn_conf.RedactingLogger"


def on_starting(server) -> None:
    """Empty the metrics folder before the workers start (portal/metrics.py): the files
    of an earlier run's processes would otherwise be added to this run's counts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.conf import settings

    # Loading the settings puts PROMETHEUS_MULTIPROC_DIR (default: the data folder's
    # metrics/) in the environment that every worker inherits, so all of them write
    # where /metrics reads.
    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.DATA_DIR / "metrics")
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob("*.db"):
        # Another server starting at the same moment on the same folder (make bench
        # starts the portal and its reference together) may have removed it first.
        leftover.unlink(missing_ok=True)


def child_exit(server, worker) -> None:
    """A worker that ended keeps its counts, but its live gauges (if any) go with it."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


REDACTED = "[redacted]"

# The e-mailed links whose last segments are a secret or an opaque token, and the
# verification page of issued documents, whose code a visitor scanned or typed.
_TOKEN_ROUTES = re.compile(
    r"(/confirm-email/|/email/confirm/|/password/reset/\d+/"
    r"|/appointments/confirm/|/appointments/manage/|^/verify/)[^/]+"
)
# Anything else that looks like a token (no page address of the portal has a segment
# this long: references and UUIDs are shorter), in case a new link forgets to be listed.
_LONG_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-=:.%]{40,}(?=/|$)")


def redact_path(path: str) -> str:
    """The path as it may be logged: token segments blanked."""
    path = _TOKEN_ROUTES.sub(lambda match: match.group(1) + REDACTED, path)
    return _LONG_SEGMENT.sub(REDACTED, path)


def redact_url(url: str) -> str:
    """A Referer as it may be logged: without query string or fragment, token segments
    blanked; "-" when absent."""
    if not url or url == "-":
        return "-"
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
    return origin + redact_path(parts.path)


class RedactingLogger(Logger):
    """Fills the access-log fields that can carry a URL only with redacted values, so
    that no `access_log_format` (ours or an operator's) can log a token."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO", ""))
        atoms["U"] = path
        atoms["r"] = f"{atoms['m']} {path} {atoms['H']}"
        atoms["q"] = "-"
        atoms["f"] = redact_url(environ.get("HTTP_REFERER", "-"))
        if "{referer}i" in atoms:
            atoms["{referer}i"] = atoms["f"]
        for key in ("{raw_uri}e", "{query_string}e", "{request_uri}e"):
            atoms.pop(key, None)
        if "{path_info}e" in atoms:
            atoms["{path_info}e"] = path
        return atoms
