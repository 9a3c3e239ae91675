"""The citizen's page: who looked at my data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access_log.models import AccessRecord


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    records = (
        AccessRecord.objects.filter(person=person)
        if person is not None
        else AccessRecord.objects.none()
    )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "access_log/mine.html",
        {"page": page, "records": page.object_list, "in_register": person is not None},
    )


PROFILE_ROWS = 5


def profile_section(request: HttpRequest) -> dict:
    """The latest accesses for the profile page; the whole list is on its own page."""
    person = getattr(request.user, "person", None)
    if person is None:
        return {"records": [], "in_register": False}
    records = list(AccessRecord.objects.filter(person=person)[: PROFILE_ROWS + 1])
    return {
        "records": records[:PROFILE_ROWS],
        "more": len(records) > PROFILE_ROWS,
        "in_register": True,
    }
