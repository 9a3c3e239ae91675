"""The card page, the operation page and the JSON endpoints the page's script calls;
then the pages of the card services, which start their card operations.

The script (`static/eszemelyi/card.js`) talks to the card bridge on the citizen's
computer and to these endpoints; the portal never talks to the bridge itself. Every
endpoint finds the operation among the logged-in user's own (404 otherwise).
"""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from cases import registry
from cases.models import Case
from cases.workflow import Status
from eszemelyi import actions, eligibility, operations
from eszemelyi.emergency_numbers import (
    EmergencyNumberForm,
    request_emergency_number,
    request_emergency_read,
)
from eszemelyi.esign import CASE_TYPE as ESIGN
from eszemelyi.esign import EsignForm, accept_contract, contract_text, save_request
from eszemelyi.messages import refusal_text
from eszemelyi.models import CardBinding, CardOperation, OperationKind, OperationState
from eszemelyi.nek_applet import request_nek
from eszemelyi.operations import OperationRefused

# A page's script posts a handful of times per operation; more is someone probing.
API_RATE = "30/m"
# Starting card operations: a citizen retrying a wrong PIN starts a few, not dozens.
START_RATE = "20/m"
MAX_BODY = 16 * 1024


def _json_body(request: HttpRequest) -> dict | None:
    if len(request.body) > MAX_BODY:
        return None
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def throttled_start(view):
    """Per-user limit on the POSTs that open a card operation (429 page beyond it)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "limited", False):
            from portal.rate_limits import rate_limited

            return rate_limited(request, None)
        return view(request, *args, **kwargs)

    return ratelimit(key="user", rate=START_RATE, method="POST", block=False)(wrapped)


def _refused(code: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "code": code, "message": refusal_text(code)}, status=status)


# --- Pages -----------------------------------------------------------------------------
@require_GET
@login_required
def card(request: HttpRequest) -> HttpResponse:
    """The citizen's chip ID card: its services, PIN management and recent operations."""
    chip = eligibility.chip_card(request.user)
    return render(
        request,
        "eszemelyi/card.html",
        {
            "chip": chip,
            "no_chip_reason": eligibility.holds_chip_card(request.user, {}),
            "binding": CardBinding.objects.active().filter(user=request.user).first(),
            "pin_kinds": [OperationKind(kind) for kind in actions.PIN_KINDS],
            "recent": CardOperation.objects.filter(user=request.user)[:10],
        },
    )


def card_page_texts() -> dict:
    """The texts of the card script (also used by the identity provider's card login)."""
    return {
        "checking": _("Looking for the card bridge on this computer…"),
        "noBridge": _(
            "The card bridge does not answer. Start the card bridge program "
            "(ugysegeg-card-bridge) on this computer, then wait a moment."
        ),
        "noService": _("The smart card service of this computer is not running."),
        "noReader": _("Connect a card reader."),
        "noCard": _("Put your eSzemélyi in the card reader."),
        "unknownCard": _("The card in the reader is not an eSzemélyi."),
        "ready": _("The card is in the reader. You can start."),
        "working": _(
            "Working with the card. Enter your codes in the card bridge's window, never on "
            "this page."
        ),
        "verifying": _("Checking the card's answer…"),
        "done": _("Done. The card's answer was checked and recorded."),
        "failed": _("The card operation did not succeed."),
        "numbers": _("Emergency numbers on your card"),
        "empty": _("(empty)"),
        "retry": _("You can try again."),
    }


@require_GET
@never_cache
@login_required
def operation_page(request: HttpRequest, op_id) -> HttpResponse:
    operation = operations.for_user(request, op_id)
    if operation is None:
        raise Http404
    if operation.state in OperationState.open() and operation.is_expired():
        operations.finish(operation, OperationState.EXPIRED, "expired", request=request)
    bridge_request = operations.bridge_request(request, operation)
    config = None
    if bridge_request is not None:
        base = reverse("eszemelyi:operation", args=[operation.pk])
        config = {
            "bridgeUrl": settings.ESZEMELYI_BRIDGE_URL,
            "request": bridge_request,
            "relayed": operation.kind in OperationKind.relayed(),
            "resultUrl": base + "result/",
            "errorUrl": base + "error/",
            "gpStepUrl": base + "gp-step/",
            "csrfToken": get_token(request),
            "lang": get_language() or "hu",
            "texts": card_page_texts(),
        }
    return render(
        request,
        "eszemelyi/operation.html",
        {
            "operation": operation,
            "config": config,
            "refusal": refusal_text(operation.result_code)
            if operation.state in (OperationState.FAILED, OperationState.EXPIRED)
            else "",
        },
    )


@require_POST
@login_required
def cancel_operation(request: HttpRequest, op_id) -> HttpResponse:
    operation = operations.for_user(request, op_id)
    if operation is None:
        raise Http404
    if operation.state in OperationState.open():
        operations.finish(operation, OperationState.CANCELLED, "cancelled", request=request)
    if operation.case_id:
        return redirect("portal:case_detail", operation.case.reference)
    return redirect("eszemelyi:card")


@require_POST
@login_required
@throttled_start
def start_pin_operation(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in actions.PIN_KINDS:
        raise Http404
    if eligibility.chip_card(request.user) is None:
        return redirect("eszemelyi:card")
    operation = actions.request_pin_operation(request, kind)
    return redirect("eszemelyi:operation", operation.pk)


# --- JSON endpoints of the page's script -------------------------------------------------
@require_POST
@login_required
@ratelimit(key="user", rate=API_RATE, block=False)
def operation_result(request: HttpRequest, op_id) -> JsonResponse:
    if getattr(request, "limited", False):
        return _refused("rate_limited", 429)
    body = _json_body(request)
    if body is None or "token" not in body:
        return _refused("bad_format")
    outcome, next_url = actions.record_result(request, op_id, body["token"])
    if outcome.operation is None:
        return _refused(outcome.code, 404)
    if not outcome.ok:
        return _refused(outcome.code, 409 if outcome.code == "already_used" else 400)
    return JsonResponse({"ok": True, "next": next_url})


@require_POST
@login_required
@ratelimit(key="user", rate=API_RATE, block=False)
def operation_error(request: HttpRequest, op_id) -> JsonResponse:
    if getattr(request, "limited", False):
        return _refused("rate_limited", 429)
    operation = operations.for_user(request, op_id)
    body = _json_body(request)
    if operation is None:
        return _refused("unknown_operation", 404)
    if body is None:
        return _refused("bad_format")
    operations.record_bridge_error(request, operation, str(body.get("code", "")))
    return JsonResponse({"ok": True})


@require_POST
@login_required
@ratelimit(key="user", rate=API_RATE, block=False)
def operation_gp_step(request: HttpRequest, op_id) -> JsonResponse:
    """The issuer side of a relayed operation: the next batch of APDUs for the bridge."""
    from eszemelyi import issuer

    if getattr(request, "limited", False):
        return _refused("rate_limited", 429)
    body = _json_body(request)
    if body is None:
        return _refused("bad_format")
    try:
        operation = operations.open_for_session(request, op_id)
        if operation.kind not in OperationKind.relayed():
            raise OperationRefused("wrong_operation")
        batch = issuer.next_batch(request, operation, body.get("responses"))
    except OperationRefused as refusal:
        status = 404 if refusal.code == "unknown_operation" else 400
        return _refused(refusal.code, status)
    return JsonResponse({"ok": True, **batch})


# --- the card services' own pages ---------------------------------------------------------
EMERGENCY_NUMBERS = "eszemelyi.emergency_numbers"
NEK_APPLET = "eszemelyi.nek_applet"


def _checks(slug: str):
    """The service's eligibility checks as its case type declares them (one source)."""
    return registry.get(slug).eligibility


# --- emergency numbers ----------------------------------------------------------------------


def _emergency_page(request: HttpRequest, form: EmergencyNumberForm) -> HttpResponse:
    reasons = eligibility.reasons(_checks(EMERGENCY_NUMBERS), request.user)
    return render(request, "eszemelyi/emergency_numbers.html", {"form": form, "reasons": reasons})


@require_GET
@login_required
def emergency_numbers(request: HttpRequest) -> HttpResponse:
    return _emergency_page(request, EmergencyNumberForm())


@require_POST
@login_required
@throttled_start
def emergency_numbers_start(request: HttpRequest) -> HttpResponse:
    form = EmergencyNumberForm(request.POST)
    if eligibility.reasons(_checks(EMERGENCY_NUMBERS), request.user) or not form.is_valid():
        return _emergency_page(request, form)
    operation = request_emergency_number(
        request,
        slot=form.cleaned_data["slot"],
        action=form.cleaned_data["action"],
        number=form.cleaned_data["number"],
    )
    return redirect("eszemelyi:operation", operation.pk)


@require_POST
@login_required
@throttled_start
def emergency_numbers_read(request: HttpRequest) -> HttpResponse:
    """Read the numbers from the card into the citizen's own browser."""
    if eligibility.chip_card(request.user) is None:
        return redirect("eszemelyi:emergency_numbers")
    operation = request_emergency_read(request)
    return redirect("eszemelyi:operation", operation.pk)


# --- NEK applet ------------------------------------------------------------------------------


@require_GET
@login_required
def nek(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "eszemelyi/nek.html",
        {
            "reasons": eligibility.reasons(_checks(NEK_APPLET), request.user),
            "card": eligibility.chip_card(request.user),
        },
    )


@require_POST
@login_required
@throttled_start
def nek_start(request: HttpRequest) -> HttpResponse:
    if eligibility.reasons(_checks(NEK_APPLET), request.user):
        return redirect("eszemelyi:nek")
    action = "update" if request.POST.get("action") == "update" else "install"
    operation = request_nek(request, action=action)
    return redirect("eszemelyi:operation", operation.pk)


# --- e-signature ------------------------------------------------------------------------------


def _draft(request: HttpRequest, reference: str) -> Case:
    """The user's own e-signature request not yet accepted (404 for anything else)."""
    return get_object_or_404(
        Case,
        reference=reference,
        applicant=request.user,
        case_type=ESIGN,
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
            "reasons": eligibility.reasons(
                _checks(ESIGN), request.user, {"email": request.user.email}
            ),
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
    if eligibility.reasons(_checks(ESIGN), request.user, data) or not form.is_valid():
        return _page(request, form, case)
    case = save_request(request, form.cleaned_data, case=case)
    return redirect("eszemelyi:esign_contract", case.reference)


@require_GET
@login_required
def esign_contract(request: HttpRequest, reference: str) -> HttpResponse:
    return _contract_page(request, _draft(request, reference))


def _contract_page(request: HttpRequest, case, status: int = 200, **extra) -> HttpResponse:
    context = {"case": case, "detail": case.eszemelyi_esign, "contract": contract_text(case)}
    return render(request, "eszemelyi/esign_contract.html", {**context, **extra}, status=status)


@require_POST
@login_required
@throttled_start
def esign_accept(request: HttpRequest, reference: str) -> HttpResponse:
    case = _draft(request, reference)
    if request.POST.get("accept") != "yes":
        return _contract_page(request, case, status=400, accept_error=True)
    if eligibility.reasons(_checks(ESIGN), request.user, {"email": case.eszemelyi_esign.email}):
        return redirect("eszemelyi:esign")
    operation = accept_contract(request, case)
    return redirect("eszemelyi:operation", operation.pk)
