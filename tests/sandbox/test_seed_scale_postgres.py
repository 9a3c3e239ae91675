"""seed_scale on PostgreSQL: the server generates the same rows the Python path builds."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from documents.models import Document, DocumentKind
from population.identifiers import validate_personal_id
from population.models import Address, Person
from sandbox.management.commands.seed_scale import card_number, personal_id_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_server_side_generation_matches_the_python_rows_and_adds_only_missing(capsys):
    call_command("seed_scale", citizens=3000, passports=1500, licences=1800, batch=1000)
    assert "method=server_side" in capsys.readouterr().out
    assert Person.objects.count() == Address.objects.count() == 3000
    assert Document.objects.filter(kind=DocumentKind.ID_CARD).count() == 3000
    assert Document.objects.filter(kind=DocumentKind.PASSPORT).count() == 1500
    assert Document.objects.filter(kind=DocumentKind.DRIVING_LICENCE).count() == 1800
    for i in (0, 1, 777, 2999):
        pid, born, sex = personal_id_of(i)
        person = Person.objects.get(personal_id=pid)
        assert (person.birth_date, person.sex) == (born, sex)
        assert person.documents.get(kind=DocumentKind.ID_CARD).number == card_number(i)
    for person in Person.objects.all()[:200]:
        validate_personal_id(person.personal_id)
    states = set(Document.objects.values_list("validity", flat=True))
    assert {"valid", "invalidated", "revoked"} <= states
    invalidated = Document.objects.filter(validity="invalidated").first()
    assert invalidated.invalidation_reason and invalidated.invalidated_at
    call_command("seed_scale", citizens=3500, passports=1500, licences=1800, batch=1000)
    assert "created=500" in capsys.readouterr().out
    assert Person.objects.count() == 3500
