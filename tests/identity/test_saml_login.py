from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PersonFactory
from tests.identity.saml_helpers import account_for, idp_answer, start_login

pytestmark = pytest.mark.django_db


def test_round_trip_logs_the_citizen_in_with_the_registers_identity_data(client):
    person = PersonFactory(
        family_name="Kovács",
        given_names="János",
        birth_family_name="Kovács",
        birth_given_names="János",
        mother_family_name="Szabó",
        mother_given_names="Mária",
        birth_place="Budapest",
    )
    pending = start_login(client, "totp", next_url="/my-requests/")
    assert pending["method"] == "totp"
    fields = idp_answer(pending, account_for(person))
    old_key = client.session.session_key
    response = client.post("/saml/acs/", fields)
    assert response.status_code == 302
    assert response["Location"] == "/my-requests/"
    assert client.get("/my-requests/")["Location"].startswith("/account/complete/")
    user = get_user_model().objects.get(idp_subject__endswith="!subject-1")
    assert (user.last_name, user.first_name, user.birth_place) == ("Kovács", "János", "Budapest")
    assert user.mother_family_name == "Szabó"
    assert user.birth_date == person.birth_date
    # The address is filled in, but the portal confirms it by its own link.
    assert user.email == "polgar@example.hu" and user.email_confirmed_at is None
    assert user.person == person
    assert client.session.session_key != old_key  # the session key changes at login
    assert int(client.session["_auth_user_id"]) == user.pk


def test_the_same_response_cannot_log_in_twice(client):
    pending = start_login(client)
    fields = idp_answer(pending, account_for(PersonFactory()))
    assert client.post("/saml/acs/", fields).status_code == 302
    client.logout()
    assert client.post("/saml/acs/", fields).status_code == 403
    assert "_auth_user_id" not in client.session


def test_relay_state_never_leads_outside_the_portal(client):
    pending = start_login(client, next_url="https://evil.example/steal")
    response = client.post("/saml/acs/", idp_answer(pending, account_for(PersonFactory())))
    assert response["Location"] == "/my-requests/"
