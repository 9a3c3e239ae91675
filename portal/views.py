"""Shell pages: home, service information, My requests, case page, health."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import registry
from cases.models import Case
from cases.views import case_for_applicant
from portal import catalogue
from portal.catalogue import facts
from portal.models import Heartbeat


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    groups = [
        (group, [(service, facts.needs_login(service)) for service in group.services])
        for group in catalogue.groups()
    ]
    return render(request, "portal/home.html", {"groups": groups})


@require_GET
def service_info(request: HttpRequest, code: str) -> HttpResponse:
    try:
        service = catalogue.get_service(code)
    except KeyError:
        raise Http404 from None
    return render(
        request,
        "portal/service_info.html",
        {
            "service": service,
            "group": catalogue.get_group(service.group),
            "facts": facts.facts_of(service),
            "sections": service.sections_in(translation.get_language()),
        },
    )


@require_GET
@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    mine = Case.objects.for_applicant(request.user)
    # A discarded draft was never filed: it is not a request of the citizen's.
    cases = mine.exclude(status="draft").exclude(status="terminated", received_on__isnull=True)
    drafts = [
        (case, reverse("flow:step", args=[case.reference, _resume_step(case)]))
        for case in mine.filter(status="draft")
        if registry.is_registered(case.case_type) and case.type.forms
    ]
    return render(request, "portal/my_requests.html", {"cases": cases, "drafts": drafts})


def _resume_step(case: Case) -> int:
    from cases.flow import Draft

    draft = Draft(case.type, case.applicant, case)
    return min(draft.answered_through(), len(draft.steps) - 1)


@require_GET
@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_for_applicant(request, reference)
    return render(
        request,
        "portal/case_detail.html",
        {
            "case": case,
            "events": case.events.filter(public=True),
            "documents": case.documents.filter(public=True),
        },
    )


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Database, broker and worker heartbeat, for load balancers and operators."""
    checks = {"database": _check_database(), "broker": _check_broker(), "worker": _check_worker()}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": healthy, **checks}, status=200 if healthy else 503)


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except Exception as exc:  # report any failure instead of a 500
        return {"ok": False, "error": type(exc).__name__}


def _check_broker() -> dict:
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "transport": conn.transport_cls}
    except Exception as exc:  # report any failure instead of a 500
        return {"ok": False, "error": type(exc).__name__}


def _check_worker() -> dict:
    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return {"ok": False, "error": "no heartbeat yet"}
    age = timezone.now() - beat.at
    return {
        "ok": age <= settings.PORTAL_HEARTBEAT_MAX_AGE,
        "last_heartbeat": beat.at.isoformat(),
        "age_seconds": int(age.total_seconds()),
    }


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "portal/rate_limited.html", status=429)
