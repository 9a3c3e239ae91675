"""Index operations for tables that are large in production.

A plain `CREATE INDEX` holds a lock that stops every write to the table while the index
is built: on the national registers (10 M documents, persons, addresses) that is minutes
of refused filings. PostgreSQL builds an index `CONCURRENTLY` instead, letting writes
through, but only outside a transaction; SQLite (the embedded `make run` database) has
no such form and needs none. These operations pick by the connection's vendor, so one
migration serves both. The migration that uses them sets `atomic = False`; the model
state they produce is that of Django's `AddIndex` and `RemoveIndex`, so `makemigrations`
sees no difference.

If a concurrent build fails (a duplicate in a unique index, a cancelled statement), it
leaves an INVALID index behind: drop it (`DROP INDEX CONCURRENTLY <name>`) and migrate
again.
"""

from __future__ import annotations

from django.contrib.postgres import operations as postgres
from django.db.migrations import AddIndex, RemoveIndex


def _concurrently(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class _ConcurrentlyOnPostgreSQL:
    """The PostgreSQL operation (next in the MRO) on PostgreSQL, `plain` elsewhere."""

    plain: type

    def describe(self) -> str:
        return f"{self.plain.describe(self)} (concurrently on PostgreSQL)"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _concurrently(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _concurrently(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexConcurrently(_ConcurrentlyOnPostgreSQL, postgres.AddIndexConcurrently):
    """`CREATE INDEX CONCURRENTLY` on PostgreSQL, a plain `CREATE INDEX` elsewhere."""

    plain = AddIndex


class RemoveIndexConcurrently(_ConcurrentlyOnPostgreSQL, postgres.RemoveIndexConcurrently):
    """`DROP INDEX CONCURRENTLY` on PostgreSQL (a plain drop waits for, and then blocks,
    every reader of the table), a plain `DROP INDEX` elsewhere."""

    plain = RemoveIndex
