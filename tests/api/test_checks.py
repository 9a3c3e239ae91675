"""The anonymous checks through the API: the web's rules, limit and answers."""

from __future__ import annotations

import json
from datetime import date

import pytest

from documents.models import DocumentKind, ProductionOrder
from tests.factories import DocumentFactory, PersonFactory

VALIDITY = "/api/v1/checks/validity"


@pytest.fixture
def card(db):
    holder = PersonFactory(
        family_name="Kovács-Nagy", given_names="Éva Mária", birth_date=date(1980, 5, 14)
    )
    return DocumentFactory(holder=holder, number="123456AB", expires_on=date(2031, 5, 14))


def _ask(client, **changes):
    data = {
        "category": "id_card",
        "number": "123456AB",
        "family_name": "Kovács-Nagy",
        "given_names": "Éva Mária",
        "birth_date": "1980-05-14",
        **changes,
    }
    return client.post(
        VALIDITY, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_valid_card_for_its_holder(client, card):
    body = json.loads(_ask(client).content)
    assert body["valid"] is True


@pytest.mark.parametrize(
    "changes", [{"number": "654321AB"}, {"family_name": "Kovács"}, {"birth_date": "1980-05-15"}]
)
def test_any_mismatch_is_the_same_not_valid(client, card, changes):
    body = json.loads(_ask(client, **changes).content)
    assert body == json.loads(_ask(client, number="999999ZZ").content)
    assert body["valid"] is False
    assert "Mistyped data give this same answer" in body["text"]


def test_an_invalidated_card_fails_at_once(client, card):
    card.validity = "invalidated"
    card.save()
    assert json.loads(_ask(client).content)["valid"] is False


def test_a_malformed_number_is_a_field_error_not_an_answer(client, card):
    response = _ask(client, number="12AB")
    assert response.status_code == 422
    body = json.loads(response.content)
    assert body["errors"][0]["location"] == ["body", "number"]
    assert "6 digits and 2 letters" in body["errors"][0]["message"]


def test_the_web_page_and_the_api_share_one_limit(client, card, settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "3/m"
    client.get("/documents/validity/")
    client.get("/documents/validity/")
    assert _ask(client).status_code == 200
    refused = _ask(client)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) >= 1


def test_production_status_without_the_holder(client, db):
    applicant = PersonFactory(family_name="Titkos", given_names="Személy")
    ProductionOrder.objects.create(
        receipt_number="SZ-2026-0000001",
        kind=DocumentKind.ID_CARD,
        applicant=applicant,
        applied_on=date(2026, 11, 20),
        state="in_transit",
    )
    body = json.loads(client.get("/api/v1/checks/status/SZ-2026-0000001").content)
    assert body["found"] is True
    assert body["state"] == "in_transit"
    assert "Titkos" not in json.dumps(body)
    assert json.loads(client.get("/api/v1/checks/status/SZ-2026-0000002").content) == {
        "found": False,
        "document": None,
        "state": None,
        "state_text": None,
        "collectable_from": None,
        "office": None,
        "withheld": False,
    }
    assert client.get("/api/v1/checks/status/nonsense").status_code == 422
