"""Citizens in the states the first-login pages care about."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

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


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache, keyed by user id; ids repeat
    # between tests because every test's rows are rolled back.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def complete_citizen(db):
    return factories.CitizenFactory(**IDENTITY, email_confirmed_at=timezone.now())


@pytest.fixture
def complete_client(client, complete_citizen):
    client.force_login(complete_citizen)
    return client
