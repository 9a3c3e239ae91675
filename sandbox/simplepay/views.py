"""HTTP face of the emulator: the four API endpoints, the hosted payment
page the citizen sees, and the sandbox overview at /sandbox/simplepay/."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sandbox.models import SimplePayIpnDelivery, SimplePayTransaction
from sandbox.simplepay import actions, api, protocol
from sandbox.simplepay.accounts import Account, configured_account, find_account
from sandbox.simplepay.cards import CARDS, grouped
from sandbox.simplepay.forms import CardForm, ChallengeForm
from sandbox.simplepay.state import StatusChanged, TransitionNotAllowed, record

S = SimplePayTransaction.Status
REQUEST_KEPT_CHARS = 20000

# --- API ----------------------------------------------------------------------


def _error_body(data: object, codes: list[int]) -> dict:
    body: dict = {"salt": protocol.new_salt()}
    if isinstance(data, dict):
        for key in ("merchant", "orderRef", "currency"):
            if isinstance(data.get(key), str):
                body[key] = data[key]
    body["errorCodes"] = codes
    return body


def _fault() -> str:
    """The fault the emulated bank has now: "" (none), "slow" or "down".

    Read on every call, so a test (or an operator rehearsing an outage) can
    switch it while the portal runs; see docs/sandbox-simplepay.md (Faults).
    """
    fault = str(getattr(settings, "SANDBOX_SIMPLEPAY_FAULT", "") or "").strip().lower()
    return fault if fault in ("slow", "down") else ""


def _api(request: HttpRequest, endpoint: str) -> HttpResponse:
    fault = _fault()
    if fault == "down":
        # What a load balancer in front of a dead service answers: no JSON, no
        # signature, nothing recorded; the request never reached the bank.
        return HttpResponse(
            b"Service Unavailable",
            status=503,
            content_type="text/plain",
            headers={"Retry-After": "60"},
        )
    with transaction.atomic():  # the request's transaction, ended before any delay
        response = _api_call(request, endpoint)
    if fault == "slow":
        # The nasty case: the bank did the work and committed it (a started
        # transaction exists) but answers after the caller has given up.
        time.sleep(float(getattr(settings, "SANDBOX_SIMPLEPAY_SLOW_SECONDS", 30)))
    return response


def _api_call(request: HttpRequest, endpoint: str) -> HttpResponse:
    """Parse, identify the merchant, check the signature over the raw body,
    run the call, and answer compact JSON signed over its exact bytes.

    The merchant is identified before the signature is checked because its
    key is what checks it. Without a known merchant there is no key, and the
    answer (5321, 5201, 5010) goes unsigned.
    """
    raw = request.body
    data: object = None
    if request.content_type == "application/json":
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
    account: Account | None = None
    codes: list[int] = []
    trx = None
    response: dict = {}
    if not isinstance(data, dict):
        codes = [5321]
    elif data.get("merchant") in (None, ""):
        codes = [5201]
    elif (account := find_account(data.get("merchant"))) is None:
        codes = [5010]
    elif not protocol.verify(account.secret_key, raw, request.headers.get("Signature")):
        codes = [5302]
    else:
        # Handlers check everything before they write, so an error answer
        # keeps what was settled on the way (a timeout that passed).
        with transaction.atomic():
            try:
                response, trx = api.HANDLERS[endpoint](account, data)
            except api.ApiError as exc:
                codes, trx = exc.codes, exc.transaction
    if codes:
        response = _error_body(data, codes)
    body = protocol.compact(response)
    headers = {"Signature": protocol.sign(account.secret_key, body)} if account else {}
    record(
        trx,
        f"api.{endpoint}",
        request=raw.decode("utf-8", "replace")[:REQUEST_KEPT_CHARS],
        response=body.decode("utf-8"),
        errorCodes=codes,
    )
    return HttpResponse(body, content_type="application/json", headers=headers)


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def api_start(request: HttpRequest) -> HttpResponse:
    return _api(request, "start")


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def api_query(request: HttpRequest) -> HttpResponse:
    return _api(request, "query")


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def api_finish(request: HttpRequest) -> HttpResponse:
    return _api(request, "finish")


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def api_refund(request: HttpRequest) -> HttpResponse:
    return _api(request, "refund")


# --- The payment page -----------------------------------------------------------


class _AnySafeScheme:
    # Back URLs may use an app's own scheme (doc Annex I), never a script one.
    def __contains__(self, scheme: str) -> bool:
        return scheme.lower() not in api.FORBIDDEN_SCHEMES


class BackRedirect(HttpResponseRedirect):
    allowed_schemes = _AnySafeScheme()


def _payment(token: str) -> tuple[SimplePayTransaction, Account]:
    trx = get_object_or_404(
        SimplePayTransaction, token=token, kind=SimplePayTransaction.Kind.PAYMENT
    )
    account = find_account(trx.merchant)
    if account is None:
        raise Http404("the merchant account is no longer configured")
    return trx, account


def _language(trx: SimplePayTransaction) -> str:
    # The page speaks the language the merchant asked for in `start`.
    return "hu" if trx.language == "HU" else "en"


def _origins(trx: SimplePayTransaction) -> list[str]:
    """CSP form-action sources of the back URLs: the forms of the page end in
    a redirect there, and browsers check form-action on redirects too."""
    origins = set()
    for url in trx.back_urls.values():
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"}:
            origins.add(f"{parts.scheme}://{parts.netloc}")
        else:
            origins.add(f"{parts.scheme}:")
    return sorted(origins)


def _page(request, trx, template: str, context: dict | None = None, status: int = 200):
    language = _language(trx)
    with translation.override(language):
        response = render(
            request,
            f"sandbox/simplepay/{template}",
            {"trx": trx, "cards": [(grouped(c.number), c) for c in CARDS], **(context or {})},
            status=status,
        )
    response["Content-Language"] = language
    response._csp_update = {"form-action": _origins(trx)}
    return response


def _to_merchant(trx: SimplePayTransaction, account: Account) -> HttpResponse:
    url = actions.back_url(trx, account)
    record(trx, "back", event=actions.BACK_EVENT[trx.status], url=url)
    return BackRedirect(url)


@require_GET
def pay_page(request: HttpRequest, token: str) -> HttpResponse:
    trx, account = _payment(token)
    if actions.awaiting_challenge(trx):
        return redirect("sandbox:simplepay_challenge", token)
    if trx.status == S.INIT and not actions.past_deadline(trx):
        if actions.held(trx):
            return _page(request, trx, "waiting.html")
        return _page(request, trx, "pay.html", {"form": CardForm()})
    back = actions.back_url(trx, account) if trx.status in actions.BACK_EVENT else ""
    return _page(request, trx, "done.html", {"back": back})


@require_POST
def pay_submit(request: HttpRequest, token: str) -> HttpResponse:
    trx, account = _payment(token)
    if trx.status != S.INIT or actions.held(trx):
        return redirect("sandbox:simplepay_pay", token)
    try:
        if actions.past_deadline(trx):
            actions.expire(trx)
            return _to_merchant(trx, account)
        form = CardForm(request.POST)
        if not form.is_valid():
            return _page(request, trx, "pay.html", {"form": form}, status=400)
        if actions.pay_with_card(trx, form.card) is None:
            if actions.awaiting_challenge(trx):
                return redirect("sandbox:simplepay_challenge", token)
            return redirect("sandbox:simplepay_pay", token)
    except (StatusChanged, TransitionNotAllowed):
        return redirect("sandbox:simplepay_pay", token)
    return _to_merchant(trx, account)


@require_POST
def pay_cancel(request: HttpRequest, token: str) -> HttpResponse:
    trx, account = _payment(token)
    try:
        if trx.status == S.INIT and actions.past_deadline(trx):
            actions.expire(trx)
        elif trx.status == S.INIT:
            actions.cancel(trx)
    except (StatusChanged, TransitionNotAllowed):
        trx.refresh_from_db()
    if trx.status not in actions.BACK_EVENT:
        return redirect("sandbox:simplepay_pay", token)
    return _to_merchant(trx, account)


@require_POST
def pay_return(request: HttpRequest, token: str) -> HttpResponse:
    """ "Check again" while the bank is silent, and "back to the merchant"
    once the deadline has passed or the payment is over."""
    trx, account = _payment(token)
    if trx.status == S.INIT and actions.past_deadline(trx):
        try:
            actions.expire(trx)
        except (StatusChanged, TransitionNotAllowed):
            trx.refresh_from_db()
    if trx.status not in actions.BACK_EVENT:
        return redirect("sandbox:simplepay_pay", token)
    return _to_merchant(trx, account)


@require_GET
def challenge_page(request: HttpRequest, token: str) -> HttpResponse:
    trx, _account = _payment(token)
    if not actions.awaiting_challenge(trx):
        return redirect("sandbox:simplepay_pay", token)
    return _page(request, trx, "challenge.html", {"form": ChallengeForm()})


@require_POST
def challenge_submit(request: HttpRequest, token: str) -> HttpResponse:
    trx, account = _payment(token)
    if not actions.awaiting_challenge(trx):
        return redirect("sandbox:simplepay_pay", token)
    form = ChallengeForm(request.POST)
    if not form.is_valid():
        return _page(request, trx, "challenge.html", {"form": form}, status=400)
    try:
        actions.answer_challenge(trx, form.cleaned_data["code"])
    except (StatusChanged, TransitionNotAllowed):
        return redirect("sandbox:simplepay_pay", token)
    return _to_merchant(trx, account)


# --- The sandbox overview ---------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    payments = SimplePayTransaction.objects.filter(kind=SimplePayTransaction.Kind.PAYMENT)[:100]
    deliveries = SimplePayIpnDelivery.objects.select_related("transaction")[:100]
    return render(
        request,
        "sandbox/simplepay/overview.html",
        {
            "payments": payments,
            "deliveries": deliveries,
            "account": configured_account(),
            "cards": [(grouped(c.number), c) for c in CARDS],
        },
    )


def _by_number(transaction_id: int) -> SimplePayTransaction:
    return get_object_or_404(SimplePayTransaction, transaction_id=transaction_id)


@require_GET
def transaction_detail(request: HttpRequest, transaction_id: int) -> HttpResponse:
    trx = _by_number(transaction_id)
    deliveries = SimplePayIpnDelivery.objects.filter(
        transaction__in=[trx, *trx.refunds.all()]
    ).prefetch_related("attempt_log")
    return render(
        request,
        "sandbox/simplepay/transaction.html",
        {
            "trx": trx,
            "events": trx.events.all(),
            "refunds": trx.refunds.order_by("transaction_id"),
            "deliveries": deliveries,
            "can_expire": trx.status == S.INIT,
            "can_release": trx.status == S.AUTHORIZED,
        },
    )


@require_POST
def transaction_expire(request: HttpRequest, transaction_id: int) -> HttpResponse:
    """Test clock: the payment deadline passes now."""
    trx = _by_number(transaction_id)
    if trx.status == S.INIT:
        try:
            actions.expire(trx, note="deadline passed by hand (test clock)")
            messages.success(request, _("The transaction timed out."))
        except (StatusChanged, TransitionNotAllowed):
            pass
    return redirect("sandbox:simplepay_transaction", transaction_id)


@require_POST
def transaction_release(request: HttpRequest, transaction_id: int) -> HttpResponse:
    """Test clock: the 21 days of a two-step reservation pass now."""
    trx = _by_number(transaction_id)
    if trx.status == S.AUTHORIZED:
        try:
            actions.release(trx, note="21 days passed by hand (test clock)")
            messages.success(request, _("The reservation was released."))
        except (StatusChanged, TransitionNotAllowed):
            pass
    return redirect("sandbox:simplepay_transaction", transaction_id)


@require_POST
def ipn_send(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(SimplePayIpnDelivery.objects.select_related("transaction"), pk=pk)
    actions.resend_ipn(delivery)
    messages.success(request, _("The IPN is on its way."))
    trx = delivery.transaction.parent or delivery.transaction
    return redirect("sandbox:simplepay_transaction", trx.transaction_id)
