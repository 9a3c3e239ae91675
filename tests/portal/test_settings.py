from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_secret

ROOT = Path(__file__).resolve().parents[2]


def test_env_helpers(monkeypatch, tmp_path):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL", False) is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL", False)
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "from-file"
    monkeypatch.delenv("X_SECRET_FILE")
    with pytest.raises(ImproperlyConfigured):
        env_secret("X_SECRET", required=True)


def _start_production(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_SECRET_KEY",
            "PORTAL_SANDBOX",
            "PAYMENTS_BENEFICIARY_ACCOUNT",
        }
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PORTAL_ENV": "production",
            **env,
        },
    )


def test_production_refuses_to_start_without_its_secrets():
    result = _start_production()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_the_sandbox():
    result = _start_production(
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="sqlite:////tmp/x.db",
        REDIS_URL="redis://127.0.0.1:6379/0",
        PORTAL_SANDBOX="true",
        SAML_IDP_METADATA_FILE="docs/examples/idp-metadata.xml",
    )
    assert result.returncode != 0
    assert "PORTAL_SANDBOX must be off in production" in result.stderr


def test_production_starts_with_its_secrets():
    result = _start_production(
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="sqlite:////tmp/x.db",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SAML_IDP_METADATA_FILE="docs/examples/idp-metadata.xml",
        SIMPLEPAY_SECRET_KEY="x" * 32,
        SIMPLEPAY_MERCHANT="MERCHANT",
        PAYMENTS_BENEFICIARY_ACCOUNT="10032000-01290001-00000007",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "account,message",
    [
        (None, "PAYMENTS_BENEFICIARY_ACCOUNT must be set in production"),
        ("10032000-01234567-00000008", "PAYMENTS_BENEFICIARY_ACCOUNT is the demo account"),
    ],
    ids=["missing", "demo"],
)
def test_production_refuses_to_start_without_a_real_beneficiary_account(account, message):
    env = {
        "DJANGO_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "sqlite:////tmp/x.db",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SAML_IDP_METADATA_FILE": "docs/examples/idp-metadata.xml",
        "SIMPLEPAY_SECRET_KEY": "x" * 32,
        "SIMPLEPAY_MERCHANT": "MERCHANT",
    }
    if account is not None:
        env["PAYMENTS_BENEFICIARY_ACCOUNT"] = account
    result = _start_production(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_refuses_to_start_without_identity_provider_metadata():
    result = _start_production(
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="sqlite:////tmp/x.db",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode != 0
    assert "SAML_IDP_METADATA_FILE" in result.stderr


@pytest.mark.parametrize("mode", ["optional", "off"])
def test_production_refuses_to_accept_unscanned_uploads(mode):
    result = _start_production(
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="sqlite:////tmp/x.db",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SAML_IDP_METADATA_FILE="docs/examples/idp-metadata.xml",
        SIMPLEPAY_SECRET_KEY="x" * 32,
        SIMPLEPAY_MERCHANT="MERCHANT",
        PAYMENTS_BENEFICIARY_ACCOUNT="10032000-01290001-00000007",
        PORTAL_UPLOAD_SCAN=mode,
    )
    assert result.returncode != 0
    assert "PORTAL_UPLOAD_SCAN must be 'required' in production" in result.stderr


def test_upload_scanning_defaults_by_environment(settings):
    # The test run is the embedded shape: scanning is optional there.
    assert settings.PORTAL_ENV == "embedded"
    assert settings.PORTAL_UPLOAD_SCAN == "optional"
