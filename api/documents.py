"""The citizen's documents: those the portal issued (PDF), the document inbox, and
their own documents in the documents register with validity."""

from __future__ import annotations

from datetime import date, datetime

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from api.auth import CitizenToken
from api.throttling import PerToken
from cases import access, inbox

router = Router(tags=["documents"], auth=CitizenToken("documents:read"), throttle=[PerToken()])

PDF_RESPONSE = {
    "responses": {
        "200": {
            "description": "The PDF as it was issued (its SHA-256 is in the list)",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class IssuedDocumentOut(Schema):
    id: int
    case_reference: str
    kind: str
    title: str
    created_at: datetime
    sha256: str
    verification_code: str


class InboxDocumentOut(IssuedDocumentOut):
    delivered_at: datetime
    read_at: datetime | None


class RegisterDocumentOut(Schema):
    kind: str
    kind_text: str
    number: str
    issued_on: date
    expires_on: date | None
    validity: str = Field(description="valid, expired, invalidated or withdrawn, as of today")
    validity_text: str


def _issued(document) -> dict:
    return {
        "id": document.pk,
        "case_reference": document.case.reference,
        "kind": document.kind,
        "title": document.title_in_active_language,
        "created_at": document.created_at,
        "sha256": document.sha256,
        "verification_code": document.verification_code,
    }


def _pdf(document) -> FileResponse:
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{document.case.reference}-{document.kind}.pdf",
    )


@router.get("/issued", response=list[IssuedDocumentOut], summary="Documents issued to me")
def issued_documents(request):
    documents = access.issued_documents(request.user).select_related("case")
    return [_issued(document) for document in documents.order_by("-created_at", "-pk")]


@router.get(
    "/issued/{document_id}/pdf", summary="Download an issued document", openapi_extra=PDF_RESPONSE
)
def issued_pdf(request, document_id: int):
    return _pdf(get_object_or_404(access.issued_documents(request.user), pk=document_id))


@router.get("/inbox", response=list[InboxDocumentOut], summary="My document inbox")
def inbox_documents(request):
    return [
        {**_issued(document), "delivered_at": document.delivered_at, "read_at": document.read_at}
        for document in inbox.documents_of(request.user)
    ]


@router.get(
    "/inbox/{document_id}/pdf", summary="Open a document of the inbox", openapi_extra=PDF_RESPONSE
)
def inbox_pdf(request, document_id: int):
    document = get_object_or_404(inbox.documents_of(request.user), pk=document_id)
    inbox.mark_read(document)
    return _pdf(document)


@router.get("/register", response=list[RegisterDocumentOut], summary="My documents in the register")
def register_documents(request):
    person = request.user.person
    if person is None:
        return []
    today = timezone.localdate()
    result = []
    for document in person.documents.order_by("kind", "-issued_on"):
        validity = document.effective_validity(today)
        result.append(
            {
                "kind": document.kind,
                "kind_text": document.get_kind_display(),
                "number": document.number,
                "issued_on": document.issued_on,
                "expires_on": document.expires_on,
                "validity": validity,
                "validity_text": str(type(document).Validity(validity).label),
            }
        )
    return result
