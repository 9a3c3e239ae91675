"""The mobile app's login: OAuth 2.0 authorization code with PKCE, driven by a
client that is not ours (Authlib) over real HTTP against the portal."""

from __future__ import annotations

import pytest
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.urls import reverse

REDIRECT = "http://127.0.0.1:8765/callback"

pytestmark = pytest.mark.django_db(transaction=True)


def _app(scope: str = "cases:read profile:read") -> OAuth2Session:
    return OAuth2Session(
        "okmanyapp",
        redirect_uri=REDIRECT,
        scope=scope,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )


def _authorize(client, live_server, app: OAuth2Session, citizen, verifier: str) -> str:
    """The system browser's part: the citizen (logged in) allows the app; returns
    the address the browser is sent back to."""
    url, _state = app.create_authorization_url(
        live_server.url + "/oauth/authorize/", code_verifier=verifier
    )
    client.force_login(citizen)
    path = url[len(live_server.url) :]
    consent = client.get(path)
    assert consent.status_code == 200, consent.content.decode().split("<main")[1][:900]
    page = consent.content.decode()
    assert "OkmányApp" in page
    assert "kérelmeit" in page  # the scopes, in Hungarian
    fields = {k: v for k, v in consent.context["form"].initial.items() if v is not None}
    allowed = client.post(path, {**fields, "allow": "Authorize"})
    assert allowed.status_code == 302
    assert allowed["Location"].startswith(REDIRECT + "?code=")
    return allowed["Location"]


def test_pkce_login_lists_the_citizens_cases(client, live_server, citizen, filed):
    case = filed(citizen)
    app, verifier = _app(), generate_token(48)
    back = _authorize(client, live_server, app, citizen, verifier)
    token = app.fetch_token(
        live_server.url + "/oauth/token/", authorization_response=back, code_verifier=verifier
    )
    assert token["token_type"] == "Bearer"
    assert 0 < token["expires_in"] <= 600
    cases = app.get(live_server.url + "/api/v1/cases/").json()
    assert [item["reference"] for item in cases["items"]] == [case.reference]
    # Asked for cases and profile only: documents are refused.
    assert app.get(live_server.url + "/api/v1/documents/issued").status_code == 403


def test_a_code_is_refused_without_its_verifier(client, live_server, citizen):
    app, verifier = _app(), generate_token(48)
    back = _authorize(client, live_server, app, citizen, verifier)
    with pytest.raises(Exception, match="invalid_grant"):
        app.fetch_token(
            live_server.url + "/oauth/token/",
            authorization_response=back,
            code_verifier=generate_token(48),
        )


def test_a_login_without_pkce_is_refused(client, live_server, citizen):
    client.force_login(citizen)
    response = client.get(
        "/oauth/authorize/?response_type=code&client_id=okmanyapp&scope=cases:read"
        f"&redirect_uri={REDIRECT}&state=x"
    )
    assert response.status_code == 302
    assert "error=invalid_request" in response["Location"]


def test_refresh_rotates_and_a_reused_refresh_token_signs_the_device_out(
    client, live_server, citizen
):
    app, verifier = _app(), generate_token(48)
    back = _authorize(client, live_server, app, citizen, verifier)
    first = app.fetch_token(
        live_server.url + "/oauth/token/", authorization_response=back, code_verifier=verifier
    )
    second = app.refresh_token(live_server.url + "/oauth/token/")
    assert second["refresh_token"] != first["refresh_token"]
    assert app.get(live_server.url + "/api/v1/profile/").status_code == 200
    # A thief replays the old refresh token: refused, and the whole login is revoked.
    thief = _app()
    with pytest.raises(Exception, match="invalid_grant"):
        thief.refresh_token(live_server.url + "/oauth/token/", refresh_token=first["refresh_token"])
    assert app.get(live_server.url + "/api/v1/profile/").status_code == 401


def test_logging_out_in_the_app_revokes_its_tokens(client, live_server, citizen):
    app, verifier = _app(), generate_token(48)
    back = _authorize(client, live_server, app, citizen, verifier)
    token = app.fetch_token(
        live_server.url + "/oauth/token/", authorization_response=back, code_verifier=verifier
    )
    assert app.get(live_server.url + "/api/v1/profile/").status_code == 200
    app.revoke_token(
        live_server.url + "/oauth/revoke_token/",
        token=token["refresh_token"],
        token_type_hint="refresh_token",
    )
    assert app.get(live_server.url + "/api/v1/profile/").status_code == 401


def test_the_citizen_signs_a_device_out_on_the_profile(client, live_server, citizen):
    app, verifier = _app(), generate_token(48)
    back = _authorize(client, live_server, app, citizen, verifier)
    app.fetch_token(
        live_server.url + "/oauth/token/", authorization_response=back, code_verifier=verifier
    )
    profile = client.get(reverse("identity:profile")).content.decode()
    assert "OkmányApp" in profile
    family = profile.split('name="family" value="')[1].split('"')[0]
    client.post(reverse("api_devices:sign_out"), {"family": family})
    assert app.get(live_server.url + "/api/v1/profile/").status_code == 401
    after = client.get(reverse("identity:profile")).content.decode()
    assert 'name="family"' not in after
    assert "A mobilalkalmazás egy eszközön sincs bejelentkezve." in after


def test_a_clerk_cannot_allow_the_app(client, clerk):
    """A clerk logged in to the administration in the same browser gets no code."""
    client.force_login(clerk)
    app, verifier = _app(), generate_token(48)
    url, _state = app.create_authorization_url(
        "http://testserver/oauth/authorize/", code_verifier=verifier
    )
    refused = client.get(url[len("http://testserver") :], HTTP_ACCEPT_LANGUAGE="hu")
    assert refused.status_code == 403
    assert "Az alkalmazás az ügyfeleké" in refused.content.decode()
    assert "code=" not in refused.get("Location", "")
