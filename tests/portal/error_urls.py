"""The portal's URLs plus views that fail, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a failure the citizen must not see")


urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    *portal_urlpatterns,
]
