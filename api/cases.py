"""The citizen's requests: a paginated, filterable list and one request with its history."""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from api.auth import CitizenToken
from api.throttling import PerToken
from cases import access, events, registry
from cases.workflow import Status, citizen_status_text

router = Router(tags=["cases"], auth=CitizenToken("cases:read"), throttle=[PerToken()])

PAGE_SIZE = 20


# The answers are plain pydantic models, not ninja's Schema: a Schema wraps every value
# it validates in an attribute getter meant for model instances, which cost the case
# list more than its query did. The views hand them dicts.
class CaseSummary(BaseModel):
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


class CasePage(BaseModel):
    count: int
    page: int
    pages: int
    items: list[CaseSummary]


class CaseEventOut(BaseModel):
    at: datetime
    kind: str
    text: str = Field(description="The entry as the citizen's case page words it")
    status: Status | None
    note: str


class CaseDocumentOut(BaseModel):
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


def _summary_row(row: tuple, status_texts: dict[str, str]) -> dict:
    reference, case_type, status, created_at, received_on, deadline, decided_on, closed_at = row
    if status not in status_texts:
        status_texts[status] = citizen_status_text(status)
    return {
        "reference": reference,
        "service": case_type,
        "title": str(registry.get(case_type).label),
        "status": status,
        "status_text": status_texts[status],
        "created_at": created_at,
        "received_on": received_on,
        "deadline": deadline,
        "decided_on": decided_on,
        "closed_at": closed_at,
    }


@router.get("/", response=CasePage, summary="My requests")
def list_cases(request, filters: Query[CaseFilter]):
    only = None
    leave_out: frozenset[str] = frozenset()
    if filters.status:
        only = {filters.status}
    if filters.open is True:
        leave_out = Status.final()
    elif filters.open is False:
        only = (only or Status.final()) & Status.final()
    count, rows = access.filed_case_page(
        request.user,
        offset=(filters.page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        only=only,
        leave_out=leave_out,
    )
    status_texts: dict[str, str] = {}
    return {
        "count": count,
        "page": filters.page,
        "pages": max(1, -(-count // PAGE_SIZE)),
        "items": [_summary_row(row, status_texts) for row in rows],
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
