"""Fixtures of the fault tests: our own PostgreSQL and Redis, a database per test,
the portal's processes (tests/chaos/harness.py)."""

from __future__ import annotations

import os
import shutil
import uuid

import pytest

from tests.chaos import harness


@pytest.fixture(scope="session")
def postgres():
    if not harness.PG_BIN.exists() or not shutil.which("redis-server"):
        pytest.fail("the fault tests need PostgreSQL 15 and redis-server (Debian packages)")
    pg = harness.Postgres()
    started = not pg.running()
    if started:
        pg.start()
    yield pg
    if started and pg.running():
        pg.stop()


@pytest.fixture
def redis_server():
    server = harness.Redis()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def portal_env(postgres, request):
    run = f"{request.node.name[:40]}_{uuid.uuid4().hex[:6]}".lower()
    database = f"chaos_{run}"
    harness.prepare_database(database)
    env = harness.environment(database, run)
    yield env
    if os.environ.get("CHAOS_KEEP") != "1" and postgres.running():
        postgres.sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@pytest.fixture
def portal(portal_env, redis_server):
    processes = harness.Portal(portal_env)
    yield processes
    processes.stop()
