"""PORTAL_BASE_URL moves the whole portal: one setting, every absolute address.

The settings derive the SAML entity ids, the SimplePay API base and IPN address
and the card origins from it when they are loaded, so the test loads them in a
fresh process, as `make run PORTAL_BASE_URL=…` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://portal.test:8123"

REPORT = """
import json
import django

django.setup()
from django.conf import settings
from identity.saml import sp_metadata_xml
from payments.providers.simplepay import return_url
from ugyfelkapu.saml import idp_metadata_xml

print(json.dumps({
    "sp_metadata": sp_metadata_xml(),
    "idp_metadata": idp_metadata_xml(),
    "simplepay": [settings.SIMPLEPAY_API_BASE, settings.SIMPLEPAY_IPN_URL, return_url()],
    "origins": [settings.ESZEMELYI_PORTAL_ORIGIN, settings.UGYFELKAPU_CARD_ORIGIN],
    "allowed_hosts": settings.ALLOWED_HOSTS,
}))
"""


def _settings_with_base_url(tmp_path, base: str) -> dict:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAML_", "UGYFELKAPU_", "SIMPLEPAY_", "ESZEMELYI_", "DJANGO_"))
        and k not in {"PORTAL_BASE_URL", "PORTAL_ENV", "PORTAL_SANDBOX", "DATABASE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **keep,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PORTAL_BASE_URL": base,
            "PORTAL_DATA_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def _addresses(metadata: str) -> list[str]:
    root = etree.fromstring(metadata.encode())
    return [root.get("entityID")] + [
        element.get("Location") for element in root.iter() if element.get("Location")
    ]


def test_one_base_url_moves_saml_payments_and_card_origins(tmp_path):
    report = _settings_with_base_url(tmp_path, BASE)

    sp = _addresses(report["sp_metadata"])
    assert sp[0] == f"{BASE}/saml/metadata/"
    assert {f"{BASE}/saml/acs/", f"{BASE}/saml/sls/"} <= set(sp)
    assert all(address.startswith(f"{BASE}/saml/") for address in sp)
    idp = _addresses(report["idp_metadata"])
    assert idp[0] == f"{BASE}/ugyfelkapu/metadata/"
    assert {f"{BASE}/ugyfelkapu/sso/", f"{BASE}/ugyfelkapu/slo/"} <= set(idp)
    assert all(address.startswith(f"{BASE}/ugyfelkapu/") for address in idp)
    assert report["simplepay"] == [
        f"{BASE}/sandbox/simplepay",
        f"{BASE}/payments/simplepay/ipn/",
        f"{BASE}/payments/simplepay/return/",
    ]
    assert report["origins"] == [BASE, BASE]
    assert "portal.test" in report["allowed_hosts"]
    # Nothing is left on the default address (":" never occurs in a certificate).
    everything = json.dumps(report)
    assert "127.0.0.1:8000" not in everything
    assert ":8000" not in everything
