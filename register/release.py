"""The register's data-release function (adatszolgáltatás), honouring disclosure bans.

A body asks for the register data of people for a purpose. For the three purposes a
citizen may ban (scientific research, opinion polls and market research, direct
marketing) the people who banned that purpose are left out. A release that a law or
an international treaty requires, or whose other purpose the requester proved, is
not touched by the bans (the Webes Ügysegéd service description); it is asked for
with `purpose=LEGAL_OBLIGATION` and the legal basis. Every person whose data leave
the register gets a line in their access list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop

import access_log
from access_log.models import AccessRecord
from register import data
from register.models import DisclosureBan, Purpose

LEGAL_OBLIGATION = "legal_obligation"

_PURPOSE_TEXT = {
    Purpose.RESEARCH: gettext_noop("Release for scientific research"),
    Purpose.POLLS: gettext_noop("Release for opinion polls and market research"),
    Purpose.MARKETING: gettext_noop("Release for direct marketing"),
}

DEFAULT_ITEMS = ("name", "residence")


@dataclass(frozen=True)
class Released:
    person_id: int
    values: dict[str, str]


def release_data(
    people: Iterable,
    *,
    purpose: str,
    requester: str,
    items: Sequence[str] = DEFAULT_ITEMS,
    legal_basis: str = "",
) -> list[Released]:
    """The register data `items` of those of `people` who did not ban `purpose`."""
    if purpose == LEGAL_OBLIGATION:
        if not legal_basis:
            raise ValueError("a release required by law names its legal basis")
        purpose_text = legal_basis
    elif purpose in Purpose.values:
        purpose_text = _PURPOSE_TEXT[Purpose(purpose)]
    else:
        raise ValueError(f"unknown release purpose {purpose!r}")
    people = list(people)
    banned = set()
    if purpose in Purpose.values:
        banned = set(
            DisclosureBan.objects.filter(
                person__in=people, purpose=purpose, lifted_on__isnull=True
            ).values_list("person_id", flat=True)
        )
    released = []
    for person in people:
        if person.pk in banned or person.died_on is not None:
            continue
        released.append(Released(person.pk, {item: data.value(person, item) for item in items}))
        access_log.record(
            person,
            data=AccessRecord.Data.DATA_RELEASE,
            body=requester,
            items=[item for item in items if item != "birth_place_naming"],
            purpose=purpose_text,
        )
    return released
