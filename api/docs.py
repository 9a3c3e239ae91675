"""The API's published reference: the OpenAPI description rendered as a plain page
(no JavaScript viewer), with the problem types and the login flow."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from api.main import api
from api.problems import PROBLEMS


def _operations(schema: dict) -> list[dict]:
    found = []
    for url, methods in schema["paths"].items():
        for method, operation in methods.items():
            security = operation.get("security") or []
            found.append(
                {
                    "method": method.upper(),
                    "url": url,
                    "summary": operation.get("summary", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": sorted(str(code) for code in operation.get("responses", {})),
                    "login": bool(security),
                }
            )
    return found


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": _operations(schema),
            "problems": PROBLEMS.values(),
        },
    )
