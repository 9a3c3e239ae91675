"""Appointments through the API: the web's booking rules, one citizen's bookings only."""

from __future__ import annotations

import json

import pytest

from appointments.models import Booking
from tests.appointments.conftest import make_office


@pytest.fixture
def office(db):
    return make_office(desks=1)


def _free(client, token, bearer):
    response = client.get(
        "/api/v1/appointments/slots?office=bp-test&service=id_card", **bearer(token)
    )
    assert response.status_code == 200
    return json.loads(response.content)


def _book(client, token, bearer, starts_at):
    return client.post(
        "/api/v1/appointments/",
        json.dumps({"office": "bp-test", "service": "id_card", "starts_at": starts_at}),
        content_type="application/json",
        **bearer(token),
    )


def test_book_list_and_cancel(client, office, citizen, issue_token, bearer):
    token = issue_token(citizen)
    slot = _free(client, token, bearer)[0]
    booked = _book(client, token, bearer, slot["starts_at"])
    assert booked.status_code == 201, booked.content
    reference = json.loads(booked.content)["reference"]
    assert Booking.objects.get(reference=reference).user == citizen
    listed = json.loads(client.get("/api/v1/appointments/", **bearer(token)).content)
    assert [(b["reference"], b["status"]) for b in listed] == [(reference, "booked")]
    assert slot["starts_at"] not in [s["starts_at"] for s in _free(client, token, bearer)]
    cancelled = client.delete(f"/api/v1/appointments/{reference}", **bearer(token))
    assert cancelled.status_code == 204
    assert client.delete(f"/api/v1/appointments/{reference}", **bearer(token)).status_code == 409


def test_a_taken_slot_is_refused_with_the_nearest_free_ones(
    client, office, citizen, other_citizen, issue_token, bearer
):
    slot = _free(client, issue_token(citizen), bearer)[0]
    assert _book(client, issue_token(citizen), bearer, slot["starts_at"]).status_code == 201
    refused = _book(client, issue_token(other_citizen), bearer, slot["starts_at"])
    assert refused.status_code == 409
    body = json.loads(refused.content)
    assert body["type"].endswith("#problem-refused")
    assert body["nearest"]


def test_another_citizens_booking_cannot_be_cancelled(
    client, office, citizen, other_citizen, issue_token, bearer
):
    slot = _free(client, issue_token(citizen), bearer)[0]
    reference = json.loads(_book(client, issue_token(citizen), bearer, slot["starts_at"]).content)[
        "reference"
    ]
    theirs = client.delete(
        f"/api/v1/appointments/{reference}", **bearer(issue_token(other_citizen))
    )
    assert theirs.status_code == 404
    assert Booking.objects.get(reference=reference).status == "booked"
    assert (
        json.loads(
            client.get("/api/v1/appointments/", **bearer(issue_token(other_citizen))).content
        )
        == []
    )


def test_an_office_without_the_service_is_a_field_problem(
    client, office, citizen, issue_token, bearer
):
    response = client.get(
        "/api/v1/appointments/slots?office=nowhere&service=id_card", **bearer(issue_token(citizen))
    )
    assert response.status_code == 409
    assert json.loads(response.content)["errors"][0]["location"] == ["body", "office"]
