"""The production server's access log records no token and no query string."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from portal.gunicorn_conf import REDACTED, redact_path, redact_url

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "gAAAAABoZ" + "x1Y2_-Z" * 20  # the shape of a sealed token
SECRET = "ab" * 32  # a password reset secret


@pytest.mark.parametrize(
    ("route", "args", "kept"),
    [
        ("identity:confirm_email", [TOKEN], "/account/confirm-email/"),
        ("ugyfelkapu:email_confirm", [TOKEN], "/ugyfelkapu/email/confirm/"),
        ("ugyfelkapu:password_reset_confirm", [12, SECRET], "/ugyfelkapu/password/reset/12/"),
        ("documents:verify", ["7KQ2-M9XD-4HTA-0ZRC"], "/verify/"),
    ],
)
def test_the_token_of_every_emailed_link_is_blanked(route, args, kept):
    path = reverse(route, args=args)
    assert redact_path(path) == f"{kept}{REDACTED}/"


@pytest.mark.parametrize(
    "path",
    [
        "/my-requests/UGY-2026-000123/",
        "/card/operations/6f1c2a9e-0d8b-4c1e-9a55-2b7f3c4d5e6f/",
        "/payments/case/UGY-2026-000123/",
        "/",
    ],
)
def test_ordinary_addresses_are_logged_as_they_are(path):
    assert redact_path(path) == path


def test_a_long_token_like_segment_on_any_other_route_is_blanked():
    assert redact_path(f"/some/new/link/{TOKEN}/") == f"/some/new/link/{REDACTED}/"


def test_a_referer_keeps_its_origin_and_loses_query_and_token():
    referer = f"https://portal.example.hu/account/confirm-email/{TOKEN}/?SAMLRequest=abc#x"
    assert redact_url(referer) == f"https://portal.example.hu/account/confirm-email/{REDACTED}/"
    assert redact_url("-") == "-"
    assert redact_url("") == "-"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, **headers) -> None:
    request = urllib.request.Request(url, headers=headers)
    # Any answer is logged; its status does not matter here.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10).close()


@contextlib.contextmanager
def _gunicorn(tmp_path, collected_static, *args: str):
    """gunicorn with this configuration on a free loopback port, one worker unless `args`
    say otherwise, on SQLite in `tmp_path`; yields its base URL once it answers."""
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "PORTAL_ENV",
            "PORTAL_BASE_URL",
            "PROMETHEUS_MULTIPROC_DIR",
        }
    }
    env.update(
        PORTAL_DATA_DIR=str(tmp_path / "data"),
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_STATIC_ROOT=str(collected_static),
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        "python:portal.gunicorn_conf",
    ]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", *args, "portal.wsgi:application"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/favicon.ico")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.25)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_with_this_configuration_logs_no_token(tmp_path, collected_static):
    """Runs gunicorn on loopback (a few seconds) and reads its access log."""
    access_log = tmp_path / "access.log"
    with _gunicorn(tmp_path, collected_static, "--access-logfile", str(access_log)) as base:
        confirm = reverse("identity:confirm_email", args=[TOKEN])
        reset = reverse("ugyfelkapu:password_reset_confirm", args=[12, SECRET])
        _get(f"{base}{confirm}?SAMLRequest=nZJBT8MwDIXv-secret")
        _get(f"{base}{reset}", Referer=f"{base}{confirm}?next=/private-query/")
        deadline = time.monotonic() + 10
        while access_log.read_text().count("\n") < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
    log = access_log.read_text()
    lines = log.splitlines()
    assert len(lines) == 3, log
    assert f'"GET /account/confirm-email/{REDACTED}/ HTTP/1.1"' in lines[1]
    # Each line ends with the request id the portal answered with (portal/logs.py).
    assert all(len(line.rsplit(" ", 1)[1]) == 32 for line in lines)
    assert f'"GET /ugyfelkapu/password/reset/12/{REDACTED}/ HTTP/1.1"' in lines[2]
    assert f'"{base}/account/confirm-email/{REDACTED}/"' in lines[2]
    for secret in (TOKEN, SECRET, "SAMLRequest", "secret", "private-query", "?"):
        assert secret not in log


def test_metrics_add_up_over_every_gunicorn_worker(tmp_path, collected_static):
    """Three workers answer 30 requests between them; one scrape counts all 30, and
    the counts of an earlier run left in the folder are dropped at start."""
    from concurrent.futures import ThreadPoolExecutor

    from prometheus_client.parser import text_string_to_metric_families

    metrics_dir = tmp_path / "data" / "metrics"
    metrics_dir.mkdir(parents=True)
    (metrics_dir / "counter_999999.db").write_bytes(b"left by an earlier run")
    with _gunicorn(tmp_path, collected_static, "--workers", "3") as base:
        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(lambda _: _get(f"{base}/health/live"), range(30)))
        with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
            text = response.read().decode()
        files = sorted(path.name for path in metrics_dir.glob("*.db"))
    served = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "portal_http_requests_total"
        and sample.labels == {"view": "portal:health_live", "method": "GET", "status": "200"}
    ]
    assert served == [30]
    assert "counter_999999.db" not in files
    assert files, "the workers wrote no metrics files"
