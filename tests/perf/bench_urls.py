"""The portal's URLs and `/bench/bare/`: a Django page through the whole middleware
stack that renders nothing and reads nothing, the yardstick of validity_bench.py."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
