"""Bearer access tokens of django-oauth-toolkit, checked per operation's scope.

The token is looked up by its checksum, must be unexpired, carry the operation's
scope and belong to an active citizen; the citizen becomes `request.user`, so the
access rules (cases/access.py) read the same user as on the web pages.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest
from ninja.security import HttpBearer
from oauth2_provider.models import get_access_token_model

from cases.access import aware


class InsufficientScope(Exception):
    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope


@cache
def _lookup_sql() -> str:
    """One fixed statement, written once: the token's own columns and its user's flags.

    Every API request runs it, and the ORM spent a millisecond building the query and
    two model instances from it, more than the case list's own query took
    (ADR 0029). The instances made from the row are deferred ones: any other field is
    loaded if something reads it.
    """
    token, user = get_access_token_model()._meta, get_user_model()._meta
    q = connection.ops.quote_name

    def column(meta, name: str) -> str:
        return meta.get_field(name).column

    return (
        f"SELECT t.{q(column(token, 'id'))}, t.{q(column(token, 'user'))}, "
        f"t.{q(column(token, 'expires'))}, t.{q(column(token, 'scope'))}, "
        f"u.{q(column(user, 'is_active'))}, u.{q(column(user, 'is_staff'))} "
        f"FROM {q(token.db_table)} t JOIN {q(user.db_table)} u "
        f"ON u.{q(column(user, 'id'))} = t.{q(column(token, 'user'))} "
        f"WHERE t.{q(column(token, 'token_checksum'))} = %s"
    )


class CitizenToken(HttpBearer):
    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str):
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        with connection.cursor() as cursor:
            cursor.execute(_lookup_sql(), [checksum])
            row = cursor.fetchone()
        if row is None:
            return None
        pk, user_id, expires, scope, is_active, is_staff = row
        access_token = get_access_token_model().from_db(
            connection.alias,
            ["id", "user_id", "expires", "scope"],
            [pk, user_id, aware(expires), scope],
        )
        # The API is the citizen's: a clerk's account (staff) gets nothing through it,
        # even with a token made before the account became a clerk's.
        if access_token.is_expired() or not is_active or is_staff:
            return None
        if not access_token.allow_scopes([self.scope]):
            raise InsufficientScope(self.scope)
        user = get_user_model().from_db(connection.alias, ["id", "is_active"], [user_id, True])
        access_token.user = user
        request.user = user
        return access_token
