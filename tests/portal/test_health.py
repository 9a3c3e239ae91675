"""Liveness and readiness: /health/live and /health/ready (the whole picture stays at /health/)."""

from __future__ import annotations

import socket

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from kombu import Connection

from portal import status
from portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def migrations_unknown(monkeypatch):
    # Each test finds out afresh whether the migrations are applied.
    monkeypatch.setattr(status, "_migrations_applied", False)


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(status.connection, "cursor", refuse)


@pytest.mark.django_db
def test_live_answers_without_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_live_answers_while_the_database_is_down(client, database_down):
    assert client.get("/health/live").status_code == 200


@pytest.mark.django_db
def test_ready_needs_no_worker_heartbeat(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert "failing" not in data
    assert set(data) == {"ok", "database", "migrations", "broker", "cache"}
    assert all(data[part]["ok"] for part in ("database", "migrations", "broker", "cache"))
    # The whole installation, worker included, is still reported at /health/.
    assert client.get("/health/").json()["failing"] == ["worker"]


@pytest.mark.django_db
def test_ready_names_the_database_when_it_is_down(client, database_down):
    response = client.get("/health/ready")
    assert response.status_code == 503
    data = response.json()
    assert data["failing"] == ["database", "migrations"]
    assert data["database"] == {"ok": False, "error": "OperationalError"}
    assert data["migrations"] == {"ok": False, "error": "no database"}


@pytest.mark.django_db
def test_ready_names_unapplied_migrations(client):
    latest = MigrationRecorder.Migration.objects.filter(app="portal").order_by("-id").first()
    latest.delete()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert response.json()["migrations"] == {
        "ok": False,
        "error": "unapplied migrations",
        "unapplied": 1,
    }


@pytest.mark.django_db
def test_ready_remembers_applied_migrations(client, django_assert_max_num_queries):
    assert client.get("/health/ready").status_code == 200
    # The second probe reads no migration table: SELECT 1 is all it asks.
    with django_assert_max_num_queries(1):
        assert client.get("/health/ready").status_code == 200


@pytest.mark.django_db
def test_ready_names_the_broker_when_it_refuses(client, monkeypatch, closed_port):
    monkeypatch.setattr(
        celery_app,
        "connection_for_write",
        lambda: Connection(f"redis://127.0.0.1:{closed_port}/0"),
    )
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert response.json()["broker"]["ok"] is False


@pytest.mark.django_db
def test_ready_names_the_cache_when_it_fails(client, monkeypatch):
    class Unreachable:
        def get(self, key):
            raise ConnectionError("cache down")

    monkeypatch.setattr(status, "cache", Unreachable())
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert response.json()["cache"] == {"ok": False, "error": "ConnectionError"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_probes_take_get_only(client, path):
    assert client.post(path).status_code == 405
