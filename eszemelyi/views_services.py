"""The card services' pages: emergency numbers and the NEK applet (e-signature: views_esign)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from eszemelyi import actions, eligibility
from eszemelyi.forms import EmergencyNumberForm
from eszemelyi.views import throttled_start


def _emergency_page(request: HttpRequest, form: EmergencyNumberForm) -> HttpResponse:
    reasons = eligibility.reasons([eligibility.holds_chip_card], request.user)
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
    if eligibility.reasons([eligibility.holds_chip_card], request.user) or not form.is_valid():
        return _emergency_page(request, form)
    operation = actions.request_emergency_number(
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
    operation = actions.request_emergency_read(request)
    return redirect("eszemelyi:operation", operation.pk)


# --- NEK applet ---------------------------------------------------------------------------
NEK_CHECKS = (eligibility.holds_chip_card, eligibility.card_needs_nek)


@require_GET
@login_required
def nek(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "eszemelyi/nek.html",
        {
            "reasons": eligibility.reasons(NEK_CHECKS, request.user),
            "card": eligibility.chip_card(request.user),
        },
    )


@require_POST
@login_required
@throttled_start
def nek_start(request: HttpRequest) -> HttpResponse:
    if eligibility.reasons(NEK_CHECKS, request.user):
        return redirect("eszemelyi:nek")
    action = "update" if request.POST.get("action") == "update" else "install"
    operation = actions.request_nek(request, action=action)
    return redirect("eszemelyi:operation", operation.pk)
