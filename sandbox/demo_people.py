"""Lookups that every part of the demo data shares: a demo citizen's register entry
by login name, and the first personal identifier that is ever issued from a serial on."""

from __future__ import annotations

from datetime import date

from population.identifiers import UnissuedSerialError, personal_id_for
from population.models import Person


def demo_person(username: str) -> Person | None:
    """The register entry of the demo citizen who logs in as `username`, if seeded."""
    from sandbox.demo import CITIZENS  # sandbox.demo seeds the parts that import this

    for citizen in CITIZENS:
        if citizen.username == username:
            return Person.objects.filter(
                family_name=citizen.family, given_names=citizen.given, birth_date=citizen.born
            ).first()
    return None


def first_issued_personal_id(born: date, sex: str, serial: int) -> str:
    """The personal identifier of the first serial from `serial` on that is ever issued."""
    while True:
        try:
            return personal_id_for(born, sex, serial)
        except UnissuedSerialError:
            serial += 1
