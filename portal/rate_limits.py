"""The page a throttled request gets.

django-ratelimit shows it (RATELIMIT_VIEW), and the login, account and card views
return it when they throttle by hand. It lives apart from `portal.views` so that an
app can answer with it without importing the portal's pages and all they read.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def rate_limited(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    return render(request, "portal/rate_limited.html", status=429)
