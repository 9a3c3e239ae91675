from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken, RefreshToken

from api.clients import ensure_okmanyapp
from cases import registry
from cases.actions import create_case
from cases.registry import CaseType

ALL_SCOPES = "cases:read documents:read profile:read appointments:write"


@pytest.fixture(autouse=True)
def app_client(db):
    # Made by a data migration; a transactional test's flush removes it.
    return ensure_okmanyapp()


@pytest.fixture
def issue_token(app_client):
    """An access token as the token endpoint would make it (with its refresh token)."""

    def issue(user, scope: str = ALL_SCOPES) -> str:
        value = secrets.token_urlsafe(30)
        access = AccessToken.objects.create(
            user=user,
            application=app_client,
            token=value,
            scope=scope,
            expires=timezone.now() + timedelta(minutes=10),
        )
        RefreshToken.objects.create(
            user=user, application=app_client, token=secrets.token_urlsafe(30), access_token=access
        )
        return value

    return issue


@pytest.fixture
def bearer():
    def headers(token: str, **extra) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {token}", **extra}

    return headers


@pytest.fixture
def api_case_type():
    kind = CaseType(slug="testing.api", label="API request", deadline_days=8)
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


@pytest.fixture
def filed(api_case_type):
    """A submitted case of `user` (the spine's own submission)."""
    from cases.actions import submit_case

    def make(user):
        case = create_case(api_case_type.slug, applicant=user)
        submit_case(case, by=user)
        case.refresh_from_db()
        return case

    return make
