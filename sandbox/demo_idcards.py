"""Demo data of the ID card services: demo citizens who can log in and meet, or miss,
each condition of reporting a lost ID card and of the combined report and replacement.

- kovacs.janos: a valid chip ID card and fingerprints in the register: both services
  are open to him (the demo's main persona).
- szabo.peter: a book-format ID issued before 2000: cannot be reported online.
- nagy.eva: an old card already reported lost: cannot be reported again or replaced.
- toth.anna: an earlier card that expired: cannot be replaced online.
- horvath.gabor: no fingerprints in the register: his card cannot be replaced online.

Found by kind and number, so running the seed twice changes nothing. The other cases
of the register (temporary cards, people without a portal account) are in
`sandbox/demo_documents.py`.
"""

from __future__ import annotations

from datetime import date

from documents.models import Document, DocumentKind
from sandbox.demo_people import demo_person

AUTHORITY = "Belügyminisztérium"


# (demo username, document fields, what the citizen meets or misses)
CARDS = [
    (
        "szabo.peter",
        {
            "number": "AU104455",
            "format": Document.Format.BOOK,
            "issued_on": date(1994, 3, 1),
            "expires_on": None,
            "has_chip": False,
        },
        "book-format ID issued before 2000: cannot be reported lost online",
    ),
    (
        "toth.anna",
        {
            "number": "611104AT",
            "issued_on": date(2015, 7, 20),
            "expires_on": date(2021, 7, 19),
            "validity": Document.Validity.EXPIRED,
            "has_chip": True,
            "fingerprints_stored": False,
        },
        "an earlier ID card that expired: cannot be replaced online",
    ),
]


def seed_idcards() -> list[str]:
    lines = ["ID card services (log in as the demo citizen; enter the card's number):"]
    for username, fields, hint in CARDS:
        person = demo_person(username)
        if person is None:
            continue
        fields = {"issuing_authority": AUTHORITY, "holder": person, **fields}
        number = fields.pop("number")
        Document.objects.update_or_create(kind=DocumentKind.ID_CARD, number=number, defaults=fields)
        lines.append(f"  {username}: {number}, {hint}")
    for username, hint in (
        ("kovacs.janos", "valid chip ID card, fingerprints held: can report and replace"),
        ("nagy.eva", "the older card was reported lost: cannot be reported again or replaced"),
        ("horvath.gabor", "no fingerprints in the register: cannot replace online"),
    ):
        person = demo_person(username)
        if person is None:
            continue
        numbers = ", ".join(
            person.documents.filter(kind=DocumentKind.ID_CARD)
            .order_by("-issued_on")
            .values_list("number", flat=True)
        )
        lines.append(f"  {username}: {numbers}, {hint}")
    return lines
