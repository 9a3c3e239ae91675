from __future__ import annotations

from django.urls import path

from appointments.models import Office
from portal.urls import urlpatterns as portal_urlpatterns


def write_then_fail(request):
    Office.objects.create(
        code="half-written",
        name="x",
        kind="central",
        postal_code="1000",
        settlement="x",
        street_address="x",
    )
    raise RuntimeError("failure after a write")


# The portal's own URLs too: the 500 page links to the home and status pages.
urlpatterns = [path("fail/", write_then_fail), *portal_urlpatterns]
