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
