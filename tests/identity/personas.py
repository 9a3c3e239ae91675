"""Citizens in the states the first-login and session pages care about.

Plain helpers rather than a conftest, so that each test module shows the
fixtures it uses.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from identity.models import User
from tests import factories

IDENTITY = {
    "last_name": "Teszt",
    "first_name": "Elek",
    "birth_family_name": "Teszt",
    "birth_given_names": "Elek",
    "mother_family_name": "Minta",
    "mother_given_names": "Mária",
    "birth_place": "Budapest",
    "birth_date": date(1980, 1, 1),
}
# Every identity field empty, whatever the shared factory fills in by default.
BLANK = {**{name: "" for name in IDENTITY}, "birth_date": None, "email_confirmed_at": None}


def make_citizen(**fields) -> User:
    return factories.CitizenFactory(**{**BLANK, **fields})


def make_complete_citizen() -> User:
    return make_citizen(**IDENTITY, email_confirmed_at=timezone.now())


def in_english(client):
    """Pages in English: assertions read the msgids, not a catalogue still being merged."""
    client.cookies["django_language"] = "en"
    return client
