"""The portal's URLs plus views that fail, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.urls import path

from portal.urls import handler500  # noqa: F401  (read by Django from the URL conf)
from portal.urls import urlpatterns as portal_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a failure the citizen must not see")


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


def connection_closed(request):
    raise InterfaceError("connection already closed")


def failed_because_database_down(request):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as error:
        raise RuntimeError("could not save the draft") from error


urlpatterns = [
    path("test-database-down/", database_down),
    path("test-connection-closed/", connection_closed),
    path("test-failed-because-database-down/", failed_because_database_down),
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    *portal_urlpatterns,
]
