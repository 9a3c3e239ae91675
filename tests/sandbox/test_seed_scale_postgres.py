"""seed_scale on PostgreSQL: the server generates the same rows the Python path builds."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from documents.models import Document, DocumentKind
from population.identifiers import validate_personal_id
from population.models import Address, Person
from sandbox import scale
from sandbox.management.commands.seed_scale import PARTS
from vehicles.models import Ownership, Vehicle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _stored(part, i: int) -> dict:
    row = part.model.objects.get(pk=part.base + i)
    values = {f.attname: getattr(row, f.attname) for f in part.model._meta.concrete_fields}
    return {name: values[name] for name in part.row(i)}


def test_server_side_generation_matches_the_python_rows_and_adds_only_missing(capsys):
    call_command(
        "seed_scale", citizens=3000, passports=1500, licences=1800, vehicles=1200, batch=1000
    )
    out = capsys.readouterr()
    assert "method=server_side" in out.out
    # A first load into a (nearly) empty table rebuilds its indexes afterwards.
    assert "indexes_rebuilt=documents_document " in out.out
    assert "rows/s" in out.err
    assert Person.objects.count() == Address.objects.count() == 3000
    assert Document.objects.filter(kind=DocumentKind.ID_CARD).count() == 3000
    assert Document.objects.filter(kind=DocumentKind.PASSPORT).count() == 1500
    assert Document.objects.filter(kind=DocumentKind.DRIVING_LICENCE).count() == 1800
    assert Vehicle.objects.count() == Ownership.objects.count() == 1200
    for part in PARTS.values():
        for i in (0, 1, 2, 777, 1199):
            assert _stored(part, i) == part.row(i), (part.name, i)
    for person in Person.objects.all()[:500]:
        validate_personal_id(person.personal_id)
    states = set(Document.objects.values_list("validity", flat=True))
    assert {"valid", "invalidated", "revoked"} <= states

    call_command("seed_scale", citizens=3000, passports=1500, licences=1800, vehicles=1200)
    assert "rows=0 " in capsys.readouterr().out
    call_command("seed_scale", citizens=3500, passports=1600, licences=1800, batch=1000)
    out = capsys.readouterr().out
    assert "created=500" in out and "rows=1600 " in out and "indexes_rebuilt=none" in out
    assert Person.objects.count() == 3500
    assert Document.objects.filter(kind=DocumentKind.PASSPORT).count() == 1600


def test_identifiers_computed_by_the_server_match_python_across_the_country():
    """Sampled over the whole capacity, both weightings and both centuries."""
    from django.db import connection

    samples = [0, 1, 2, 9, 10, scale.DAYS - 1, scale.DAYS, scale.DAYS + 1]
    samples += list(range(8_942_400, 8_942_600))
    samples += [10_000_000 - 1, scale.CAPACITY - 2, scale.CAPACITY - 1]
    samples += list(range(12_345, scale.CAPACITY, 104_729))
    with connection.cursor() as cursor:
        for first in samples:
            cursor.execute(f"SELECT i, personal_id FROM ({scale.identity_sql(first, first)}) s")
            i, personal_id = cursor.fetchone()
            assert personal_id == scale.personal_id_of(i)[0], i
