"""The synthetic national register of `seed_scale`: what row number i holds.

Every row is a function of its index, so the rows need no lookups and a run can
continue where an earlier one stopped. Each table (and each document kind) has its own
range of primary keys, `base + i`: the keys tell which rows exist, and the documents,
addresses and vehicles point at their holder's key without reading it back.

The same rows are built two ways: in Python (`*_row` functions, for SQLite and the
tests) and as SQL expressions over `generate_series` (`*_sql`, PostgreSQL), which the
tests compare on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from population.identifiers import UnissuedSerialError, personal_id_for

FAMILY = [
    "Kovács", "Nagy", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár",
    "Németh", "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros",
]  # fmt: skip
GIVEN_M = [
    "László", "István", "József", "János", "Zoltán",
    "Sándor", "Gábor", "Ferenc", "Attila", "Péter",
]  # fmt: skip
GIVEN_F = [
    "Mária", "Erzsébet", "Katalin", "Éva", "Ilona",
    "Anna", "Zsuzsanna", "Margit", "Judit", "Ágnes",
]  # fmt: skip
TOWNS = [
    ("1051", "Budapest"), ("4025", "Debrecen"), ("6720", "Szeged"), ("7621", "Pécs"),
    ("9021", "Győr"), ("3525", "Miskolc"), ("8000", "Székesfehérvár"), ("2000", "Szentendre"),
]  # fmt: skip
MAKES = [
    ("Suzuki", "Swift"), ("Opel", "Astra"), ("Skoda", "Octavia"), ("Volkswagen", "Golf"),
    ("Toyota", "Corolla"), ("Ford", "Focus"), ("Renault", "Clio"), ("Dacia", "Logan"),
]  # fmt: skip
COLOURS = [("fehér", "1"), ("fekete", "2"), ("szürke", "3"), ("piros", "4"), ("kék", "5")]
FUELS = ["petrol", "diesel", "petrol", "hybrid", "lpg"]

# Personal identifiers (population/identifiers.py): S YYMMDD NNN C. Births are spread
# over DAYS days from EPOCH. DAYS is odd, so the citizens born on one day alternate
# between the sexes (i % 2) as i grows by DAYS, and each (day, sex) pair takes serials
# in pairs from FIRST_SERIAL: serial n or, when n would need the never-issued check
# digit 10, n + 1 (the two check digits differ, so one of them is always issued).
# That gives DAYS × 2 × PAIRS distinct identifiers: 23 million, beyond the country.
EPOCH = date(1935, 1, 1)
DAYS = 365 * 90 + 1
# Demo citizens use serials below 300.
FIRST_SERIAL = 300
PAIRS = (1000 - FIRST_SERIAL) // 2
CAPACITY = DAYS * 2 * PAIRS

NATIONAL = {
    "citizens": 10_000_000,
    "passports": 5_000_000,
    "licences": 6_000_000,
    "vehicles": 4_000_000,
}
# Primary keys: each part has its own range, far above what the sequences hand out.
BASE = 1_000_000_000
PERSON_BASE = ADDRESS_BASE = VEHICLE_BASE = OWNERSHIP_BASE = BASE
DOCUMENT_BASES = {"id_card": BASE, "passport": 2 * BASE, "driving_licence": 3 * BASE}
# Identity card numbers repeat every million rows with a new pair of letters (S-Z, then A-Z).
CARD_SERIES = 1_000_000
# Plates ABC-123 from TAA-001 to ZZZ-999: no demo or test vehicle starts with T-Z.
PLATE_LETTERS = 7
VEHICLE_CAPACITY = PLATE_LETTERS * 26 * 26 * 999
INVALIDATED_AT = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)
CARD_ISSUED = date(2022, 1, 1)
PASSPORT_ISSUED = date(2019, 1, 1)
LICENCE_ISSUED = date(2016, 1, 1)


def identity_of(i: int) -> tuple[date, str]:
    """The birth date and sex of citizen i."""
    return EPOCH + timedelta(days=i % DAYS), "F" if i % 2 else "M"


def personal_id_of(i: int) -> tuple[str, date, str]:
    if not 0 <= i < CAPACITY:
        raise ValueError(f"citizen {i} is beyond the {CAPACITY} synthetic identifiers")
    born, sex = identity_of(i)
    serial = FIRST_SERIAL + 2 * (i // DAYS // 2)
    try:
        return personal_id_for(born, sex, serial), born, sex
    except UnissuedSerialError:
        return personal_id_for(born, sex, serial + 1), born, sex


def card_number(i: int) -> str:
    # Letters S–Z then A–Z: never the demo citizens' AB/AC/AD/AE/HA series.
    return f"{i % CARD_SERIES:06d}{chr(83 + i // CARD_SERIES % 8)}{chr(65 + i // 8_000_000 % 26)}"


def passport_number(i: int) -> str:
    # QA0000000 … QZ9999999: no demo passport starts with Q.
    return f"Q{chr(65 + i // 10_000_000 % 26)}{i % 10_000_000:07d}"


def licence_number(i: int) -> str:
    # RA000000 … RZ999999: no demo driving licence starts with R.
    return f"R{chr(65 + i // 1_000_000 % 26)}{i % 1_000_000:06d}"


def plate_of(v: int) -> str:
    k = v // 999
    return f"{chr(84 + k // 676)}{chr(65 + k // 26 % 26)}{chr(65 + k % 26)}-{v % 999 + 1:03d}"


def state_of(i: int, salt: int) -> dict:
    """About 2 in 100 invalidated, 1 in 200 revoked, the rest valid (expiry by date)."""
    roll = (i * 7919 + salt) % 1000
    if roll < 20:
        return {
            "validity": "invalidated",
            "invalidation_reason": ("lost", "stolen", "destroyed")[roll % 3],
            "invalidated_at": INVALIDATED_AT,
        }
    if roll < 25:
        return {
            "validity": "revoked",
            "revocation_reason": "Revoked by the authority",
            "revoked_at": INVALIDATED_AT,
        }
    return {}


# --- Python rows (field name -> value) --------------------------------------------


def person_row(i: int) -> dict:
    pid, born, sex = personal_id_of(i)
    given = (GIVEN_F if sex == "F" else GIVEN_M)[i % 10]
    family = FAMILY[i % len(FAMILY)]
    return {
        "id": PERSON_BASE + i,
        "personal_id": pid,
        "family_name": family,
        "given_names": given,
        "birth_family_name": family,
        "birth_given_names": given,
        "mother_family_name": FAMILY[(i // 7) % len(FAMILY)],
        "mother_given_names": GIVEN_F[(i // 3) % 10],
        "birth_place": TOWNS[i % len(TOWNS)][1],
        "birth_date": born,
        "sex": sex,
        "fingerprints_stored": bool(i % 5),
    }


def address_row(i: int) -> dict:
    postal, town = TOWNS[i % len(TOWNS)]
    return {
        "id": ADDRESS_BASE + i,
        "person_id": PERSON_BASE + i,
        "kind": "residence",
        "postal_code": postal,
        "settlement": town,
        "street_address": f"Fő utca {i % 200 + 1}.",
        "valid_from": date(2010, 1, 1),
    }


def document_row(kind: str, i: int) -> dict:
    row = {"id": DOCUMENT_BASES[kind] + i, "kind": kind, "holder_id": PERSON_BASE + i}
    if kind == "id_card":
        issued = CARD_ISSUED + timedelta(days=i % 900)
        row |= {
            "number": card_number(i),
            "expires_on": issued + timedelta(days=6 * 365),
            "has_chip": True,
            "fingerprints_stored": bool(i % 5),
        }
        salt = 1
    elif kind == "passport":
        issued = PASSPORT_ISSUED + timedelta(days=i % 2500)
        years = 10 if i % 3 else 5
        row |= {
            "number": passport_number(i),
            "expires_on": issued + timedelta(days=years * 365),
            "validity_years": years,
            "fingerprints_stored": bool(i % 5),
        }
        salt = 2
    else:
        issued = LICENCE_ISSUED + timedelta(days=i % 3600)
        row |= {"number": licence_number(i), "expires_on": issued + timedelta(days=10 * 365)}
        salt = 3
    return row | {"issued_on": issued} | state_of(i, salt)


def vehicle_row(v: int) -> dict:
    make, model = MAKES[v % len(MAKES)]
    colour, code = COLOURS[v % len(COLOURS)]
    year = 2000 + v % 25
    return {
        "id": VEHICLE_BASE + v,
        "plate": plate_of(v),
        "vin": f"UGYSC{v:012d}",
        "make": make,
        "model_name": model,
        "colour": colour,
        "colour_code": code,
        "registration_certificate_number": f"SC{v:08d}",
        "title_number": f"ST{v:08d}",
        "year_of_manufacture": year,
        "first_registered_on": date(year, 1 + v % 12, 1),
        "fuel": FUELS[v % len(FUELS)],
    }


def ownership_row(v: int) -> dict:
    year = 2000 + v % 25
    return {
        "id": OWNERSHIP_BASE + v,
        "vehicle_id": VEHICLE_BASE + v,
        "person_id": PERSON_BASE + v,
        "since": date(year, 1 + v % 12, 1),
    }


# --- The same rows as SQL over `generate_series(...) AS i` (PostgreSQL) -------------


def _text_array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def _pick(values: list[str], index_sql: str) -> str:
    return f"({_text_array(values)})[({index_sql}) + 1]"


def _date(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


def _digits_sum(weights: range) -> str:
    """The weighted digit sum of S YYMMDD NNN from the columns of `_identity_sql`."""
    digits = [
        "s1", "yy / 10", "mod(yy, 10)", "mm / 10", "mod(mm, 10)", "dd / 10", "mod(dd, 10)",
        "serial / 100", "mod(serial / 10, 10)", "mod(serial, 10)",
    ]  # fmt: skip
    return " + ".join(f"({d}) * {w}" for d, w in zip(digits, weights, strict=True))


def identity_sql(first: int, last: int) -> str:
    """A subquery of (i, born, female, personal_id) for citizens first..last: the
    personal identifier by the rules of `personal_id_of`, computed by the server."""
    born = f"{_date(EPOCH)} + mod(i, {DAYS})::int"
    base = f"""
      SELECT i, born, female, serial,
             (CASE WHEN born < DATE '2000-01-01' THEN 1 ELSE 3 END + female::int) AS s1,
             mod(date_part('year', born)::int, 100) AS yy,
             date_part('month', born)::int AS mm, date_part('day', born)::int AS dd
      FROM (SELECT i, {born} AS born, mod(i, 2) = 1 AS female,
                   ({FIRST_SERIAL} + 2 * (i / {DAYS} / 2))::int AS serial
            FROM generate_series({int(first)}::bigint, {int(last)}::bigint) AS i
            OFFSET 0) AS g0
      OFFSET 0"""
    checked = f"""
      SELECT *, mod(CASE WHEN born < DATE '1997-01-01' THEN {_digits_sum(range(1, 11))}
                    ELSE {_digits_sum(range(10, 0, -1))} END, 11) AS c
      FROM ({base}) AS g1
      OFFSET 0"""
    # (OFFSET 0 keeps each subquery from being merged into the next, which would
    # compute every derived column again at each place it is used.)
    # Check digit 10 is never issued: take serial + 1, whose last digit weighs 10
    # (before 1997: check digit 9) or 1 (from 1997: check digit 0) more.
    return f"""
      SELECT i, born, female,
             s1::text || to_char(born, 'YYMMDD')
             || lpad((serial + (c = 10)::int)::text, 3, '0')
             || (CASE WHEN c < 10 THEN c WHEN born < DATE '1997-01-01' THEN 9 ELSE 0 END)::text
             AS personal_id
      FROM ({checked}) AS g2"""


def _state_sql(salt: int) -> dict[str, str]:
    roll = f"mod(i * 7919 + {salt}, 1000)"
    at = f"TIMESTAMPTZ '{INVALIDATED_AT.isoformat()}'"
    return {
        "validity": f"CASE WHEN {roll} < 20 THEN 'invalidated' WHEN {roll} < 25 THEN 'revoked' "
        "ELSE 'valid' END",
        "invalidation_reason": f"CASE WHEN {roll} < 20 THEN "
        f"(ARRAY['lost', 'stolen', 'destroyed'])[mod({roll}, 3) + 1] ELSE '' END",
        "invalidated_at": f"CASE WHEN {roll} < 20 THEN {at} END",
        "revocation_reason": f"CASE WHEN {roll} >= 20 AND {roll} < 25 "
        "THEN 'Revoked by the authority' ELSE '' END",
        "revoked_at": f"CASE WHEN {roll} >= 20 AND {roll} < 25 THEN {at} END",
    }


def person_sql() -> dict[str, str]:
    """Over `identity_sql` rows."""
    family = _pick(FAMILY, f"mod(i, {len(FAMILY)})")
    given = (
        f"CASE WHEN female THEN {_pick(GIVEN_F, 'mod(i, 10)')} "
        f"ELSE {_pick(GIVEN_M, 'mod(i, 10)')} END"
    )
    return {
        "id": f"{PERSON_BASE} + i",
        "personal_id": "personal_id",
        "family_name": family,
        "given_names": given,
        "birth_family_name": family,
        "birth_given_names": given,
        "mother_family_name": _pick(FAMILY, f"mod(i / 7, {len(FAMILY)})"),
        "mother_given_names": _pick(GIVEN_F, "mod(i / 3, 10)"),
        "birth_place": _pick([t for _, t in TOWNS], f"mod(i, {len(TOWNS)})"),
        "birth_date": "born",
        "sex": "CASE WHEN female THEN 'F' ELSE 'M' END",
        "fingerprints_stored": "mod(i, 5) <> 0",
    }


def address_sql() -> dict[str, str]:
    return {
        "id": f"{ADDRESS_BASE} + i",
        "person_id": f"{PERSON_BASE} + i",
        "kind": "'residence'",
        "postal_code": _pick([p for p, _ in TOWNS], f"mod(i, {len(TOWNS)})"),
        "settlement": _pick([t for _, t in TOWNS], f"mod(i, {len(TOWNS)})"),
        "street_address": "'Fő utca ' || (mod(i, 200) + 1)::text || '.'",
        "valid_from": "DATE '2010-01-01'",
    }


def _letter(sql: str) -> str:
    return f"chr(({sql})::int)"


def document_sql(kind: str) -> dict[str, str]:
    row = {
        "id": f"{DOCUMENT_BASES[kind]} + i",
        "kind": f"'{kind}'",
        "holder_id": f"{PERSON_BASE} + i",
    }
    if kind == "id_card":
        issued = f"({_date(CARD_ISSUED)} + mod(i, 900)::int)"
        row |= {
            "number": f"lpad(mod(i, {CARD_SERIES})::text, 6, '0') || "
            f"{_letter(f'83 + mod(i / {CARD_SERIES}, 8)')} || "
            f"{_letter('65 + mod(i / 8000000, 26)')}",
            "expires_on": f"{issued} + {6 * 365}",
            "has_chip": "true",
            "fingerprints_stored": "mod(i, 5) <> 0",
            **_state_sql(1),
        }
    elif kind == "passport":
        issued = f"({_date(PASSPORT_ISSUED)} + mod(i, 2500)::int)"
        row |= {
            "number": f"'Q' || {_letter('65 + mod(i / 10000000, 26)')} "
            "|| lpad(mod(i, 10000000)::text, 7, '0')",
            "expires_on": f"{issued} + (CASE WHEN mod(i, 3) <> 0 THEN {10 * 365} "
            f"ELSE {5 * 365} END)",
            "validity_years": "CASE WHEN mod(i, 3) <> 0 THEN 10 ELSE 5 END",
            "fingerprints_stored": "mod(i, 5) <> 0",
            **_state_sql(2),
        }
    else:
        issued = f"({_date(LICENCE_ISSUED)} + mod(i, 3600)::int)"
        row |= {
            "number": f"'R' || {_letter('65 + mod(i / 1000000, 26)')} "
            "|| lpad(mod(i, 1000000)::text, 6, '0')",
            "expires_on": f"{issued} + {10 * 365}",
            **_state_sql(3),
        }
    return row | {"issued_on": issued}


def vehicle_sql() -> dict[str, str]:
    year = "(2000 + mod(i, 25))"
    return {
        "id": f"{VEHICLE_BASE} + i",
        "plate": f"{_letter('84 + i / 999 / 676')} || {_letter('65 + mod(i / 999 / 26, 26)')} "
        f"|| {_letter('65 + mod(i / 999, 26)')} || '-' || lpad((mod(i, 999) + 1)::text, 3, '0')",
        "vin": "'UGYSC' || lpad(i::text, 12, '0')",
        "make": _pick([m for m, _ in MAKES], f"mod(i, {len(MAKES)})"),
        "model_name": _pick([t for _, t in MAKES], f"mod(i, {len(MAKES)})"),
        "colour": _pick([c for c, _ in COLOURS], f"mod(i, {len(COLOURS)})"),
        "colour_code": _pick([c for _, c in COLOURS], f"mod(i, {len(COLOURS)})"),
        "registration_certificate_number": "'SC' || lpad(i::text, 8, '0')",
        "title_number": "'ST' || lpad(i::text, 8, '0')",
        "year_of_manufacture": year,
        "first_registered_on": f"make_date({year}::int, mod(i, 12)::int + 1, 1)",
        "fuel": _pick(FUELS, f"mod(i, {len(FUELS)})"),
    }


def ownership_sql() -> dict[str, str]:
    return {
        "id": f"{OWNERSHIP_BASE} + i",
        "vehicle_id": f"{VEHICLE_BASE} + i",
        "person_id": f"{PERSON_BASE} + i",
        "since": "make_date((2000 + mod(i, 25))::int, mod(i, 12)::int + 1, 1)",
    }
