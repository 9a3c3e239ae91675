"""The passport demo citizens meet or miss the conditions their hints say."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils.translation import override

from identity.models import User
from population.models import Person
from tests.passports.conftest import answers_ok, errors_of

pytestmark = pytest.mark.django_db
CENTRAL = {"speed": "standard", "delivery": "central_office"}


def R(number: str, reason: str) -> dict:  # noqa: N802
    return {"number": number, "reason": reason}


def A(receipt_number: str, change: str) -> dict:  # noqa: N802
    return {"receipt_number": receipt_number, "validity_change": change}


def citizen(family: str, given: str) -> User:
    person = Person.objects.get(family_name=family, given_names=given)
    return User.objects.create(
        username=f"{family}.{given}",
        person=person,
        last_name=family,
        first_name=given,
        birth_date=person.birth_date,
        birth_place=person.birth_place,
    )


def errors(user, slug, steps) -> str:
    with override("en"):
        return " ".join(errors_of(answers_ok(slug, user, steps)))


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


REPLACE = "passports.replacement"
ACCELERATE = "passports.acceleration"


@pytest.mark.parametrize(
    ("family", "given", "slug", "first", "phrase"),
    [
        ("Kovács", "János", REPLACE, R("BE1000001", "lost"), ""),
        ("Kovács", "János", ACCELERATE, A("UT-2026-1000001", "no"), ""),
        ("Kovács", "János", ACCELERATE, A("UT-2026-1000001", "5_to_10"), "only in person"),
        ("Nagy", "Éva", REPLACE, R("BE1000002", "lost"), "after 1 January 2013"),
        ("Nagy", "Éva", ACCELERATE, A("UT-2026-1000002", "no"), "production"),
        ("Szabó", "Péter", REPLACE, R("BE1000003", "lost"), ""),
        ("Szabó", "Péter", REPLACE, R("TA1000003", "lost"), "temporary passport"),
        ("Tóth", "Anna", REPLACE, R("BE1000004", "lost"), "at least 12 days"),
        ("Tóth", "Anna", ACCELERATE, A("UT-2026-0004711", "no"), "production"),
        ("Horváth", "Gábor", REPLACE, R("BE1000005", "destroyed"), ""),
        ("Kiss", "László", REPLACE, R("BE1000150", "lost"), "travel restriction"),
        ("Balogh", "Mária", REPLACE, R("BE1000151", "lost"), "differ from those printed"),
        ("Fekete", "Zoltán", REPLACE, R("BE1000152", "lost"), "legal capacity"),
        ("Papp", "István", REPLACE, R("SZ1000153", "lost"), ""),
        ("Papp", "István", REPLACE, R("BE1000153", "lost"), "fingerprints"),
        ("Papp", "István", ACCELERATE, A("UT-2026-1000153", "no"), ""),
        ("Müller", "Anna", ACCELERATE, A("UT-2026-1000154", "no"), ""),
    ],
)  # fmt: skip
def test_the_hints_hold(seeded, family, given, slug, first, phrase):
    found = errors(citizen(family, given), slug, [first])
    if phrase:
        assert phrase in found
    else:
        assert found == ""


def test_the_hints_are_printed(seeded):
    for username in ("kiss.laszlo", "balogh.maria", "fekete.zoltan", "papp.istvan", "muller.anna"):
        assert f"  {username}:" in seeded


def test_the_seeded_fees_follow_the_tables(seeded):
    from cases import flow, registry

    with override("en"):
        szabo = answers_ok(REPLACE, citizen("Szabó", "Péter"), [R("BE1000003", "lost"), CENTRAL])
        assert flow.quote_for_answers(registry.get(REPLACE), szabo.data).is_free
        papp = answers_ok(
            ACCELERATE,
            citizen("Papp", "István"),
            [
                A("UT-2026-1000153", "no"),
                {"speed": "urgent", "delivery": "central_office"},
            ],
        )
        assert "express (7-day)" in " ".join(errors_of(papp))
        muller = answers_ok(
            ACCELERATE,
            citizen("Müller", "Anna"),
            [A("UT-2026-1000154", "no")],
        )
        assert "60 days" in " ".join(muller.warnings)
