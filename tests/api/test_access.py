"""A token of citizen B never reaches citizen A's objects, on every operation of the
OpenAPI description (a new operation is covered without editing this test)."""

from __future__ import annotations

import json

import pytest

from api.main import api
from cases import inbox
from cases.documents import DocumentSpec
from cases.pdf import issue_document

LETTER = DocumentSpec(title="Levél", template="pdf/case_summary.html", legal_basis="test basis")

# Every logged-in read; the writes (book, cancel) have their own cross-citizen tests
# in test_appointments.py.
OPERATIONS = sorted(
    (url, method)
    for url, methods in api.get_openapi_schema()["paths"].items()
    for method, operation in methods.items()
    if operation.get("security") and method == "get"
)
# Operations that need a query to answer at all.
QUERIES = {"/api/v1/appointments/slots": "?office=bp-test&service=id_card"}


@pytest.fixture
def a_objects(citizen, filed):
    from tests.appointments.conftest import make_office

    make_office()
    case = filed(citizen)
    document = issue_document(case, "letter", LETTER)
    inbox.deliver(document)
    return {"reference": case.reference, "document_id": str(document.pk)}


def _url(template: str, values: dict) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    assert "{" not in template, f"no value for a parameter of {template}"
    return template


def test_every_operation_needs_a_token():
    assert OPERATIONS, "the API describes no logged-in operation"


@pytest.mark.parametrize(("url", "method"), OPERATIONS)
def test_citizen_bs_token_never_reaches_citizen_as_objects(
    client, a_objects, citizen, other_citizen, issue_token, bearer, url, method
):
    path = _url(url, a_objects) + QUERIES.get(url, "")
    a_token, b_token = issue_token(citizen), issue_token(other_citizen)
    mine = client.generic(method.upper(), path, **bearer(a_token))
    assert mine.status_code == 200, path
    theirs = client.generic(method.upper(), path, **bearer(b_token))
    if "{" in url:
        assert theirs.status_code == 404, path
        assert theirs["Content-Type"] == "application/problem+json"
    else:
        assert theirs.status_code == 200
        text = json.dumps(json.loads(theirs.content))
        assert a_objects["reference"] not in text, path
        assert f'"id": {a_objects["document_id"]},' not in text, path
    nobody = client.generic(method.upper(), path)
    assert nobody.status_code == 401, path


@pytest.mark.parametrize(("url", "method"), OPERATIONS)
def test_a_clerks_token_reaches_nothing(client, a_objects, clerk, issue_token, bearer, url, method):
    """The API is the citizen's: a token of a staff account (made before the account
    became a clerk's, say) is refused like no token."""
    path = _url(url, a_objects) + QUERIES.get(url, "")
    response = client.generic(method.upper(), path, **bearer(issue_token(clerk)))
    assert response.status_code == 401, path
    assert response["Content-Type"] == "application/problem+json"
