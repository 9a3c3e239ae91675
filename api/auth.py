"""Bearer access tokens of django-oauth-toolkit, checked per operation's scope.

The token is looked up by its checksum, must be unexpired, carry the operation's
scope and belong to an active citizen; the citizen becomes `request.user`, so the
access rules (cases/access.py) read the same user as on the web pages.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from ninja.security import HttpBearer
from oauth2_provider.models import get_access_token_model


class InsufficientScope(Exception):
    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


class CitizenToken(HttpBearer):
    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str):
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        access_token = (
            get_access_token_model()
            .objects.select_related("user")
            .filter(token_checksum=checksum)
            .first()
        )
        if access_token is None or access_token.is_expired():
            return None
        user = access_token.user
        if user is None or not user.is_active:
            return None
        if not access_token.allow_scopes([self.scope]):
            raise InsufficientScope(self.scope)
        request.user = user
        return access_token
