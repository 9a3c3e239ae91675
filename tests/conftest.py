"""Personas and speed settings shared by every test."""

from __future__ import annotations

import os
import tempfile
import uuid

import pytest
from celery._state import _set_task_join_will_block
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from cases import registry
from cases.documents import DocumentSpec
from cases.registry import CaseType
from portal.celery import app as celery_app
from tests import factories

# Speed belongs in tests/perf/, not in the suite: hypothesis' per-example deadline
# turned into random failures whenever the machine was busy (CI runs two workers).
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")

# Each test process counts its metrics in a folder of its own (portal/metrics.py), so a
# test that scrapes sees only its own process's requests and tasks, not those of the
# other xdist worker or of an earlier run. prometheus_client reads the variable when a
# process first counts something, which happens only after this.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="ugysegeg-metrics-")

# The foreign SAML parties (samlify on Node) for the interop and browser suites.
pytest_plugins = ["tests.interop.harness"]

# Templates link the unhashed static names and WhiteNoise finds the files in the apps
# and static/, so the suite runs without `collectstatic`; tests/portal/test_static.py
# collects into a temporary folder and checks the hashed, compressed files every mode
# serves.
# What every mode serves (portal/settings.py), for the tests that collect.
SERVED_STATIC_STORAGE = settings.STORAGES["staticfiles"]
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    WHITENOISE_USE_FINDERS=True,
    STATIC_ROOT=None,
).enable()

# Tests run tasks in-process; the Redis tests start a real worker for theirs.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


@pytest.fixture(scope="session", autouse=True)
def _saml_metadata_of_this_process(tmp_path_factory):
    """The built-in SP and IdP write their metadata files in a folder of this test
    process: a test that moves the base URL must not change what another process reads."""
    folder = tmp_path_factory.mktemp("saml-metadata")
    idp_file = str(folder / "ugyfelkapu-idp.xml")
    with override_settings(
        SAML_SP_METADATA_FILE=str(folder / "portal-sp.xml"),
        UGYFELKAPU_METADATA_FILE=idp_file,
        SAML_IDP_METADATA_FILE=idp_file,
    ):
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # A fresh cache namespace per test: rate limits and failure counters of one
    # test never reach another, also on the shared Redis of the service suite.
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": uuid.uuid4().hex} for name, config in settings.CACHES.items()
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_SMS_BACKEND = "tests.factories.record_sms"
    # No scanner unless a test asks for one (the `scanner` fixture): never the
    # demo clamd that `make run` may have left answering on var/clamav.
    settings.CLAMD_ADDRESS = f"unix:{tmp_path / 'no-clamd.sock'}"
    # A Celery worker started in this process by an earlier test leaves it marked as
    # one where waiting for a result would block; no test runs inside a worker.
    _set_task_join_will_block(False)
    # Each test starts in the default language, as a worker's job does: a request of an
    # earlier test leaves its language active in the thread (LocaleMiddleware).
    translation.activate(settings.LANGUAGE_CODE)


SAMPLE_TYPE = "testing.sample"
DOCUMENTED_TYPE = "testing.documented"
DOCUMENTED_LEGAL_BASIS = "Act CL of 2016 on the general administrative procedure (test basis)"


@pytest.fixture
def documented_type():
    """A throw-away case type that issues one PDF, a summary, at submission."""
    kind = CaseType(
        slug=DOCUMENTED_TYPE,
        label="Documented request",
        deadline_days=8,
        documents={
            "summary": DocumentSpec(
                title="Összefoglaló",
                template="pdf/case_summary.html",
                legal_basis=DOCUMENTED_LEGAL_BASIS,
            )
        },
    )
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


@pytest.fixture
def sample_case_type():
    """A throw-away case type with a 8-day deadline."""
    kind = CaseType(slug=SAMPLE_TYPE, label="Sample request", deadline_days=8)
    registry.register(kind)
    yield kind
    registry.unregister(SAMPLE_TYPE)


@pytest.fixture
def citizen(db):
    return factories.CitizenFactory()


@pytest.fixture
def other_citizen(db):
    return factories.CitizenFactory()


@pytest.fixture
def clerk(db):
    return factories.ClerkFactory()


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def clerk_client(client, clerk):
    """A clerk who passed both password and TOTP at the admin login."""
    device = TOTPDevice.objects.create(user=clerk, name="test", confirmed=True)
    client.force_login(clerk)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def time_machine_today(monkeypatch):
    """Pin `timezone.localdate()` (the day the workflow sees) to a date."""
    from django.utils import timezone

    real = timezone.localdate

    def pin(day):
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: day if value is None else real(value, timezone),
        )

    return pin


@pytest.fixture
def needs_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
