"""Bulk synthetic citizens for benchmarks: persons, residences and ID cards.

Numbers are derived from the row index, so repeated runs with a larger N add
only the missing rows. On PostgreSQL one million citizens (three million
rows) load in a few minutes with batched multi-row INSERTs.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

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
DAYS = 365 * 70  # births spread over 70 years
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


class Command(BaseCommand):
    help = "Bulk-insert N synthetic citizens (person, residence, ID card) for benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--citizens", type=int, required=True)
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, citizens: int, batch: int, **options) -> None:
        started = time.monotonic()
        existing = Person.objects.count()
        created = 0
        for start in range(0, citizens, batch):
            created += self._insert(range(start, min(start + batch, citizens)))
        seconds = time.monotonic() - started
        self.stdout.write(
            f"citizens requested={citizens} created={created} "
            f"previously_present={existing} seconds={seconds:.1f} "
            f"rows_per_second={3 * created / max(seconds, 1e-6):.0f}"
        )

    @transaction.atomic
    def _insert(self, indexes: range) -> int:
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
            return 0
        Person.objects.bulk_create([p for _, p in new], batch_size=len(new))
        ids = dict(
            Person.objects.filter(personal_id__in=[p.personal_id for _, p in new]).values_list(
                "personal_id", "pk"
            )
        )
        addresses, cards = [], []
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
            # Letters S–Z then A–Z: never the demo citizens' AB/AC/AE series.
            letters = f"{chr(83 + i // 1_000_000 % 8)}{chr(65 + i // 8_000_000 % 26)}"
            issued = date(2022, 1, 1) + timedelta(days=i % 900)
            cards.append(
                Document(
                    kind=DocumentKind.ID_CARD,
                    number=f"{i % 1_000_000:06d}{letters}",
                    holder_id=pk,
                    issued_on=issued,
                    expires_on=issued + timedelta(days=6 * 365),
                    has_chip=True,
                    fingerprints_stored=person.fingerprints_stored,
                )
            )
        Address.objects.bulk_create(addresses, batch_size=len(addresses))
        Document.objects.bulk_create(cards, batch_size=len(cards))
        return len(new)
