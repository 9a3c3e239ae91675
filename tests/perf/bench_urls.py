"""The portal's URLs and two yardsticks through the whole middleware stack that read
nothing: `/bench/bare/` (validity_bench.py) and `/bench/bare-json/`, a JSON list of 50
rows shaped like the API's case list (api_bench.py)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


ROWS = [
    {
        "reference": f"UGY-2026-{n:06d}",
        "service": "perf.api",
        "title": "Perf",
        "status": "submitted",
        "status_text": "Beadva",
        "created_at": "2026-12-06T10:00:00+01:00",
        "received_on": "2026-12-06",
        "deadline": "2026-12-16",
        "decided_on": None,
        "closed_at": None,
    }
    for n in range(50)
]


def bare_json(request):
    """The API case list's yardstick: 50 rows of the same shape, read from nothing."""
    return JsonResponse({"count": 50, "page": 1, "pages": 1, "items": ROWS})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-json/", bare_json),
    *portal_urlpatterns,
]
