from __future__ import annotations

import pytest
from django.urls import reverse

from tests.identity.personas import make_citizen, make_complete_citizen

COMPLETE = reverse("identity:complete_profile")


@pytest.fixture
def incomplete_client(client, db):
    """Logged in for the first time; the identity provider sent no 4T data."""
    client.force_login(make_citizen())
    return client


@pytest.fixture
def complete_citizen(db):
    return make_complete_citizen()


@pytest.fixture
def complete_client(client, complete_citizen):
    client.force_login(complete_citizen)
    return client


def test_a_citizen_with_missing_data_is_sent_to_the_completion_page(incomplete_client):
    response = incomplete_client.get("/my-requests/")
    assert response.status_code == 302
    assert response["Location"] == COMPLETE


def test_also_from_the_home_page_and_from_posts(incomplete_client):
    assert incomplete_client.get("/")["Location"] == COMPLETE
    assert incomplete_client.post("/my-requests/")["Location"] == COMPLETE


def test_htmx_requests_are_redirected_with_hx_redirect(incomplete_client):
    response = incomplete_client.get("/my-requests/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == COMPLETE


@pytest.mark.parametrize(
    "path",
    [
        "/i18n/setlang/",
        "/static/css/portal.css",
        "/health/",
        "/status/",
        "/saml/acs/",
        "/saml/unknown/",
        "/ugyfelkapu/unknown/",
        "/sandbox/unknown/",
        "/account/confirm-email/not-a-token/",
    ],
)
def test_allowed_paths_are_not_redirected(incomplete_client, path):
    response = incomplete_client.get(path)
    assert response.get("Location") != COMPLETE
    assert "HX-Redirect" not in response


def test_the_completion_pages_and_logout_are_reachable(incomplete_client):
    assert incomplete_client.get(COMPLETE).status_code == 200
    assert incomplete_client.post(reverse("identity:keepalive")).status_code == 204
    resend = incomplete_client.post(reverse("identity:resend_confirmation"))
    assert resend["Location"] == COMPLETE  # the view's own answer: data still missing
    logout = incomplete_client.post(reverse("identity:logout"))
    assert logout["Location"] == reverse("portal:home")


def test_the_sandbox_is_not_exempt_when_it_is_off(incomplete_client, settings):
    settings.PORTAL_SANDBOX = False
    assert incomplete_client.get("/sandbox/unknown/")["Location"] == COMPLETE


def test_a_clerk_is_never_redirected(clerk_client, clerk):
    assert clerk.missing_identity_data()  # clerks have no 4T data at all
    response = clerk_client.get("/my-requests/")
    assert response.status_code == 200


def test_a_citizen_with_complete_confirmed_data_is_not_redirected(complete_client):
    assert complete_client.get("/my-requests/").status_code == 200


def test_an_unconfirmed_email_is_enough_to_redirect(complete_client, complete_citizen):
    complete_citizen.email_confirmed_at = None
    complete_citizen.save()
    assert complete_client.get("/my-requests/")["Location"] == COMPLETE


def test_anonymous_visitors_are_left_alone(client, db):
    assert client.get("/").status_code == 200
