"""documents.validity: valid / not valid for a combination, nothing more."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from document_checks.models import AnonymousCheck
from documents.models import Document, DocumentKind
from tests.factories import DocumentFactory, PersonFactory

URL = "/documents/validity/"
NOT_VALID = "Mistyped data give this same answer"


@pytest.fixture
def holder(db):
    return PersonFactory(
        family_name="Kovács-Nagy", given_names="Éva Mária", birth_date=date(1980, 5, 14)
    )


@pytest.fixture
def card(holder):
    return DocumentFactory(holder=holder, number="123456AB", expires_on=date(2031, 5, 14))


def _data(**changes):
    data = {
        "category": "id_card",
        "number": "123456AB",
        "family_name": "Kovács-Nagy",
        "given_names": "Éva Mária",
        "birth_date": "1980-05-14",
    }
    data.update(changes)
    return data


def _answer(client, **changes):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(URL, _data(**changes))
    assert response.status_code == 200, response.content.decode()
    body = response.content.decode()
    valid = '<h2 class="h4" id="answer-heading">Valid</h2>' in body
    not_valid = '<h2 class="h4" id="answer-heading">Not valid</h2>' in body
    assert valid != not_valid
    return valid, body


def test_the_page_needs_no_login_and_speaks_hungarian_first(client, db):
    response = client.get(reverse("document_checks:validity"))
    assert response.status_code == 200
    assert "<h1>Okmányérvényesség ellenőrzése</h1>" in response.content.decode()


def test_a_valid_card_with_its_holders_data_is_valid(client, card):
    valid, _ = _answer(client)
    assert valid


@pytest.mark.parametrize(
    "changes",
    [
        {"family_name": "Kovács"},
        {"given_names": "Éva"},
        {"birth_date": "1980-05-15"},
        {"number": "123456AC"},
        {"category": "passport", "number": "AB123456"},
        {"family_name": "Kovacs-Nagy"},
    ],
    ids=["family", "given", "born", "number", "type", "accent"],
)
def test_any_wrong_field_is_not_valid_and_says_typos_give_the_same_answer(client, card, changes):
    valid, body = _answer(client, **changes)
    assert not valid
    assert "same answer" in body or "ugyanezt" in body


def test_case_spaces_and_hyphen_spacing_do_not_matter(client, card):
    valid, _ = _answer(
        client, family_name="  KOVÁCS - nagy ", given_names="éva   mária", number="123 456 ab"
    )
    assert valid


@pytest.mark.parametrize(
    "state",
    [
        {"validity": Document.Validity.INVALIDATED, "invalidation_reason": "lost"},
        {"validity": Document.Validity.REVOKED, "revocation_reason": "x"},
        {"validity": Document.Validity.EXPIRED},
        {"expires_on": date(2020, 1, 1)},
    ],
    ids=["invalidated", "revoked", "expired", "expired-by-date"],
)
def test_a_document_not_valid_in_the_register_is_not_valid(client, holder, state):
    DocumentFactory(holder=holder, number="123456AB", **state)
    valid, _ = _answer(client)
    assert not valid


def test_an_invalidation_fails_the_very_next_check(client, card):
    assert _answer(client)[0]
    card.invalidate(Document.InvalidationReason.STOLEN)
    assert not _answer(client)[0]


def test_a_dead_holders_document_is_not_valid(client, card, holder):
    holder.died_on = date(2025, 1, 1)
    holder.save()
    assert not _answer(client)[0]


@pytest.mark.parametrize(
    "category,kind,number",
    [
        ("id_card", DocumentKind.TEMPORARY_ID_CARD, "900001HA"),
        ("id_card", DocumentKind.ID_CARD, "AU218734"),
        ("passport", DocumentKind.PASSPORT, "BE1234567"),
        ("passport", DocumentKind.SERVICE_PASSPORT, "SZ012345"),
        ("driving_licence", DocumentKind.DRIVING_LICENCE, "CA123456"),
    ],
)
def test_every_type_is_checked_in_its_own_category(client, holder, category, kind, number):
    DocumentFactory(holder=holder, kind=kind, number=number)
    assert _answer(client, category=category, number=number)[0]
    other = "passport" if category != "passport" else "driving_licence"
    if other == "driving_licence" and len(number) != 8:
        return
    response = client.post(URL, _data(category=other, number=number))
    assert "Valid</h2>" not in response.content.decode()


def test_the_not_valid_page_is_the_same_whatever_is_missing(client, card, holder):
    """Unknown number, unknown person, someone else's number, invalid document: one page."""
    other = PersonFactory(family_name="Tóth", given_names="Anna", birth_date=date(2001, 7, 19))
    DocumentFactory(holder=other, number="654321CD")
    DocumentFactory(holder=holder, number="111111AA", validity=Document.Validity.INVALIDATED)
    bodies = {
        "unknown number": _answer(client, number="999999ZZ")[1],
        "unknown person": _answer(client, family_name="Senki", given_names="Sem")[1],
        "someone else's number": _answer(client, number="654321CD")[1],
        "invalid document": _answer(client, number="111111AA")[1],
    }

    def without_token(body: str) -> str:
        import re

        # CSRF tokens are masked anew in every response (ADR 0016).
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", body)

    assert len({without_token(body) for body in bodies.values()}) == 1


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"number": "12345"}, "number", "6 digits and 2 letters"),
        ({"category": "passport", "number": "123456AB"}, "number", "2 letters and 6 or 7 digits"),
        ({"category": "driving_licence", "number": "C1"}, "number", "2 letters and 6 digits"),
        ({"number": "x" * 40}, "number", "at most"),
        ({"birth_date": "14/05/1980x"}, "birth_date", "year-month-day"),
        ({"birth_date": "2999-01-01"}, "birth_date", "future"),
        ({"birth_date": "1800-01-01"}, "birth_date", "1890"),
        ({"family_name": "<script>"}, "family_name", "only letters"),
        ({"family_name": ""}, "family_name", "family name"),
        ({"category": "bus_pass"}, "category", "valid choice"),
    ],
)
def test_bad_input_gets_field_level_messages_in_english(client, db, changes, field, message):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(URL, _data(**changes))
    assert response.status_code == 400
    body = response.content.decode()
    error_block = body.split(f'id="id_{field}_error"')[1].split("</div>")[0]
    assert message in error_block
    assert 'aria-invalid="true"' in body
    assert "answer-heading" not in body


def test_bad_input_gets_hungarian_messages(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hu"
    response = client.post(URL, _data(number="12345"))
    body = response.content.decode()
    assert "6 számjegy" in body.split('id="id_number_error"')[1].split("</div>")[0]


def test_a_match_is_logged_for_the_holder_with_the_time_only(client, card):
    _answer(client)
    _answer(client, given_names="Wrong")
    checks = AnonymousCheck.objects.filter(document=card)
    assert checks.count() == 1
    assert checks.get().kind == AnonymousCheck.Kind.VALIDITY
    assert abs(checks.get().checked_at - timezone.now()) < timedelta(minutes=1)


def test_nothing_entered_reaches_the_log(client, card, caplog):
    logging.getLogger("document_checks").setLevel(logging.INFO)
    with caplog.at_level(logging.DEBUG):
        _answer(client)
        _answer(client, number="999999ZZ")
    for secret in ("123456AB", "999999ZZ", "Kovács", "Éva", "1980"):
        assert secret not in caplog.text
    assert "document validity check answered" in caplog.text


def test_the_31st_request_in_a_minute_gets_429(client, db, settings):  # noqa: F811
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "30/m"
    statuses = [client.post(URL, _data()).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_the_blank_form_is_the_same_in_its_language_before_and_after_a_refused_one(client, db):
    """The blank form is rendered once per process and language (check_forms): a
    refused form's values and errors never reach the next visitor's blank form."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hu"
    before = client.get(URL).content.decode()
    refused = client.post(URL, _data(number="12345", family_name="Titok")).content.decode()
    assert 'aria-invalid="true"' in refused and 'value="Titok"' in refused
    after = client.get(URL).content.decode()

    def blank_form(page: str) -> str:  # the form without its CSRF token
        form = page.split('<form method="post"')[1].split("</form>")[0]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", form)

    assert blank_form(after) == blank_form(before)
    assert "Titok" not in after and 'aria-invalid="true"' not in after
    assert "Okmánytípus" in after
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(URL).content.decode()
    assert "Document type" in english and "Okmánytípus" not in english


@pytest.mark.django_db(transaction=True)
def test_the_check_log_does_not_wait_for_the_disk_but_other_writes_do(card):
    """ADR 0032: only the transaction an anonymous check's row is written in commits
    asynchronously: the request's, or the statement's own outside one."""
    from django.db import connection, transaction

    from document_checks.check_log import record

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    with transaction.atomic():
        assert setting() == "on"
        record(AnonymousCheck.Kind.VALIDITY, document=card)
        assert setting() == "off"
    assert setting() == "on"  # set for its transaction only
    assert connection.get_autocommit()
    record(AnonymousCheck.Kind.VALIDITY, document=card.pk)  # a statement of its own
    assert setting() == "on"
    assert AnonymousCheck.objects.filter(document=card).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_check_runs_outside_a_transaction_and_its_log_row_stays(client, card):
    """The check is not an atomic request (two round trips fewer, ADR 0032): its one
    read and its log row need none, and the row is there once the answer is."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert _answer(client)[0]
        assert not _answer(client, given_names="Wrong")[0]
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert "BEGIN" not in statements and "SAVEPOINT" not in statements
    assert AnonymousCheck.objects.filter(document=card).count() == 1


def test_the_lookup_finds_what_the_register_holds_for_the_category(db):
    """The check's fixed statement (ADR 0032) against the same rule in the ORM: the
    first document of the category with the number, whatever other categories, holders
    and states hold the same number."""
    from django.db import connection

    from document_checks.validity import DOCUMENT_FIELDS, HOLDER_FIELDS, _lookup_sql
    from documents.models import CATEGORY_KINDS

    people = [PersonFactory(), PersonFactory(died_on=date(2024, 2, 29))]
    for number, kinds in {
        "123456AB": [DocumentKind.ID_CARD, DocumentKind.TEMPORARY_ID_CARD],
        "AB123456": [DocumentKind.PASSPORT, DocumentKind.DRIVING_LICENCE, DocumentKind.ID_CARD],
        "BE1234567": [DocumentKind.SEAMAN_PASSPORT],
    }.items():
        for n, kind in enumerate(kinds):
            DocumentFactory(
                holder=people[n % 2],
                kind=kind,
                number=number,
                validity=Document.Validity.INVALIDATED if n else Document.Validity.VALID,
            )
    for category, kinds in CATEGORY_KINDS.items():
        for number in ("123456AB", "AB123456", "BE1234567", "999999ZZ"):
            expected = (
                Document.objects.filter(kind__in=kinds, number=number)
                .select_related("holder")
                .order_by("pk")
                .first()
            )
            with connection.cursor() as cursor:
                cursor.execute(_lookup_sql(category), [number, *kinds])
                row = cursor.fetchone()
            if expected is None:
                assert row is None, (category, number)
                continue
            assert row == (
                *(getattr(expected, name) for name in DOCUMENT_FIELDS),
                *(getattr(expected.holder, name) for name in HOLDER_FIELDS),
            ), (category, number)
