"""The citizen's payment pages, the browser's return and the provider's IPN.

Views that call a provider run outside the request-wide transaction, so the
payment row is committed before the call and the outcome after it.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from cases import fees
from cases.models import Case
from cases.views import case_for_applicant
from cases.workflow import Status
from payments import actions, providers
from payments.models import Payment
from payments.providers.base import ProviderError
from payments.workflow import PaymentState

# SimplePay's payment information, linked from its logo (doc §8).
SIMPLEPAY_INFO_URL = {
    "hu": "http://simplepartner.hu/PaymentService/Fizetesi_tajekoztato.pdf",
    "en": "http://simplepartner.hu/PaymentService/Payment_information.pdf",
}
SIMPLEPAY_PRIVACY_URL = "http://simplepay.hu/vasarlo-aff"


class CardPaymentForm(forms.Form):
    # SimplePay requires an explicit acceptance before the redirect (doc §8).
    accept_data_transfer = forms.BooleanField(
        required=True,
        label=gettext_lazy(
            "I accept the transfer of my data to OTP Mobil Kft. as described above."
        ),
        error_messages={"required": gettext_lazy("Accept the data transfer to pay by card.")},
    )


def _card_origins() -> list[str]:
    """Where the card button's redirect may lead (CSP form-action)."""
    parts = urlsplit(settings.SIMPLEPAY_API_BASE)
    return [f"{parts.scheme}://{parts.netloc}", "https://*.simplepay.hu"]


def _page_context(request: HttpRequest, case: Case, form: CardPaymentForm) -> dict:
    quote = fees.quote_for(case)
    payments = list(case.payments.all())
    current = payments[0] if payments else None
    paid = any(p.state in PaymentState.paid() for p in payments)
    in_flight = current if current is not None and current.in_flight else None
    # A start without an answer does not block a new attempt: the new one
    # first settles it (ADR 0033).
    in_doubt = in_flight is not None and actions.start_in_doubt(in_flight)
    return {
        "case": case,
        "quote": quote,
        "payments": payments,
        "current": current,
        "in_flight": in_flight,
        "in_doubt": in_doubt,
        "paid": paid,
        # The current transfer's details, while it can still arrive or has arrived.
        "transfer_shown": (
            current is not None
            and current.provider == Payment.Provider.BANK_TRANSFER
            and hasattr(current, "bank_transfer")
            and (in_flight is not None or paid)
        ),
        # Paid, but the automatic submission did not go through.
        "paid_not_submitted": paid and case.status == Status.AWAITING_PAYMENT,
        "can_start": (
            case.status == Status.AWAITING_PAYMENT
            and quote.total_huf > 0
            and not paid
            and (in_flight is None or in_doubt)
        ),
        "resume_url": (
            in_flight.payment_url
            if in_flight
            and in_flight.payment_url
            and in_flight.start_deadline
            and in_flight.start_deadline > timezone.now()
            else ""
        ),
        "form": form,
        "site": settings.PORTAL_BASE_URL,
        "info_url": SIMPLEPAY_INFO_URL.get(request.LANGUAGE_CODE, SIMPLEPAY_INFO_URL["hu"]),
        "privacy_url": SIMPLEPAY_PRIVACY_URL,
    }


def _render_page(
    request: HttpRequest,
    case: Case,
    form: CardPaymentForm,
    status: int = 200,
    transfer_form: TransferDeclarationForm | None = None,
):
    context = _page_context(request, case, form)
    # The page's two forms that can fail: a failed one gets the error summary.
    context["transfer_form"] = transfer_form or TransferDeclarationForm()
    context["page_errors"] = bool(form.errors or context["transfer_form"].errors)
    response = render(request, "payments/case_payment.html", context, status=status)
    response._csp_update = {"form-action": _card_origins()}
    return response


@require_GET
@login_required
def case_payment(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_for_applicant(request, reference)
    return _render_page(request, case, CardPaymentForm())


@require_POST
@login_required
@transaction.non_atomic_requests
@ratelimit(key="user", rate="10/m", method="POST", block=True)
def start_card_payment(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_for_applicant(request, reference)
    form = CardPaymentForm(request.POST)
    if not form.is_valid():
        return _render_page(request, case, form, status=400)
    page = reverse("payments:case_payment", args=[case.reference])
    try:
        payment = actions.start_payment(
            case,
            provider=Payment.Provider.SIMPLEPAY,
            by=request.user,
            customer_email=request.user.email,
            language=request.LANGUAGE_CODE,
        )
    except actions.PaymentNotPossible as refusal:
        messages.error(request, refusal.message)
        return redirect(page)
    except actions.PaymentInFlight:
        messages.info(request, _("A payment of this request is already in progress."))
        return redirect(page)
    except actions.PaymentInDoubt:
        # The page says what this means; the payment waits and is settled later.
        messages.warning(
            request,
            _("SimplePay did not answer in time. Your payment is waiting; nothing was lost."),
        )
        return redirect(page)
    except actions.PaymentNotStarted:
        messages.error(
            request,
            _(
                "Card payment is not available right now. No money was taken. "
                "Please try again in a few minutes."
            ),
        )
        return redirect(page)
    response = HttpResponseRedirect(payment.payment_url)
    response.status_code = 303  # POST, then GET the payment page
    return response


@require_POST
@login_required
@transaction.non_atomic_requests
@ratelimit(key="user", rate="6/m", method="POST", block=True)
def check_payment(request: HttpRequest, order_ref: str) -> HttpResponse:
    """ "Check my payment now": ask the provider, apply what it says."""
    payment = get_object_or_404(Payment, order_ref=order_ref, case__applicant=request.user)
    if payment.in_flight:
        try:
            payment = actions.check_payment(payment, by=request.user)
        except ProviderError:
            messages.warning(
                request,
                _(
                    "We could not reach the payment provider just now. We keep checking "
                    "your payment automatically; please look again later."
                ),
            )
            return redirect("payments:case_payment", payment.case.reference)
    messages.info(
        request,
        _("Payment checked: %(state)s.") % {"state": payment.citizen_state},
    )
    return redirect("payments:case_payment", payment.case.reference)


@require_GET
@transaction.non_atomic_requests
def simplepay_return(request: HttpRequest) -> HttpResponse:
    """Where SimplePay sends the browser back. The page follows the payment's
    state, never the browser's word alone, so it cannot say "paid" while the
    payment failed or the other way round.

    If the IPN has not arrived yet, the provider is asked on the spot (the
    same signed query the reconciliation job makes, applied through the state
    graph): this GET changes nothing that the provider's answer would not
    change a minute later anyway, and it spares the citizen a page that
    contradicts what the bank just told them.
    """
    provider = providers.get(Payment.Provider.SIMPLEPAY)
    try:
        info = provider.handle_return(request)
    except ValueError:
        return render(request, "payments/return_invalid.html", status=400)
    payment = (
        Payment.objects.filter(order_ref=info.order_ref, provider=Payment.Provider.SIMPLEPAY)
        .select_related("case")
        .first()
    )
    if payment is None:
        return render(request, "payments/return_invalid.html", status=400)
    owner = request.user.is_authenticated and payment.case.applicant_id == request.user.pk
    if not owner:
        return render(request, "payments/return.html", {"info": info, "owner": False})
    if payment.in_flight and not _return_queries_exhausted(request):
        # An unreachable provider leaves the page saying we are waiting; the job keeps asking.
        with contextlib.suppress(ProviderError):
            payment = actions.check_payment(payment, by=request.user)
    case = Case.objects.get(pk=payment.case_id)
    context = _page_context(request, case, CardPaymentForm())
    context.update(info=info, payment=payment, owner=True, outcome=_outcome(payment, case))
    response = render(request, "payments/return.html", context)
    response._csp_update = {"form-action": _card_origins()}  # the "pay again" form
    return response


def _return_queries_exhausted(request: HttpRequest) -> bool:
    # Reloading the return page must not turn into a stream of provider queries.
    return is_ratelimited(
        request, group="payments.return_query", key="user", rate="6/m", increment=True
    )


def _outcome(payment: Payment, case: Case) -> str:
    """What the return page tells: "submitted", "paid_not_submitted", "failed" or "waiting"."""
    if payment.state in PaymentState.paid():
        return "paid_not_submitted" if case.status == Status.AWAITING_PAYMENT else "submitted"
    if payment.state in PaymentState.unsuccessful():
        return "failed"
    return "waiting"


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def simplepay_ipn(request: HttpRequest) -> HttpResponse:
    """SimplePay's server-to-server notice. No login and no address filter:
    the signature is the authentication (doc §4)."""
    provider = providers.get(Payment.Provider.SIMPLEPAY)
    return provider.handle_webhook(request, apply=actions.apply_report)


# --- bank transfer ---------------------------------------------------------------


class TransferDeclarationForm(forms.Form):
    bank_accepted = forms.BooleanField(
        required=True,
        label=gettext_lazy(
            "I declare that my bank accepted the transfer order with the reference code above."
        ),
        error_messages={
            "required": gettext_lazy("Tick the box once your bank has accepted the order.")
        },
    )


@require_POST
@login_required
@transaction.non_atomic_requests
@ratelimit(key="user", rate="10/m", method="POST", block=True)
def start_transfer(request: HttpRequest, reference: str) -> HttpResponse:
    """Choose bank transfer: the payment gets its reference code; the page shows it."""
    from payments import bank_transfer

    case = case_for_applicant(request, reference)
    try:
        actions.start_payment(
            case,
            provider=bank_transfer.BankTransferProvider.slug,
            by=request.user,
            customer_email=request.user.email,
            language=request.LANGUAGE_CODE,
        )
    except actions.PaymentNotPossible as refusal:
        messages.error(request, refusal.message)
    except actions.PaymentInFlight:
        messages.info(request, _("A payment of this request is already in progress."))
    return redirect("payments:case_payment", case.reference)


def _own_transfer(request: HttpRequest, order_ref: str) -> Payment:
    """The logged-in citizen's bank transfer payment; anything else is 404."""
    return get_object_or_404(
        Payment,
        order_ref=order_ref,
        case__applicant=request.user,
        provider=Payment.Provider.BANK_TRANSFER,
    )


@require_POST
@login_required
def declare_transfer(request: HttpRequest, order_ref: str) -> HttpResponse:
    """The citizen's declaration that the bank accepted the order; submits the case."""
    from payments import bank_transfer

    payment = _own_transfer(request, order_ref)
    form = TransferDeclarationForm(request.POST)
    if not form.is_valid():
        return _render_page(
            request, payment.case, CardPaymentForm(), status=400, transfer_form=form
        )
    try:
        bank_transfer.declare_transfer(payment, by=request.user)
    except bank_transfer.TransferNotDeclarable as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Thank you. Your request has been submitted; the payment is booked when the "
                "money arrives on the account."
            ),
        )
    return redirect("payments:case_payment", payment.case.reference)


@require_POST
@login_required
def withdraw_transfer(request: HttpRequest, order_ref: str) -> HttpResponse:
    """An undeclared transfer set aside, so the citizen can pay another way."""
    from payments import bank_transfer

    payment = _own_transfer(request, order_ref)
    try:
        bank_transfer.withdraw_transfer(payment, by=request.user)
    except bank_transfer.TransferNotDeclarable as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("The transfer is withdrawn; please do not send it. Choose another way to pay below."),
        )
    return redirect("payments:case_payment", payment.case.reference)
