"""Indexes on the national-size tables are built without stopping writes
(portal/migration_operations.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations import AddIndex, CreateModel, RemoveIndex
from django.db.migrations.loader import MigrationLoader

from portal.migration_operations import AddIndexConcurrently, RemoveIndexConcurrently

# Apps whose tables hold millions of rows in production: the case spine, the documents
# register, the population register's persons and addresses, vehicles and payments.
LARGE_TABLE_APPS = ("cases", "documents", "population", "register", "vehicles", "payments")


def _index_operations():
    """(migration, operation) for every index added to or removed from a table that may
    already be full: one that a migration before it created, after the app's initial
    migrations (those run when the tables are made, empty)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, _name), migration in sorted(loader.disk_migrations.items()):
        if app not in LARGE_TABLE_APPS or migration.initial:
            continue
        created_here = {
            op.name.lower() for op in migration.operations if isinstance(op, CreateModel)
        }
        for op in migration.operations:
            if isinstance(op, AddIndex | RemoveIndex) and op.model_name_lower not in created_here:
                yield migration, op


def test_the_nightly_jobs_indexes_are_among_those_checked():
    checked = {(m.app_label, m.name) for m, _op in _index_operations()}

    assert checked == {
        ("cases", "0008_issued_document_inbox"),
        ("documents", "0004_expiry_index"),
        ("documents", "0005_valid_expiry_index"),
        ("payments", "0004_refund_pending_index"),
        ("register", "0002_lapsing_index"),
        ("vehicles", "0002_withdrawal_end_index"),
    }


@pytest.mark.parametrize(
    ("migration", "operation"),
    list(_index_operations()),
    ids=lambda value: getattr(value, "name", None) or type(value).__name__,
)
def test_indexes_on_existing_large_tables_are_built_concurrently(migration, operation):
    assert isinstance(operation, AddIndexConcurrently | RemoveIndexConcurrently), (
        f"{migration.app_label}.{migration.name}: use portal.migration_operations."
        f"{'Add' if isinstance(operation, AddIndex) else 'Remove'}IndexConcurrently "
        "(docs/operator-guide.md, 'Adding an index')"
    )
    assert migration.atomic is False


def _sql(app: str, migration: str, *, backwards: bool = False) -> str:
    out = StringIO()
    call_command("sqlmigrate", app, migration, backwards=backwards, stdout=out)
    return out.getvalue()


# Not in a test transaction: SQLite's schema editor refuses to start inside one.
@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_index_is_a_plain_one():
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database")

    forwards = _sql("documents", "0005_valid_expiry_index")
    backwards = _sql("documents", "0005_valid_expiry_index", backwards=True)

    assert 'DROP INDEX "document_kind_expiry"' in forwards
    assert 'CREATE INDEX "document_valid_expiry"' in forwards
    assert 'CREATE INDEX "document_kind_expiry"' in backwards
    assert "CONCURRENTLY" not in forwards + backwards


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # CONCURRENTLY is refused inside a transaction
@pytest.mark.usefixtures("needs_postgres")
def test_on_postgresql_the_index_is_built_concurrently():
    forwards = _sql("documents", "0005_valid_expiry_index")
    backwards = _sql("documents", "0005_valid_expiry_index", backwards=True)

    assert 'DROP INDEX CONCURRENTLY IF EXISTS "document_kind_expiry"' in forwards
    assert 'CREATE INDEX CONCURRENTLY "document_valid_expiry"' in forwards
    assert 'CREATE INDEX CONCURRENTLY "document_kind_expiry"' in backwards
    assert "BEGIN" not in forwards
    assert 'CREATE INDEX CONCURRENTLY "notification_address_lapsing"' in _sql(
        "register", "0002_lapsing_index"
    )


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.usefixtures("needs_postgres")
def test_on_postgresql_the_built_indexes_are_valid():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c "
            "ON c.oid = i.indexrelid WHERE c.relname = ANY(%s)",
            [
                [
                    "document_valid_expiry",
                    "refund_pending",
                    "notification_address_lapsing",
                    "withdrawal_period_end",
                    "issued_document_in_inbox",
                ]
            ],
        )
        found = dict(cursor.fetchall())

    assert found == {
        "document_valid_expiry": True,
        "refund_pending": True,
        "notification_address_lapsing": True,
        "withdrawal_period_end": True,
        "issued_document_in_inbox": True,
    }
