"""Demo civil registry: births and marriages that can and cannot be extracted online.

Found by registry number, so running the seed twice changes nothing. Printed as hints.
"""

from __future__ import annotations

from datetime import date

from civil_registry.models import CivilEvent
from sandbox.demo_people import demo_person

G = CivilEvent.EntryGround
# registry number, username, kind, date, place, spouse name, entered on, ground, hint
EVENTS = [
    (
        "SZ-1980-BP-004417",
        "kovacs.janos",
        CivilEvent.Kind.BIRTH,
        None,
        "Budapest",
        "",
        date(2017, 4, 3),
        G.EXTRACT_REQUESTED,
        "birth before 2014, entered when an extract was asked on paper: extract online",
    ),
    (
        "H-2015-BP-000831",
        "kovacs.janos",
        CivilEvent.Kind.MARRIAGE,
        date(2015, 8, 22),
        "Budapest",
        "Kovácsné Fehér Judit",
        date(2015, 8, 22),
        G.RECORDED,
        "marriage on 2015-08-22: extract online",
    ),
    (
        "SZ-1992-DE-002210",
        "nagy.eva",
        CivilEvent.Kind.BIRTH,
        None,
        "Debrecen",
        "",
        None,
        "",
        "birth only in the paper register: told to go to the registrar",
    ),
    (
        "SZ-1952-PE-000310",
        "szabo.peter",
        CivilEvent.Kind.BIRTH,
        None,
        "Pécs",
        "",
        date(2018, 2, 12),
        G.DATA_CHANGED,
        "birth entered when his birth data changed in 2018: extract online",
    ),
    (
        "H-1975-PE-000122",
        "szabo.peter",
        CivilEvent.Kind.MARRIAGE,
        date(1975, 6, 14),
        "Pécs",
        "Szabóné Varga Erika",
        None,
        "",
        "marriage on 1975-06-14 only on paper: no online extract",
    ),
]


def seed_civil_registry() -> list[str]:
    lines = ["Demo civil registry (birth and marriage extracts):"]
    for number, username, kind, day, place, spouse, entered, ground, hint in EVENTS:
        person = demo_person(username)
        if person is None:
            continue
        CivilEvent.objects.update_or_create(
            registry_number=number,
            defaults={
                "kind": kind,
                "person": person,
                "occurred_on": day or person.birth_date,
                "place": place,
                "spouse_name": spouse,
                "entered_on": entered,
                "entry_ground": ground,
            },
        )
        lines.append(f"  {username}: {hint}")
    lines.append("  toth.anna: no event in the registry: told where to apply instead")
    return lines
