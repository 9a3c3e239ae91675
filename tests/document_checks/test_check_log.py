"""The holder sees when their documents were checked anonymously: count and time, never who."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from document_checks.models import AnonymousCheck
from tests.factories import DocumentFactory


@pytest.fixture
def card(citizen):
    person = citizen.person
    person.given_names = "Elek"  # the factory numbers names; a real name has no digits
    person.save()
    return DocumentFactory(holder=person, number="123456AB")


def _check(client, citizen, **changes):
    person = citizen.person
    data = {
        "category": "id_card",
        "number": "123456AB",
        "family_name": person.family_name,
        "given_names": person.given_names,
        "birth_date": person.birth_date.isoformat(),
    }
    data.update(changes)
    response = client.post(reverse("document_checks:validity"), data, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    return response


def test_the_holder_sees_count_and_times_never_who(client, citizen, card):
    _check(client, citizen)
    _check(client, citizen)
    _check(client, citizen, birth_date=date(1901, 1, 1).isoformat())  # not a match
    client.force_login(citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("document_checks:my_checks"))
    assert response.status_code == 200
    body = response.content.decode()
    row = body.split("123456AB")[1].split("</tr>")[0]
    assert "2 times" in row
    times = [c.checked_at for c in AnonymousCheck.objects.filter(document=card)]
    assert len(times) == 2
    assert "203.0.113.9" not in body
    assert all(f"{t.astimezone():%Y. %m. %d.}" in row for t in times)


def test_never_checked_documents_say_never(client, citizen, card):
    client.force_login(citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("document_checks:my_checks")).content.decode()
    assert "never" in body.split("123456AB")[1].split("</tr>")[0]


def test_another_citizens_checks_are_not_shown(client, citizen, other_citizen, card):
    _check(client, citizen)
    client.force_login(other_citizen)
    body = client.get(reverse("document_checks:my_checks")).content.decode()
    assert "123456AB" not in body


def test_the_page_needs_login(client, db):
    response = client.get(reverse("document_checks:my_checks"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_check_log_has_no_column_for_who_or_what_was_typed():
    names = {f.name for f in AnonymousCheck._meta.get_fields()}
    assert names == {"id", "kind", "checked_at", "document", "production_order", "issued_document"}
