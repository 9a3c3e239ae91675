"""Bulk synthetic citizens for benchmarks: persons, residences and their documents.

Every citizen gets a person, a residence and an ID card; the first `--passports` of
them a passport and the first `--licences` a driving licence; `--national` asks for
the national size (10 M citizens with ID cards, 5 M passports, 6 M driving licences).
A few in a hundred documents are expired, invalidated (with reason and date) or
revoked, as in the real register, so checks meet every state.

Numbers are derived from the row index, so repeated runs with a larger N add only the
missing rows. On PostgreSQL the rows are streamed with COPY (one statement per table
and batch, never a statement per row); elsewhere (SQLite, the tests) with batched
multi-row INSERTs. Index letters keep clear of the demo documents' series.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction

from documents.models import Document, DocumentKind
from population.identifiers import UnissuedSerialError, personal_id_for
from population.models import Address, Person

FAMILY = [
    "Kovács",
    "Nagy",
    "Tóth",
    "Szabó",
    "Horváth",
    "Varga",
    "Kiss",
    "Molnár",
    "Németh",
    "Farkas",
    "Balogh",
    "Papp",
    "Takács",
    "Juhász",
    "Lakatos",
    "Mészáros",
]
GIVEN_M = [
    "László",
    "István",
    "József",
    "János",
    "Zoltán",
    "Sándor",
    "Gábor",
    "Ferenc",
    "Attila",
    "Péter",
]
GIVEN_F = [
    "Mária",
    "Erzsébet",
    "Katalin",
    "Éva",
    "Ilona",
    "Anna",
    "Zsuzsanna",
    "Margit",
    "Judit",
    "Ágnes",
]
TOWNS = [
    ("1051", "Budapest"),
    ("4025", "Debrecen"),
    ("6720", "Szeged"),
    ("7621", "Pécs"),
    ("9021", "Győr"),
    ("3525", "Miskolc"),
    ("8000", "Székesfehérvár"),
    ("2000", "Szentendre"),
]
EPOCH = date(1935, 1, 1)
# Births spread over 90 years: with two serials a day per pass, ten million people need
# serials up to 909 (the personal identifier has three digits for them).
DAYS = 365 * 90
# Demo citizens use serials below 300; scale rows use pairs from 300 up, one
# of each pair always has a valid check digit.
FIRST_SERIAL = 300


def personal_id_of(index: int) -> tuple[str, date, str]:
    born = EPOCH + timedelta(days=index % DAYS)
    sex = "F" if index % 2 else "M"
    serial = FIRST_SERIAL + 2 * (index // DAYS)
    try:
        return personal_id_for(born, sex, serial), born, sex
    except UnissuedSerialError:
        return personal_id_for(born, sex, serial + 1), born, sex


NATIONAL = {"citizens": 10_000_000, "passports": 5_000_000, "licences": 6_000_000}
# Identity card numbers repeat every million rows with a new pair of letters (S-Z, then A-Z).
CARD_SERIES = 1_000_000
INVALIDATED_AT = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)


def card_number(i: int) -> str:
    # Letters S–Z then A–Z: never the demo citizens' AB/AC/AD/AE/HA series.
    return f"{i % CARD_SERIES:06d}{chr(83 + i // CARD_SERIES % 8)}{chr(65 + i // 8_000_000 % 26)}"


def passport_number(i: int) -> str:
    # QA0000000 … QZ9999999: no demo passport starts with Q.
    return f"Q{chr(65 + i // 10_000_000 % 26)}{i % 10_000_000:07d}"


def licence_number(i: int) -> str:
    # RA000000 … RZ999999: no demo driving licence starts with R.
    return f"R{chr(65 + i // 1_000_000 % 26)}{i % 1_000_000:06d}"


def _state(i: int, salt: int) -> dict:
    """About 2 in 100 invalidated, 1 in 200 revoked, the rest valid (expiry by date)."""
    roll = (i * 7919 + salt) % 1000
    if roll < 20:
        reason = ("lost", "stolen", "destroyed")[roll % 3]
        return {
            "validity": Document.Validity.INVALIDATED,
            "invalidation_reason": reason,
            "invalidated_at": INVALIDATED_AT,
        }
    if roll < 25:
        return {
            "validity": Document.Validity.REVOKED,
            "revocation_reason": "Revoked by the authority",
            "revoked_at": INVALIDATED_AT,
        }
    return {}


class Command(BaseCommand):
    help = (
        "Bulk-insert N synthetic citizens (person, residence, ID card) and passports and "
        "driving licences for the first of them; --national for the national size."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--citizens", type=int, default=0)
        parser.add_argument("--passports", type=int, default=0)
        parser.add_argument("--licences", type=int, default=0)
        parser.add_argument("--national", action="store_true")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(
        self,
        *args,
        citizens: int,
        passports: int,
        licences: int,
        national: bool,
        batch: int,
        **options,
    ) -> None:
        if national:
            citizens = max(citizens, NATIONAL["citizens"])
            passports = max(passports, NATIONAL["passports"])
            licences = max(licences, NATIONAL["licences"])
            batch = max(batch, 50_000)
        if citizens <= 0:
            raise CommandError("give --citizens N (or --national)")
        self.copy = connection.vendor == "postgresql"
        started = time.monotonic()
        existing = Person.objects.count()
        created = rows = 0
        insert = self._generate if self.copy else self._insert
        for start in range(0, citizens, batch):
            indexes = range(start, min(start + batch, citizens))
            people, written = insert(indexes, passports, licences)
            created += people
            rows += written
        if self.copy:
            with connection.cursor() as cursor:
                for model in (Person, Address, Document):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"citizens requested={citizens} created={created} "
            f"previously_present={existing} passports={min(passports, citizens)} "
            f"licences={min(licences, citizens)} rows={rows} seconds={seconds:.1f} "
            f"rows_per_second={rows / max(seconds, 1e-6):.0f} "
            f"method={'server_side' if self.copy else 'bulk_insert'}"
        )

    @transaction.atomic
    def _insert(self, indexes: range, passports: int, licences: int) -> tuple[int, int]:
        rows = {}
        for i in indexes:
            pid, born, sex = personal_id_of(i)
            given = (GIVEN_F if sex == "F" else GIVEN_M)[i % 10]
            family = FAMILY[i % len(FAMILY)]
            rows[pid] = (
                i,
                Person(
                    personal_id=pid,
                    family_name=family,
                    given_names=given,
                    birth_family_name=family,
                    birth_given_names=given,
                    mother_family_name=FAMILY[(i // 7) % len(FAMILY)],
                    mother_given_names=GIVEN_F[(i // 3) % 10],
                    birth_place=TOWNS[i % len(TOWNS)][1],
                    birth_date=born,
                    sex=sex,
                    fingerprints_stored=bool(i % 5),
                ),
            )
        present = set(
            Person.objects.filter(personal_id__in=rows).values_list("personal_id", flat=True)
        )
        new = [(i, p) for pid, (i, p) in rows.items() if pid not in present]
        if not new:
            return 0, 0
        self._write(Person, [p for _, p in new])
        ids = dict(
            Person.objects.filter(personal_id__in=[p.personal_id for _, p in new]).values_list(
                "personal_id", "pk"
            )
        )
        addresses, documents = [], []
        for i, person in new:
            pk = ids[person.personal_id]
            postal, town = TOWNS[i % len(TOWNS)]
            addresses.append(
                Address(
                    person_id=pk,
                    kind=Address.Kind.RESIDENCE,
                    postal_code=postal,
                    settlement=town,
                    street_address=f"Fő utca {i % 200 + 1}.",
                    valid_from=date(2010, 1, 1),
                )
            )
            issued = date(2022, 1, 1) + timedelta(days=i % 900)
            documents.append(
                Document(
                    kind=DocumentKind.ID_CARD,
                    number=card_number(i),
                    holder_id=pk,
                    issued_on=issued,
                    expires_on=issued + timedelta(days=6 * 365),
                    has_chip=True,
                    fingerprints_stored=person.fingerprints_stored,
                    **_state(i, 1),
                )
            )
            if i < passports:
                issued = date(2019, 1, 1) + timedelta(days=i % 2500)
                years = 10 if i % 3 else 5
                documents.append(
                    Document(
                        kind=DocumentKind.PASSPORT,
                        number=passport_number(i),
                        holder_id=pk,
                        issued_on=issued,
                        expires_on=issued + timedelta(days=years * 365),
                        validity_years=years,
                        fingerprints_stored=person.fingerprints_stored,
                        **_state(i, 2),
                    )
                )
            if i < licences:
                issued = date(2016, 1, 1) + timedelta(days=i % 3600)
                documents.append(
                    Document(
                        kind=DocumentKind.DRIVING_LICENCE,
                        number=licence_number(i),
                        holder_id=pk,
                        issued_on=issued,
                        expires_on=issued + timedelta(days=10 * 365),
                        **_state(i, 3),
                    )
                )
        self._write(Address, addresses)
        self._write(Document, documents)
        return len(new), len(new) + len(addresses) + len(documents)

    def _write(self, model: type[models.Model], objects: list[models.Model]) -> None:
        if objects:
            model.objects.bulk_create(objects, batch_size=len(objects))

    @transaction.atomic
    def _generate(self, indexes: range, passports: int, licences: int) -> tuple[int, int]:
        """PostgreSQL: the batch is generated by the server in one statement (persons,
        residences, documents), the same rows `_insert` builds in Python."""
        with connection.cursor() as cursor:
            cursor.execute(*generation_sql(indexes.start, indexes.stop - 1, passports, licences))
            people, addresses, documents = cursor.fetchone()
        return people, people + addresses + documents


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def _pick(values: list[str], index_sql: str) -> str:
    return f"({_sql_array(values)})[({index_sql}) + 1]"


def _columns(model: type[models.Model], given: dict[str, str]) -> tuple[str, str, list]:
    """The column list and select list of an INSERT … SELECT that fills every column:
    `given` SQL expressions, else NULL or the field's default as a parameter."""
    columns, selects, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in given:
            selects.append(given[field.attname])
        elif field.null:
            selects.append(f"NULL::{field.db_type(connection)}")
        else:
            selects.append(f"%s::{field.db_type(connection)}")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    unknown = set(given) - {f.attname for f in model._meta.concrete_fields}
    if unknown:
        raise CommandError(f"{model.__name__} has no column {sorted(unknown)}")
    return ", ".join(columns), ", ".join(selects), params


def _state_sql(salt: int) -> dict[str, str]:
    roll = f"((g.i * 7919 + {salt}) % 1000)"
    reasons = "(ARRAY['lost', 'stolen', 'destroyed'])[" + roll + " % 3 + 1]"
    return {
        "validity": f"CASE WHEN {roll} < 20 THEN 'invalidated' WHEN {roll} < 25 THEN 'revoked' "
        "ELSE 'valid' END",
        "invalidation_reason": f"CASE WHEN {roll} < 20 THEN {reasons} ELSE '' END",
        "invalidated_at": f"CASE WHEN {roll} < 20 THEN %(invalidated_at)s END",
        "revocation_reason": f"CASE WHEN {roll} >= 20 AND {roll} < 25 "
        "THEN 'Revoked by the authority' ELSE '' END",
        "revoked_at": f"CASE WHEN {roll} >= 20 AND {roll} < 25 THEN %(invalidated_at)s END",
    }


def generation_sql(first: int, last: int, passports: int, licences: int) -> tuple[str, list]:
    """One statement: persons for indexes first..last (those not present yet), their
    residences, ID cards, and passports and licences below the given counts."""
    weights_old = " + ".join(f"substr(c.body, {k}, 1)::int * {k}" for k in range(1, 11))
    weights_new = " + ".join(f"substr(c.body, {k}, 1)::int * {11 - k}" for k in range(1, 11))
    generated = f"""
    g0 AS (
      SELECT i, DATE '{EPOCH.isoformat()}' + (i % {DAYS})::int AS born,
             CASE WHEN i % 2 = 1 THEN 'F' ELSE 'M' END AS sex,
             ({FIRST_SERIAL} + 2 * (i / {DAYS}))::int AS serial
      FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
    ),
    c AS (
      SELECT g0.*, s.n,
             ((CASE WHEN born < DATE '2000-01-01' THEN 1 ELSE 3 END)
               + (CASE WHEN sex = 'F' THEN 1 ELSE 0 END))::text
             || to_char(born, 'YYMMDD') || lpad(s.n::text, 3, '0') AS body
      FROM g0 CROSS JOIN LATERAL (VALUES (serial), (serial + 1)) AS s(n)
    ),
    checked AS (
      SELECT c.*, (CASE WHEN born < DATE '1997-01-01' THEN {weights_old}
                   ELSE {weights_new} END) % 11 AS check_digit
      FROM c
    ),
    g AS (
      SELECT DISTINCT ON (i) i, born, sex, body || check_digit::text AS personal_id
      FROM checked WHERE check_digit <> 10 ORDER BY i, n
    )"""
    family = _pick(FAMILY, f"g.i % {len(FAMILY)}")
    given = (
        f"CASE WHEN g.sex = 'F' THEN {_pick(GIVEN_F, 'g.i % 10')} "
        f"ELSE {_pick(GIVEN_M, 'g.i % 10')} END"
    )
    person_cols, person_select, person_params = _columns(
        Person,
        {
            "personal_id": "g.personal_id",
            "family_name": family,
            "given_names": given,
            "birth_family_name": family,
            "birth_given_names": given,
            "mother_family_name": _pick(FAMILY, f"(g.i / 7) % {len(FAMILY)}"),
            "mother_given_names": _pick(GIVEN_F, "(g.i / 3) % 10"),
            "birth_place": _pick([t for _, t in TOWNS], f"g.i % {len(TOWNS)}"),
            "birth_date": "g.born",
            "sex": "g.sex",
            "fingerprints_stored": "(g.i % 5 <> 0)",
        },
    )
    address_cols, address_select, address_params = _columns(
        Address,
        {
            "person_id": "g.pk",
            "kind": "'residence'",
            "postal_code": _pick([p for p, _ in TOWNS], f"g.i % {len(TOWNS)}"),
            "settlement": _pick([t for _, t in TOWNS], f"g.i % {len(TOWNS)}"),
            "street_address": "'Fő utca ' || (g.i % 200 + 1)::text || '.'",
            "valid_from": "DATE '2010-01-01'",
        },
    )
    card_issued = "(DATE '2022-01-01' + (g.i % 900)::int)"
    passport_issued = "(DATE '2019-01-01' + (g.i % 2500)::int)"
    licence_issued = "(DATE '2016-01-01' + (g.i % 3600)::int)"
    letters = "chr(65 + (g.i / {per} % 26)::int)"
    kinds = {
        "card": {
            "kind": "'id_card'",
            "number": f"lpad((g.i % {CARD_SERIES})::text, 6, '0') || chr(83 + (g.i / "
            f"{CARD_SERIES} % 8)::int) || chr(65 + (g.i / 8000000 % 26)::int)",
            "holder_id": "g.pk",
            "issued_on": card_issued,
            "expires_on": f"{card_issued} + {6 * 365}",
            "has_chip": "true",
            "fingerprints_stored": "(g.i % 5 <> 0)",
            **_state_sql(1),
        },
        "passport": {
            "kind": "'passport'",
            "number": "'Q' || "
            + letters.format(per=10_000_000)
            + " || lpad((g.i % 10000000)::text, 7, '0')",
            "holder_id": "g.pk",
            "issued_on": passport_issued,
            "expires_on": f"{passport_issued} + (CASE WHEN g.i % 3 <> 0 THEN {10 * 365} "
            f"ELSE {5 * 365} END)",
            "validity_years": "CASE WHEN g.i % 3 <> 0 THEN 10 ELSE 5 END",
            "fingerprints_stored": "(g.i % 5 <> 0)",
            **_state_sql(2),
        },
        "licence": {
            "kind": "'driving_licence'",
            "number": "'R' || "
            + letters.format(per=1_000_000)
            + " || lpad((g.i % 1000000)::text, 6, '0')",
            "holder_id": "g.pk",
            "issued_on": licence_issued,
            "expires_on": f"{licence_issued} + {10 * 365}",
            **_state_sql(3),
        },
    }
    document_inserts, document_params = [], []
    for name, expressions in kinds.items():
        cols, select, params = _columns(Document, expressions)
        condition = {
            "card": "true",
            "passport": "g.i < %(passports)s",
            "licence": "g.i < %(licences)s",
        }[name]
        document_inserts.append((cols, f"SELECT {select} FROM joined AS g WHERE {condition}"))
        document_params.append(params)
    # Every document insert has the same columns: one INSERT of their UNION.
    doc_cols = document_inserts[0][0]
    sql = f"""
    WITH {generated},
    ins AS (
      INSERT INTO {Person._meta.db_table} ({person_cols})
      SELECT {person_select} FROM g
      ON CONFLICT (personal_id) DO NOTHING
      RETURNING id, personal_id
    ),
    joined AS (SELECT g.*, ins.id AS pk FROM g JOIN ins USING (personal_id)),
    addr AS (
      INSERT INTO {Address._meta.db_table} ({address_cols})
      SELECT {address_select} FROM joined AS g
      RETURNING 1
    ),
    docs AS (
      INSERT INTO {Document._meta.db_table} ({doc_cols})
      {" UNION ALL ".join(select for _, select in document_inserts)}
      ON CONFLICT (kind, number) DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM addr), (SELECT count(*) FROM docs)
    """
    # Positional defaults and named values do not mix: name the defaults too.
    named: dict = {
        "first": first,
        "last": last,
        "passports": passports,
        "licences": licences,
        "invalidated_at": INVALIDATED_AT,
    }
    counter = 0

    def _name(params: list, text: str) -> str:
        nonlocal counter
        parts = text.split("%s")  # the defaults' placeholders, each followed by its cast
        out = parts[0]
        for value, rest in zip(params, parts[1:], strict=True):
            key = f"d{counter}"
            counter += 1
            named[key] = value
            out += f"%({key})s" + rest
        return out

    person_part = _name(person_params, person_select)
    address_part = _name(address_params, address_select)
    sql = sql.replace(person_select, person_part, 1).replace(address_select, address_part, 1)
    for (_, select), params in zip(document_inserts, document_params, strict=True):
        sql = sql.replace(select, _name(params, select), 1)
    # The modulo operator, not a placeholder: doubled for the driver's parameter style.
    return re.sub(r"%(?!\()", "%%", sql), named
