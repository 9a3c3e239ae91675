"""The e-signature service's pages: the data, the distance contract, its acceptance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cases.models import Case
from cases.workflow import Status
from eszemelyi import actions_esign, eligibility
from eszemelyi.forms import EsignForm
from eszemelyi.views import throttled_start

CHECKS = (
    eligibility.holds_chip_card,
    eligibility.esign_capacity,
    eligibility.esign_renewal_window,
    eligibility.has_email,
)


def _draft(request: HttpRequest, reference: str) -> Case:
    """The user's own e-signature request not yet accepted (404 for anything else)."""
    return get_object_or_404(
        Case,
        reference=reference,
        applicant=request.user,
        case_type=actions_esign.CASE_TYPE,
        status=Status.DRAFT,
        eszemelyi_esign__contract_accepted_at__isnull=True,
    )


def _page(request: HttpRequest, form: EsignForm, case: Case | None) -> HttpResponse:
    card = eligibility.chip_card(request.user)
    return render(
        request,
        "eszemelyi/esign.html",
        {
            "form": form,
            "case": case,
            "reasons": eligibility.reasons(CHECKS, request.user, {"email": request.user.email}),
            "current": eligibility.current_certificate(request.user, card),
        },
    )


@require_GET
@login_required
def esign(request: HttpRequest) -> HttpResponse:
    case = _draft(request, request.GET["case"]) if request.GET.get("case") else None
    if case is not None:
        detail = case.eszemelyi_esign
        initial = {
            "email": detail.email,
            "email_in_certificate": "yes" if detail.email_in_certificate else "no",
            "publish_in_directory": "yes" if detail.publish_in_directory else "no",
        }
    else:
        initial = {"email": request.user.email}
    return _page(request, EsignForm(initial=initial), case)


@require_POST
@login_required
def esign_save(request: HttpRequest) -> HttpResponse:
    case = _draft(request, request.POST["case"]) if request.POST.get("case") else None
    form = EsignForm(request.POST)
    data = {"email": request.POST.get("email", "")}
    if eligibility.reasons(CHECKS, request.user, data) or not form.is_valid():
        return _page(request, form, case)
    case = actions_esign.save_request(request, form.cleaned_data, case=case)
    return redirect("eszemelyi:esign_contract", case.reference)


@require_GET
@login_required
def esign_contract(request: HttpRequest, reference: str) -> HttpResponse:
    case = _draft(request, reference)
    return render(
        request,
        "eszemelyi/esign_contract.html",
        {
            "case": case,
            "detail": case.eszemelyi_esign,
            "contract": actions_esign.contract_text(case),
        },
    )


@require_POST
@login_required
@throttled_start
def esign_accept(request: HttpRequest, reference: str) -> HttpResponse:
    case = _draft(request, reference)
    if request.POST.get("accept") != "yes":
        return render(
            request,
            "eszemelyi/esign_contract.html",
            {
                "case": case,
                "detail": case.eszemelyi_esign,
                "contract": actions_esign.contract_text(case),
                "accept_error": True,
            },
            status=400,
        )
    if eligibility.reasons(CHECKS, request.user, {"email": case.eszemelyi_esign.email}):
        return redirect("eszemelyi:esign")
    operation = actions_esign.accept_contract(request, case)
    return redirect("eszemelyi:operation", operation.pk)
