"""The anonymous document checks and the holder's log of them.

The three public pages need no login, work without JavaScript, count against the
anonymous rate limit per client address, and keep nothing the visitor typed: the
answer is rendered straight from the POST (no redirect through a session), and the
log lines name the check, never its data.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from cases import verification as codes
from cases.models import IssuedDocument
from document_checks import check_log, status, validity, verification
from document_checks.forms import BlankForm
from documents.models import Document, ProductionOrder
from portal.rate_limits import anonymous_limit

# The two checks read the register once and write at most their check-log row, which
# needs no transaction around it: they run without the request's (ATOMIC_REQUESTS),
# two round trips to the database fewer on every check (BEGIN, COMMIT; ADR 0032).
# Each answers with a blank form under the answer, whose HTML the template keeps
# (check_forms).


@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
@anonymous_limit("documents.validity")
def validity_check(request: HttpRequest) -> HttpResponse:
    form = validity.ValidityForm(request.POST) if request.method == "POST" else None
    answer = None
    if form is not None and form.is_valid():
        answer = validity.check(form.cleaned_data)
        form = None
    return render(
        request,
        "document_checks/validity.html",
        {"form": BlankForm(validity.ValidityForm) if form is None else form, "answer": answer},
        status=200 if form is None else 400,
    )


@transaction.non_atomic_requests
@require_http_methods(["GET", "POST"])
@anonymous_limit("documents.status")
def status_lookup(request: HttpRequest) -> HttpResponse:
    form = status.StatusForm(request.POST) if request.method == "POST" else None
    answer = None
    searched = False
    if form is not None and form.is_valid():
        answer = status.lookup(form.cleaned_data["receipt_number"])
        searched = True
        form = None
    return render(
        request,
        "document_checks/status.html",
        {
            "form": BlankForm(status.StatusForm) if form is None else form,
            "answer": answer,
            "searched": searched,
        },
        status=200 if form is None else 400,
    )


@require_GET
@anonymous_limit("documents.verify")
def verify_start(request: HttpRequest) -> HttpResponse:
    """Where a code is typed: /verify/?code=… goes on to the code's own page."""
    form = verification.CodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("documents:verify", codes.grouped(form.cleaned_data["code"]))
    return render(
        request,
        "document_checks/verify_start.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@anonymous_limit("documents.verify")
def verify(request: HttpRequest, code: str) -> HttpResponse:
    # A visitor's copy is read into memory only (never a temporary file on disk),
    # which must be decided before anything reads the POST, CSRF included.
    from django.core.files.uploadhandler import MemoryFileUploadHandler

    request.upload_handlers = [MemoryFileUploadHandler(request)]
    return _verify(request, code)


@csrf_protect
def _verify(request: HttpRequest, code: str) -> HttpResponse:
    verdict = verification.find_and_record(code)
    if verdict is None:
        return render(
            request,
            "document_checks/verify_unknown.html",
            {"form": verification.CodeForm()},
            status=404,
        )
    copy_form = verification.CopyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    same = None
    if copy_form.is_bound and copy_form.is_valid():
        same = verification.same_file(verdict.document, copy_form.cleaned_data["copy"])
        copy_form = verification.CopyForm()
    return render(
        request,
        "document_checks/verify.html",
        {
            "verdict": verdict,
            "document": verdict.document,
            "code": codes.grouped(verdict.document.verification_code),
            "copy_form": copy_form,
            "same": same,
        },
        status=400 if copy_form.is_bound and copy_form.errors else 200,
    )


@require_GET
@login_required
def my_checks(request: HttpRequest) -> HttpResponse:
    """The holder's documents, each with when it was checked anonymously (never who)."""
    person = request.user.person
    documents = (
        list(Document.objects.filter(holder=person).order_by("kind", "-issued_on"))
        if person
        else []
    )
    orders = (
        list(ProductionOrder.objects.filter(applicant=person).order_by("-applied_on"))
        if person
        else []
    )
    issued = list(
        IssuedDocument.objects.filter(case__applicant=request.user, public=True)
        .select_related("case")
        .order_by("-created_at")
    )
    checked_documents = check_log.summary("document", [d.pk for d in documents])
    checked_orders = check_log.summary("production_order", [o.pk for o in orders])
    checked_issued = check_log.summary("issued_document", [i.pk for i in issued])
    return render(
        request,
        "document_checks/my_checks.html",
        {
            "documents": [(d, checked_documents.get(d.pk)) for d in documents],
            "orders": [(o, checked_orders.get(o.pk)) for o in orders],
            "issued": [(i, checked_issued.get(i.pk)) for i in issued],
            "shown_times": check_log.SHOWN_TIMES,
        },
    )
