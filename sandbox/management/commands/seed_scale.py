"""Bulk synthetic citizens for benchmarks: persons, residences, documents and vehicles.

Every citizen gets a person, a residence and an ID card; the first `--passports` of
them a passport, the first `--licences` a driving licence and the first `--vehicles`
a car they own; `--national` asks for the national size (10 M citizens with ID cards,
5 M passports, 6 M driving licences, 4 M cars). A few in a hundred documents are
expired, invalidated (with reason and date) or revoked, as in the real register, so
checks meet every state. What row i holds is defined in `sandbox/scale.py`.

Idempotent: each part (persons, residences, each document kind, vehicles, owners) has
its own range of primary keys, so the rows present are known from the largest key in
the range, and a run adds only the missing rows (a larger N adds the difference, a
second run nothing).

On PostgreSQL the server generates the rows (INSERT … SELECT over generate_series, a
batch of `--batch` rows per statement). A table that grows more than fourfold (a first
load) loses its secondary indexes and foreign keys for the load, and gets them back,
built once from sorted data, at the end, with everything in one transaction: a run
that fails leaves the database as it was. Elsewhere (SQLite, the tests) the same rows
are built in Python and written with batched multi-row INSERTs. A progress line
(rows/s) goes to stderr.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import Max

from documents.models import Document
from population.models import Address, Person
from sandbox import scale
from vehicles.models import Ownership, Vehicle

# A table receiving more than this many times the rows it holds is loaded without its
# secondary indexes: building them once afterwards is far cheaper than keeping them
# up to date row by row.
REBUILD_FACTOR = 4


@dataclass(frozen=True)
class Part:
    name: str
    model: type[models.Model]
    base: int
    row: Callable[[int], dict]
    sql: Callable[[], dict[str, str]]
    source: Callable[[int, int], str]  # first, last -> FROM clause


def _series(first: int, last: int) -> str:
    return f"generate_series({int(first)}::bigint, {int(last)}::bigint) AS i"


def _identities(first: int, last: int) -> str:
    return f"({scale.identity_sql(first, last)}) AS g"


def _document(kind: str) -> tuple[Callable, Callable]:
    return (lambda i: scale.document_row(kind, i)), (lambda: scale.document_sql(kind))


PARTS = {
    "persons": Part("persons", Person, scale.PERSON_BASE, scale.person_row, scale.person_sql,
                    _identities),
    "addresses": Part("addresses", Address, scale.ADDRESS_BASE, scale.address_row,
                      scale.address_sql, _series),
    "id_cards": Part("id_cards", Document, scale.DOCUMENT_BASES["id_card"],
                     *_document("id_card"), _series),
    "passports": Part("passports", Document, scale.DOCUMENT_BASES["passport"],
                      *_document("passport"), _series),
    "licences": Part("licences", Document, scale.DOCUMENT_BASES["driving_licence"],
                     *_document("driving_licence"), _series),
    "vehicles": Part("vehicles", Vehicle, scale.VEHICLE_BASE, scale.vehicle_row,
                     scale.vehicle_sql, _series),
    "owners": Part("owners", Ownership, scale.OWNERSHIP_BASE, scale.ownership_row,
                   scale.ownership_sql, _series),
}  # fmt: skip


def present(part: Part) -> int:
    """How many rows of `part` exist: rows are written in index order, in batches
    that commit whole, so the largest key in the part's range tells."""
    top = part.model.objects.filter(pk__gte=part.base, pk__lt=part.base + scale.BASE).aggregate(
        top=Max("pk")
    )["top"]
    return 0 if top is None else top - part.base + 1


class Command(BaseCommand):
    help = (
        "Bulk-insert N synthetic citizens (person, residence, ID card) with passports, "
        "driving licences and cars for the first of them; --national for the national size."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--citizens", type=int, default=0)
        parser.add_argument("--passports", type=int, default=0)
        parser.add_argument("--licences", type=int, default=0)
        parser.add_argument("--vehicles", type=int, default=0)
        parser.add_argument("--national", action="store_true")
        parser.add_argument("--batch", type=int, default=0, help="rows per statement")

    def handle(self, *args, citizens, passports, licences, vehicles, national, batch, **options):
        if national:
            citizens = max(citizens, scale.NATIONAL["citizens"])
            passports = max(passports, scale.NATIONAL["passports"])
            licences = max(licences, scale.NATIONAL["licences"])
            vehicles = max(vehicles, scale.NATIONAL["vehicles"])
        if citizens <= 0:
            raise CommandError("give --citizens N (or --national)")
        if citizens > scale.CAPACITY:
            raise CommandError(f"at most {scale.CAPACITY} citizens have synthetic identifiers")
        if min(vehicles, citizens) > scale.VEHICLE_CAPACITY:
            raise CommandError(f"at most {scale.VEHICLE_CAPACITY} vehicles have synthetic plates")
        self.server = connection.vendor == "postgresql"
        batch = batch or (500_000 if self.server else 5_000)
        targets = {
            "persons": citizens,
            "addresses": citizens,
            "id_cards": citizens,
            "passports": min(passports, citizens),
            "licences": min(licences, citizens),
            "vehicles": min(vehicles, citizens),
            "owners": min(vehicles, citizens),
        }
        started = time.monotonic()
        plan = {name: (present(PARTS[name]), target) for name, target in targets.items()}
        missing = {name: max(0, target - done) for name, (done, target) in plan.items()}
        rebuilt: list[str] = []
        if self.server and any(missing.values()):
            rebuild = self._tables_to_rebuild(missing)
            with transaction.atomic():
                _fast_session()
                saved = [_drop_secondary(table) for table in rebuild]
                self._load(plan, batch)
                for table, definitions in zip(rebuild, saved, strict=True):
                    self._restore(table, definitions)
                    rebuilt.append(table)
            with connection.cursor() as cursor:
                for model in {PARTS[name].model for name, count in missing.items() if count}:
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        elif any(missing.values()):
            self._load(plan, batch)
        seconds = time.monotonic() - started
        rows = sum(missing.values())
        self.stdout.write(
            f"citizens requested={citizens} created={missing['persons']} "
            f"previously_present={plan['persons'][0]} passports={targets['passports']} "
            f"licences={targets['licences']} vehicles={targets['vehicles']} rows={rows} "
            f"seconds={seconds:.1f} rows_per_second={rows / max(seconds, 1e-6):.0f} "
            f"indexes_rebuilt={','.join(rebuilt) or 'none'} "
            f"method={'server_side' if self.server else 'bulk_insert'}"
        )

    def _tables_to_rebuild(self, missing: dict[str, int]) -> list[str]:
        adding: dict[str, int] = {}
        for name, count in missing.items():
            table = PARTS[name].model._meta.db_table
            adding[table] = adding.get(table, 0) + count
        rebuild = []
        with connection.cursor() as cursor:
            for table, count in adding.items():
                cursor.execute(f"SELECT count(*) FROM {table}")
                if count > REBUILD_FACTOR * max(cursor.fetchone()[0], 1000):
                    rebuild.append(table)
        return rebuild

    def _load(self, plan: dict[str, tuple[int, int]], batch: int) -> None:
        for name, (done, target) in plan.items():
            if done >= target:
                continue
            part = PARTS[name]
            progress = _Progress(self.stderr, name, target - done)
            for first in range(done, target, batch):
                last = min(first + batch, target) - 1
                if self.server:
                    with transaction.atomic():
                        _insert_sql(part, first, last)
                else:
                    _insert_python(part, first, last)
                progress.advance(last - first + 1)
            progress.finish()

    def _restore(self, table: str, definitions: list[str]) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            for statement in definitions:
                cursor.execute(statement)
        seconds = time.monotonic() - started
        self.stderr.write(f"  {table}: indexes and keys rebuilt in {seconds:.1f} s")


class _Progress:
    """One line on stderr, redrawn in place on a terminal, a line per step elsewhere."""

    def __init__(self, stream, name: str, total: int) -> None:
        self.stream, self.name, self.total = stream, name, total
        self.done, self.started = 0, time.monotonic()
        self.tty = getattr(sys.stderr, "isatty", lambda: False)()

    def advance(self, rows: int) -> None:
        self.done += rows
        seconds = max(time.monotonic() - self.started, 1e-6)
        width = 30
        filled = width * self.done // self.total
        line = (
            f"  {self.name:<10} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>11,}/{self.total:,} {self.done / seconds:>9,.0f} rows/s"
        )
        self.stream.write(("\r" + line) if self.tty else line, ending="" if self.tty else "\n")
        self.stream.flush()

    def finish(self) -> None:
        seconds = time.monotonic() - self.started
        end = "\n" if self.tty else ""
        self.stream.write(f"{end}  {self.name}: {self.total:,} rows in {seconds:.1f} s")


def _fast_session() -> None:
    with connection.cursor() as cursor:
        # A seed that fails is run again: no need to wait for each commit's flush.
        cursor.execute("SET LOCAL synchronous_commit = off")
        # Index builds at the end sort tens of millions of keys.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # Deferred foreign-key checks of one huge transaction would queue in memory.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _drop_secondary(table: str) -> list[str]:
    """Drop the table's foreign keys, unique constraints and indexes (the primary key
    stays: other tables point at it) and return the statements that restore them."""
    restore: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype, conindid FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
            "AND c.conrelid = i.indrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, *_ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    # Indexes first, then unique constraints, then foreign keys (checked in one pass).
    restore += [definition for _, definition in indexes]
    restore += [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for name, definition, kind, _ in sorted(constraints, key=lambda c: c[2] != "u")
    ]
    return restore


def _columns(model: type[models.Model], given: dict[str, str]) -> tuple[str, str, list]:
    """The column list and select list of an INSERT … SELECT that fills every column:
    `given` SQL expressions, else NULL or the field's default as a parameter."""
    unknown = set(given) - {f.attname for f in model._meta.concrete_fields}
    if unknown:
        raise CommandError(f"{model.__name__} has no column {sorted(unknown)}")
    columns, selects, params = [], [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in given:
            selects.append(f"({given[field.attname]})::{field.db_type(connection)}")
        elif field.null:
            selects.append(f"NULL::{field.db_type(connection)}")
        else:
            selects.append(f"%s::{field.db_type(connection)}")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    return ", ".join(columns), ", ".join(selects), params


def insert_statement(part: Part, first: int, last: int) -> tuple[str, list]:
    columns, select, params = _columns(part.model, part.sql())
    table = part.model._meta.db_table
    source = part.source(first, last)
    return f"INSERT INTO {table} ({columns}) SELECT {select} FROM {source}", params


def _insert_sql(part: Part, first: int, last: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(*insert_statement(part, first, last))


@transaction.atomic
def _insert_python(part: Part, first: int, last: int) -> None:
    part.model.objects.bulk_create(
        [part.model(**part.row(i)) for i in range(first, last + 1)], batch_size=1000
    )
