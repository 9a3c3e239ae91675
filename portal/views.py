"""Shell pages: home, service information, My requests, case page, status, health."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from appointments.models import Booking
from cases import access, events, inbox, registry
from cases.models import Case
from cases.views import case_for_applicant
from cases.workflow import citizen_status_text
from portal import catalogue, status
from portal.catalogue import facts


@dataclass(frozen=True)
class ServiceLink:
    """A service as the home page lists it, its texts in the page's language."""

    url: str
    title: str
    needs_login: bool


@dataclass(frozen=True)
class GroupListing:
    slug: str
    title: str
    intro: str
    services: list[ServiceLink]


# A placeholder that reverse() leaves as it is, replaced by each link's argument.
_ARGUMENT = "ARGUMENT"
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


def _links_to(viewname: str) -> Callable[[str], str]:
    """The URLs of `viewname` for a page of links that differ in their one argument:
    one reverse() for the page instead of one per link, each argument quoted as
    reverse() quotes it."""
    pattern = reverse(viewname, args=[_ARGUMENT])
    return lambda argument: pattern.replace(_ARGUMENT, quote(argument, safe=_URL_SAFE))


def _listings() -> list[GroupListing]:
    """The home page's groups and services, made here rather than in the template: one
    reverse() for the page instead of one per service, each text picked once (a template
    loop over the catalogue's forty services took most of the page's time)."""
    language = translation.get_language() or "hu"
    service_url = _links_to("portal:service_info")
    return [
        GroupListing(
            slug=group.slug,
            title=group.title.get(language),
            intro=group.intro.get(language),
            services=[
                ServiceLink(
                    url=service_url(service.code),
                    title=service.title.get(language),
                    needs_login=facts.needs_login(service),
                )
                for service in group.services
            ],
        )
        for group in catalogue.groups()
    ]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"groups": _listings()})


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


# What a row of My requests shows, and the ordering's column: never a draft's answers.
LIST_COLUMNS = ("reference", "case_type", "status", "deadline", "decided_on", "closed_at")


@dataclass(frozen=True)
class ListRow:
    """A row of My requests as it is shown: its texts are made here, once per page for
    what rows share (the link's pattern, a type's name, a status's text), because the
    template language spent most of the page's time on them per row (a `date` filter
    and a `blocktranslate` a row, docs/performance.md)."""

    reference: str
    url: str
    label: str
    status: str
    outcome: str


def _list_rows(cases: list[Case]) -> list[ListRow]:
    endings = events.endings(cases)
    case_url = _links_to("portal:case_detail")
    labels: dict[str, str] = {}
    statuses: dict[str, str] = {}
    due = gettext("Decision due by %(date)s")
    rows = []
    for case in cases:
        if case.case_type not in labels:
            labels[case.case_type] = str(case.type.label)
        if case.status not in statuses:
            statuses[case.status] = citizen_status_text(case.status)
        ending = endings[case.pk]
        if ending:
            outcome = f"{events.ENDING_TEXT[ending.status]}, {ending.on:%Y. %m. %d.}"
        elif case.deadline:
            outcome = due % {"date": f"{case.deadline:%Y. %m. %d.}"}
        else:
            outcome = "—"
        rows.append(
            ListRow(
                reference=case.reference,
                url=case_url(case.reference),
                label=labels[case.case_type],
                status=statuses[case.status],
                outcome=outcome,
            )
        )
    return rows


# My requests and the case page only read: no transaction around them (two round trips
# fewer; under READ COMMITTED a transaction gives a page of reads no other guarantee).
@require_GET
@login_required
@transaction.non_atomic_requests
def my_requests(request: HttpRequest) -> HttpResponse:
    # A discarded draft was never filed: it is not a request of the citizen's.
    cases = list(access.filed_cases(request.user).only(*LIST_COLUMNS, "created_at"))
    drafts = [
        (case, reverse("flow:step", args=[case.reference, _resume_step(case, request.user)]))
        for case in access.draft_cases(request.user).only(
            "reference", "case_type", "created_at", "draft_data"
        )
        if registry.is_registered(case.case_type) and case.type.forms
    ]
    return render(
        request,
        "portal/my_requests.html",
        {
            "rows": _list_rows(cases),
            "drafts": drafts,
            "unread_documents": inbox.unread_count(request.user),
            "appointments": Booking.objects.upcoming_for(request.user),
        },
    )


def _resume_step(case: Case, applicant) -> int:
    from cases.flow import Draft

    draft = Draft(case.type, applicant, case)
    return min(draft.answered_through(), len(draft.steps) - 1)


@require_GET
@login_required
@transaction.non_atomic_requests
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
@transaction.non_atomic_requests
def health(request: HttpRequest) -> JsonResponse:
    """Database, broker and worker heartbeat: the whole installation, for operators."""
    return _health_response(
        {
            "database": status.check_database(),
            "broker": status.check_broker(),
            "worker": status.check_worker(),
        }
    )


@require_GET
@never_cache
@transaction.non_atomic_requests
def health_live(request: HttpRequest) -> JsonResponse:
    """The process answers: asks nothing else, so a restart is never caused by a
    database or Redis outage that a restart would not cure."""
    return JsonResponse({"ok": True})


@require_GET
@never_cache
@transaction.non_atomic_requests
def health_ready(request: HttpRequest) -> JsonResponse:
    """May this web instance take requests: what serving a page needs. The worker is
    left out: requests are accepted (and queued) while it is down, and taking every
    web instance out of the load balancer for it would stop the whole portal."""
    checks = {"database": status.check_database()}
    # Without a database the migrations cannot be read: the database is the failing part.
    if checks["database"]["ok"]:
        checks["migrations"] = status.check_migrations()
    else:
        checks["migrations"] = {"ok": False, "error": "no database"}
    checks["broker"] = status.check_broker()
    checks["cache"] = status.check_cache()
    return _health_response(checks)


# The probes run outside the per-request transaction (ATOMIC_REQUESTS): it would open a
# database connection before the view runs, so that a database outage would fail
# /health/live and answer the others with an error page instead of naming the part.


def _health_response(checks: dict[str, dict]) -> JsonResponse:
    healthy = all(check["ok"] for check in checks.values())
    failing = [name for name, check in checks.items() if not check["ok"]]
    body = {"ok": healthy, **({"failing": failing} if failing else {}), **checks}
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
@never_cache
def service_status(request: HttpRequest) -> HttpResponse:
    """What works and what does not, in words, for citizens (the footer links here)."""
    findings, checked_at = status.findings()
    return render(
        request,
        "portal/status.html",
        {
            "findings": findings,
            "checked_at": datetime.fromisoformat(checked_at),
            "all_ok": all(f.state == status.OK for f in findings),
        },
    )
