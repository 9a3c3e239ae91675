"""The reference client's whole login against the portal over HTTP; the "browser"
is the test client with the citizen's session, which allows the app and then
follows the redirect to the client's loopback listener."""

from __future__ import annotations

import importlib.util
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location(
    "okmanyapp_client", ROOT / "scripts" / "okmanyapp_client.py"
)
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

pytestmark = pytest.mark.django_db(transaction=True)


def _browser(client, live_server, citizen):
    def open_browser(url: str) -> None:
        client.force_login(citizen)
        path = url[len(live_server.url) :]
        consent = client.get(path)
        fields = {k: v for k, v in consent.context["form"].initial.items() if v is not None}
        allowed = client.post(path, {**fields, "allow": "Authorize"})
        urllib.request.urlopen(allowed["Location"], timeout=10).read()

    return open_browser


def test_the_reference_client_logs_in_lists_and_logs_out(client, live_server, citizen, filed):
    cases = [filed(citizen) for _ in range(3)]
    token = reference.login(
        live_server.url, open_browser=_browser(client, live_server, citizen), timeout=30
    )
    listed = reference.all_cases(live_server.url, token)
    assert sorted(c["reference"] for c in listed) == sorted(c.reference for c in cases)
    reference.logout(live_server.url, token)
    with pytest.raises(urllib.error.HTTPError) as refused:
        reference.api_get(live_server.url, token, "/api/v1/cases/")
    assert refused.value.code == 401


def test_a_refused_consent_is_reported(client, live_server, citizen):
    def refuse(url: str) -> None:
        client.force_login(citizen)
        path = url[len(live_server.url) :]
        consent = client.get(path)
        fields = {k: v for k, v in consent.context["form"].initial.items() if v is not None}
        refused = client.post(path, fields)  # "Do not allow"
        urllib.request.urlopen(refused["Location"], timeout=10).read()

    with pytest.raises(reference.LoginFailed, match="access_denied"):
        reference.login(live_server.url, open_browser=refuse, timeout=30)
