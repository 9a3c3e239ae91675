"""Errors in one shape: RFC 9457 problem details, in Hungarian and English.

Every error the API gives is `application/problem+json` with `type`, `title`,
`status`, `detail` and `instance`; `title` and `detail` are in the language the
client asked for (Accept-Language: hu by default, or en), and `translations`
carries both, so that an app can show either without asking again. The `type`
URIs point at the API's documentation page, where each is described.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.middleware import accepted_language as requested_language

CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    code: str
    status: int
    title: Any
    detail: Any


PROBLEMS = {
    p.code: p
    for p in [
        ProblemType(
            "not-authenticated",
            401,
            _("Not logged in"),
            _("The request needs a valid access token. Log in again in the app."),
        ),
        ProblemType(
            "insufficient-scope",
            403,
            _("Not allowed with this login"),
            _("The app was not given the permission this request needs: %(scope)s."),
        ),
        ProblemType(
            "not-found",
            404,
            _("Not found"),
            _("There is no such object among yours."),
        ),
        ProblemType(
            "method-not-allowed",
            405,
            _("Method not allowed"),
            _("This address does not accept the %(method)s method."),
        ),
        ProblemType(
            "invalid-request",
            422,
            _("Invalid request"),
            _("Some values of the request are missing or malformed; see the errors."),
        ),
        ProblemType(
            "refused",
            409,
            _("Refused"),
            _("The request cannot be carried out; see the errors (and the nearest free times)."),
        ),
        ProblemType(
            "too-many-requests",
            429,
            _("Too many requests"),
            _("Too many requests in a short time. Try again in %(seconds)s seconds."),
        ),
    ]
}


def problem(
    request: HttpRequest,
    code: str,
    *,
    params: dict | None = None,
    headers: dict | None = None,
    **extensions: Any,
) -> JsonResponse:
    kind = PROBLEMS[code]
    params = params or {}
    texts = {}
    for language in ("hu", "en"):
        with translation.override(language):
            texts[language] = {
                "title": str(kind.title),
                "detail": str(kind.detail) % params if params else str(kind.detail),
            }
    chosen = texts[requested_language(request)]
    body = {
        "type": f"/api/v1/docs#problem-{kind.code}",
        "title": chosen["title"],
        "status": kind.status,
        "detail": chosen["detail"],
        "instance": request.path,
        "translations": texts,
        **extensions,
    }
    response = JsonResponse(
        body,
        status=kind.status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},  # UTF-8, as every other answer
    )
    response.headers["Content-Language"] = requested_language(request)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
