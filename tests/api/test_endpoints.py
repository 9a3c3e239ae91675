from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import inbox
from cases.documents import DocumentSpec
from cases.pdf import issue_document
from tests.factories import DocumentFactory

LETTER = DocumentSpec(title="Levél", template="pdf/case_summary.html", legal_basis="test basis")


def _json(response):
    return json.loads(response.content)


def test_the_case_list_is_the_citizens_filed_cases(
    client, citizen, other_citizen, filed, issue_token, bearer
):
    mine = [filed(citizen) for _ in range(3)]
    filed(other_citizen)
    body = _json(client.get("/api/v1/cases/", **bearer(issue_token(citizen))))
    assert body["count"] == 3
    assert {item["reference"] for item in body["items"]} == {case.reference for case in mine}
    assert body["items"][0]["status"] == "submitted"
    assert body["items"][0]["title"] == "API request"


def test_the_case_list_is_paginated_and_filtered(client, citizen, filed, issue_token, bearer):
    for _ in range(23):
        filed(citizen)
    token = issue_token(citizen)
    first = _json(client.get("/api/v1/cases/", **bearer(token)))
    second = _json(client.get("/api/v1/cases/?page=2", **bearer(token)))
    assert (first["count"], first["pages"], len(first["items"]), len(second["items"])) == (
        23,
        2,
        20,
        3,
    )
    assert not {i["reference"] for i in first["items"]} & {i["reference"] for i in second["items"]}
    assert _json(client.get("/api/v1/cases/?status=closed", **bearer(token)))["count"] == 0
    assert _json(client.get("/api/v1/cases/?open=true", **bearer(token)))["count"] == 23


def test_one_case_with_its_history(client, citizen, filed, issue_token, bearer):
    case = filed(citizen)
    body = _json(client.get(f"/api/v1/cases/{case.reference}", **bearer(issue_token(citizen))))
    assert body["reference"] == case.reference
    assert [entry["status"] for entry in body["history"]][-1] == "submitted"
    assert all(entry["text"] for entry in body["history"])


def test_the_case_list_costs_the_same_queries_for_5_and_50_cases(
    client, citizen, filed, issue_token, bearer
):
    token = issue_token(citizen)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/cases/", **bearer(token)).status_code == 200
        return len(captured)

    for _ in range(5):
        filed(citizen)
    queries()  # the first request of the process warms caches (content types, translations)
    few = queries()
    for _ in range(45):
        filed(citizen)
    assert queries() == few


def test_a_list_answers_304_to_its_etag(client, citizen, filed, issue_token, bearer):
    filed(citizen)
    token = issue_token(citizen)
    first = client.get("/api/v1/cases/", **bearer(token))
    etag = first["ETag"]
    again = client.get("/api/v1/cases/", **bearer(token, HTTP_IF_NONE_MATCH=etag))
    assert again.status_code == 304
    assert again["ETag"] == etag
    filed(citizen)
    changed = client.get("/api/v1/cases/", **bearer(token, HTTP_IF_NONE_MATCH=etag))
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_issued_documents_and_their_pdf(client, citizen, filed, issue_token, bearer):
    case = filed(citizen)
    document = issue_document(case, "letter", LETTER)
    token = issue_token(citizen)
    listed = _json(client.get("/api/v1/documents/issued", **bearer(token)))
    assert [(d["id"], d["sha256"]) for d in listed] == [(document.pk, document.sha256)]
    pdf = client.get(f"/api/v1/documents/issued/{document.pk}/pdf", **bearer(token))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_inbox_and_its_first_opening(client, citizen, filed, issue_token, bearer):
    case = filed(citizen)
    document = issue_document(case, "letter", LETTER)
    token = issue_token(citizen)
    assert _json(client.get("/api/v1/documents/inbox", **bearer(token))) == []
    inbox.deliver(document)
    listed = _json(client.get("/api/v1/documents/inbox", **bearer(token)))
    assert [(d["id"], d["read_at"]) for d in listed] == [(document.pk, None)]
    client.get(f"/api/v1/documents/inbox/{document.pk}/pdf", **bearer(token))
    assert _json(client.get("/api/v1/documents/inbox", **bearer(token)))[0]["read_at"]


def test_register_documents_with_validity(client, citizen, issue_token, bearer):
    DocumentFactory(holder=citizen.person, validity="invalidated")
    listed = _json(client.get("/api/v1/documents/register", **bearer(issue_token(citizen))))
    assert [d["validity"] for d in listed] == ["invalidated"]


def test_profile(client, citizen, issue_token, bearer):
    body = _json(client.get("/api/v1/profile/", **bearer(issue_token(citizen))))
    assert body["birth_family_name"] == citizen.birth_family_name
    assert body["email"] == citizen.email


def test_notifications_of_the_citizens_cases(
    client, citizen, other_citizen, filed, issue_token, bearer, django_capture_on_commit_callbacks
):
    from notifications.actions import queue_email
    from notifications.models import Notification

    case = filed(citizen)
    queue_email(
        citizen.email,
        "document_delivered",
        {"reference": case.reference, "title": "x", "url": "u"},
        case=case,
    )
    queue_email(
        other_citizen.email,
        "document_delivered",
        {"reference": "x", "title": "x", "url": "u"},
        case=filed(other_citizen),
    )
    listed = _json(client.get("/api/v1/notifications/", **bearer(issue_token(citizen))))
    # Filing wrote the status e-mail into the outbox too; the other citizen's are not here.
    own = Notification.objects.filter(case__applicant=citizen)
    assert len(listed) == own.count() >= 2
    assert {n["case_reference"] for n in listed} == {case.reference}


@pytest.mark.parametrize("language", ["en", "hu"])
def test_errors_are_problem_documents_in_both_languages(client, db, language):
    response = client.get("/api/v1/cases/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    body = _json(response)
    assert body["status"] == 401
    assert body["type"].endswith("#problem-not-authenticated")
    assert body["instance"] == "/api/v1/cases/"
    assert set(body["translations"]) == {"hu", "en"}
    assert body["title"] == body["translations"][language]["title"]
    assert body["translations"]["hu"]["title"] != body["translations"]["en"]["title"]
    # UTF-8 as written, not \u escapes: "Nincs bejelentkezve" with its accents.
    assert b"\\u" not in response.content
    assert body["translations"]["hu"]["title"].encode() in response.content


def test_a_malformed_parameter_is_a_problem_naming_it(client, citizen, issue_token, bearer):
    response = client.get("/api/v1/cases/?page=0", **bearer(issue_token(citizen)))
    assert response.status_code == 422
    body = _json(response)
    assert body["type"].endswith("#problem-invalid-request")
    assert any("page" in error["location"] for error in body["errors"])


def test_a_token_without_the_scope_is_refused(client, citizen, issue_token, bearer):
    token = issue_token(citizen, scope="profile:read")
    response = client.get("/api/v1/cases/", **bearer(token))
    assert response.status_code == 403
    assert "insufficient_scope" in response["WWW-Authenticate"]
    assert client.get("/api/v1/profile/", **bearer(token)).status_code == 200


def test_an_expired_or_unknown_token_is_refused(client, citizen, issue_token, bearer):
    from oauth2_provider.models import AccessToken

    token = issue_token(citizen)
    AccessToken.objects.filter(user=citizen).update(expires="2000-01-01T00:00:00Z")
    assert client.get("/api/v1/profile/", **bearer(token)).status_code == 401
    assert client.get("/api/v1/profile/", **bearer("not-a-token")).status_code == 401


def test_each_token_has_its_own_rate_limit(
    client, citizen, other_citizen, issue_token, bearer, settings
):
    settings.API_TOKEN_RATE_LIMIT = "3/m"
    token = issue_token(citizen)
    answers = [client.get("/api/v1/profile/", **bearer(token)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/profile/", **bearer(token))
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/profile/", **bearer(issue_token(other_citizen))).status_code == 200


def test_the_openapi_description_and_the_reference_page(client, db):
    schema = _json(client.get("/api/v1/openapi.json"))
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/cases/" in schema["paths"]
    page = client.get("/api/v1/docs").content.decode()
    assert "/api/v1/cases/{reference}" in page
    assert 'id="problem-not-authenticated"' in page


@pytest.mark.parametrize("address", ["/api/v1/no-such-thing/", "/api/v1/documents/issued/x/y"])
def test_an_unknown_address_under_the_api_is_a_problem_document(client, address):
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
