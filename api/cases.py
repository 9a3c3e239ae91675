"""The citizen's requests: a paginated, filterable list and one request with its history."""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from api.auth import CitizenToken
from api.throttling import PerToken
from cases import access, events
from cases.workflow import Status, citizen_status_text

router = Router(tags=["cases"], auth=CitizenToken("cases:read"), throttle=[PerToken()])

PAGE_SIZE = 20


class CaseSummary(Schema):
    reference: str
    service: str = Field(description="The service's code, e.g. vehicles.ownership_change")
    title: str = Field(description="The service's name in the requested language")
    status: Status
    status_text: str
    created_at: datetime
    received_on: date | None
    deadline: date | None
    decided_on: date | None
    closed_at: datetime | None


class CasePage(Schema):
    count: int
    page: int
    pages: int
    items: list[CaseSummary]


class CaseEventOut(Schema):
    at: datetime
    kind: str
    text: str = Field(description="The entry as the citizen's case page words it")
    status: Status | None
    note: str


class CaseDocumentOut(Schema):
    id: int
    title: str
    created_at: datetime
    verification_code: str


class CaseDetail(CaseSummary):
    history: list[CaseEventOut]
    documents: list[CaseDocumentOut]


class CaseFilter(Schema):
    status: Status | None = None
    open: bool | None = Field(None, description="Only open (true) or only finished (false)")
    page: int = Field(1, ge=1, le=100000)


def _summary(case) -> dict:
    return {
        "reference": case.reference,
        "service": case.case_type,
        "title": str(case.type.label),
        "status": case.status,
        "status_text": citizen_status_text(case.status),
        "created_at": case.created_at,
        "received_on": case.received_on,
        "deadline": case.deadline,
        "decided_on": case.decided_on,
        "closed_at": case.closed_at,
    }


_LIST_COLUMNS = (
    "reference",
    "case_type",
    "status",
    "created_at",
    "received_on",
    "deadline",
    "decided_on",
    "closed_at",
)


@router.get("/", response=CasePage, summary="My requests")
def list_cases(request, filters: Query[CaseFilter]):
    cases = access.filed_cases(request.user).only(*_LIST_COLUMNS).order_by("-created_at", "-pk")
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.open is True:
        cases = cases.exclude(status__in=Status.final())
    elif filters.open is False:
        cases = cases.filter(status__in=Status.final())
    count = cases.count()
    pages = max(1, -(-count // PAGE_SIZE))
    start = (filters.page - 1) * PAGE_SIZE
    return {
        "count": count,
        "page": filters.page,
        "pages": pages,
        "items": [_summary(case) for case in cases[start : start + PAGE_SIZE]],
    }


@router.get("/{reference}", response=CaseDetail, summary="One request with its history")
def get_case(request, reference: str):
    case = get_object_or_404(access.filed_cases(request.user), reference=reference)
    return {
        **_summary(case),
        "history": [
            {
                "at": event.at,
                "kind": event.kind,
                "text": events.sentence_of(event),
                "status": event.to_status or None,
                "note": events.citizen_note(event),
            }
            for event in case.events.filter(public=True)
        ],
        "documents": [
            {
                "id": document.pk,
                "title": document.title_in_active_language,
                "created_at": document.created_at,
                "verification_code": document.verification_code,
            }
            for document in access.issued_documents(request.user)
            .filter(case=case)
            .select_related("case")
        ],
    }
