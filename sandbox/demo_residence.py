"""Demo data of the residence-abroad services: who can report what.

The demo citizens' own register rows serve (kovacs.janos lives in Budapest,
horvath.gabor in Vienna); this module only prints what each of them meets or misses,
with the data the anonymous foreign address report asks for.
"""

from __future__ import annotations

from documents.models import Document, DocumentKind
from population.models import Person


def _person(username: str) -> Person | None:
    from sandbox.demo import CITIZENS

    for c in CITIZENS:
        if c.username == username:
            return Person.objects.filter(
                family_name=c.family, given_names=c.given, birth_date=c.born
            ).first()
    return None


def seed_residence() -> list[str]:
    lines = ["Demo residence abroad:"]
    kovacs, horvath = _person("kovacs.janos"), _person("horvath.gabor")
    if kovacs is not None:
        lines.append(
            "  kovacs.janos: Hungarian citizen living in Budapest: reports settling abroad and "
            "chooses how to get the address card; the anonymous report refuses him (lives in "
            "Hungary)"
        )
    if horvath is not None:
        passport = (
            Document.objects.filter(holder=horvath, kind=DocumentKind.PASSPORT)
            .values_list("number", flat=True)
            .first()
        )
        lines.append(
            "  horvath.gabor: Hungarian citizen registered in Vienna: settling abroad refused "
            "(already abroad); the anonymous foreign address report (no login) matches with: "
            f"Horváth Gábor, born Horváth Gábor, mother Farkas Judit, Győr, 1975-09-09, "
            f"personal id {horvath.personal_id}, passport {passport}; any field changed: "
            "refused without saying which"
        )
    lines.append(
        "  a person who is not a Hungarian citizen: hands in the ID card on settling abroad "
        "(no demo login: tests/residence/test_settle_abroad.py covers every legal title)"
    )
    return lines
