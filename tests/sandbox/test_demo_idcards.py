"""The ID card demo citizens meet or miss the conditions their hints say."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils.translation import override

from cases import flow, registry
from documents.models import DocumentKind
from identity.models import User
from population.models import Person

pytestmark = pytest.mark.django_db
REPORT = "idcards.invalidation"
REPLACE = "idcards.replacement"


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def _citizen(family: str, given: str) -> User:
    person = Person.objects.get(family_name=family, given_names=given)
    return User.objects.create(username=f"{family}.{given}", person=person)


def _current_card(user: User) -> str:
    return (
        user.person.documents.filter(kind=DocumentKind.ID_CARD)
        .order_by("-issued_on")
        .values_list("number", flat=True)
        .first()
    )


def _errors(user: User, slug: str, number: str) -> str:
    draft = flow.Draft(registry.get(slug), user)
    with override("en"):
        outcome = draft._validated(0, {}, {"number": number, "reason": "lost"})
        return " ".join(str(m) for messages in outcome.form.errors.values() for m in messages)


@pytest.mark.parametrize(
    ("family", "given", "slug", "number", "phrase"),
    [
        ("Kovács", "János", REPORT, None, ""),
        ("Kovács", "János", REPLACE, None, ""),
        ("Szabó", "Péter", REPORT, "AU104455", "book-format ID issued before 1 January 2000"),
        ("Szabó", "Péter", REPLACE, "AU104455", "book-format ID cannot be replaced online"),
        ("Nagy", "Éva", REPORT, "600002AC", "already reported"),
        ("Nagy", "Éva", REPLACE, "600002AC", "already reported"),
        ("Tóth", "Anna", REPLACE, "611104AT", "no longer within its validity"),
        ("Tóth", "Anna", REPLACE, None, ""),
        ("Horváth", "Gábor", REPLACE, None, "holds no fingerprints"),
        ("Horváth", "Gábor", REPORT, None, ""),
    ],
)  # fmt: skip
def test_the_hints_hold(seeded, family, given, slug, number, phrase):
    user = _citizen(family, given)
    found = _errors(user, slug, number or _current_card(user))
    if phrase:
        assert phrase in found
    else:
        assert found == ""


def test_the_hints_are_printed(seeded):
    assert "AU104455" in seeded and "611104AT" in seeded
    assert "can report and replace" in seeded
