"""The versioned API (/api/v1/): one NinjaAPI with a router per subject.

The OpenAPI description is generated from the routers' code and served at
/api/v1/openapi.json; /api/v1/docs renders it as a plain, accessible page
(api/docs.py) instead of a JavaScript viewer. Every error is a problem document
(api/problems.py); GET answers carry an ETag and answer 304 to a matching
If-None-Match.
"""

from __future__ import annotations

import hashlib

import pydantic_core
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer

from api import appointments, cases, checks, documents, notifications, profile
from api.auth import InsufficientScope
from api.problems import problem

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details, in the language of Accept-Language",
    "required": ["type", "title", "status", "detail", "instance", "translations"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "translations": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"title": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
        "nearest": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "starts_at": {"type": "string"},
                    "stop_id": {"type": ["integer", "null"]},
                },
            },
        },
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "location": {"type": "array", "items": {"type": "string"}},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

# The errors any operation can answer, and those only a logged-in one can.
_ANY_ERRORS = {
    "405": "Method not allowed",
    "409": "Refused by a rule (the slot was taken, a limit, a closed office)",
    "422": "Invalid request",
    "429": "Too many requests",
}
_LOGIN_ERRORS = {
    "401": "No valid access token",
    "403": "The token lacks the operation's scope",
    "404": "No such object among the citizen's own",
}


class JSONBytesRenderer(JSONRenderer):
    """JSON by pydantic's encoder: the standard library's called back into Python for
    every date of a case list (ADR 0029). UTF-8 rather than escapes; timestamps with
    microseconds; anything else it does not know (translated text) as its string."""

    def render(self, request: HttpRequest, data, *, response_status: int) -> bytes:
        return pydantic_core.to_json(data, fallback=str)


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Ninja's description, with the problem responses every operation can give."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["components"].setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem_content = {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
        for methods in schema["paths"].values():
            for operation in methods.values():
                errors = dict(_ANY_ERRORS)
                if operation.get("security"):
                    errors.update(_LOGIN_ERRORS)
                for code, description in errors.items():
                    operation["responses"].setdefault(
                        code, {"description": description, "content": problem_content}
                    )
        return schema

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        patch_vary_headers(response, ("Authorization", "Accept-Language"))
        if request.method == "GET" and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response.headers["ETag"] = etag
            conditional = get_conditional_response(request, etag=etag, response=response)
            if conditional is not response:
                patch_vary_headers(conditional, ("Authorization", "Accept-Language"))
            return conditional
        return response


api = PortalAPI(
    title="Ügysegéd API",
    version="1",
    description=(
        "The citizen's requests, documents and profile for the mobile app (OkmányApp), and "
        "the anonymous document checks. Authorisation: OAuth 2.0 authorization code with "
        "PKCE (S256) at /oauth/authorize/ and /oauth/token/; scopes per operation. Errors: "
        "RFC 9457 problem documents (application/problem+json) in Hungarian or English "
        "(Accept-Language)."
    ),
    urls_namespace="api-v1",
    renderer=JSONBytesRenderer(),
    docs_url=None,
    openapi_url="/openapi.json",
)
api.add_router("/cases", cases.router)
api.add_router("/documents", documents.router)
api.add_router("/profile", profile.router)
api.add_router("/notifications", notifications.router)
api.add_router("/checks", checks.router)
api.add_router("/appointments", appointments.router)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, "not-authenticated", headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(InsufficientScope)
def _insufficient_scope(request: HttpRequest, exc: InsufficientScope) -> HttpResponse:
    return problem(
        request,
        "insufficient-scope",
        params={"scope": exc.scope},
        headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{exc.scope}"'},
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    seconds = int(exc.wait or 60)
    return problem(
        request,
        "too-many-requests",
        params={"seconds": seconds},
        headers={"Retry-After": str(seconds)},
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"location": [str(part) for part in error.get("loc", [])], "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return problem(request, "invalid-request", errors=errors)


@api.exception_handler(checks.InvalidInput)
def _invalid_input(request: HttpRequest, exc: checks.InvalidInput) -> HttpResponse:
    return problem(request, "invalid-request", errors=exc.errors)


@api.exception_handler(appointments.Refused)
def _refused(request: HttpRequest, exc: appointments.Refused) -> HttpResponse:
    return problem(
        request,
        "refused",
        errors=[{"location": ["body", exc.field], "message": str(exc.message)}],
        nearest=[
            {"starts_at": slot.starts_at.isoformat(), "stop_id": slot.stop_id}
            for slot in exc.nearest
        ],
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, "not-found")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 405:
        return problem(request, "method-not-allowed", params={"method": request.method})
    if exc.status_code == 404:
        return problem(request, "not-found")
    return problem(request, "invalid-request")
