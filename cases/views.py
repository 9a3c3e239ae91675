"""File downloads: attachments for clerks, issued documents for their citizen,
the citizen's document inbox; the lookup of a citizen's own case that every
citizen page uses."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cases import access
from cases import inbox as document_inbox
from cases.models import Attachment, Case


def case_for_applicant(request: HttpRequest, reference: str) -> Case:
    """The logged-in citizen's case; someone else's and an unknown one are both 404."""
    return get_object_or_404(Case, reference=reference, applicant=request.user)


_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


@require_GET
@staff_member_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    if not request.user.is_verified():  # the admin's TOTP step was not done
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, pk=pk)
    extension = _EXTENSIONS.get(attachment.content_type, "bin")
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=f"{attachment.case.reference}-{attachment.pk}.{extension}",
    )


@require_GET
@login_required
def document_download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    document = get_object_or_404(
        access.issued_documents(request.user), pk=pk, case__reference=reference
    )
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{document.case.reference}-{document.kind}.pdf",
    )


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request, "cases/inbox.html", {"documents": document_inbox.documents_of(request.user)}
    )


@require_GET
@login_required
def inbox_download(request: HttpRequest, pk: int) -> FileResponse:
    """A delivered document, for its citizen only; the first opening is recorded."""
    document = get_object_or_404(document_inbox.documents_of(request.user), pk=pk)
    document_inbox.mark_read(document)
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{document.case.reference}-{document.kind}.pdf",
    )
