from __future__ import annotations

from django.urls import path

from appointments.models import Office


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


urlpatterns = [path("fail/", write_then_fail)]
