"""The login steps of the identity provider's pages.

A login takes two steps. The first (password, or phone number and secret code) leaves
a pending login in the session; the second (a code) finishes it through
`ugyfelkapu.saml.complete_authentication`, which answers the service provider that
asked, if any. An expired password is replaced after both factors were proved, so
nobody can set a new password with a stolen old one alone.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from eszemelyi.views import card_page_texts
from portal.rate_limits import rate_limited
from ugyfelkapu import accounts, authentication, card_login
from ugyfelkapu.errors import Refused
from ugyfelkapu.forms import CodeForm, NewPasswordForm, PasswordLoginForm, PhoneLoginForm
from ugyfelkapu.methods import AUTHN_METHODS, METHOD_DESCRIPTIONS, METHOD_LABELS
from ugyfelkapu.models import Account

# Per client address, on every POST of these pages: enough for a family behind one
# router, too few for guessing. The account lock stops guessing at one account.
POST_RATE = "20/m"

PENDING_LOGIN = "ugyfelkapu:login"
# A started login must be finished within this time. It outlives the 10 minutes of a
# code, so a citizen whose code expired is told so and can ask for a new one.
PENDING_LOGIN_SECONDS = 15 * 60
CODE_STEP, NEW_PASSWORD_STEP = "code", "new_password"


def throttled(view):
    """The per-address limit on every POST of the identity provider's pages."""
    return ratelimit(key="ip", rate=POST_RATE, method="POST", block=False)(view)


def _complete(request: HttpRequest, account: Account, method: str) -> HttpResponse:
    from ugyfelkapu.saml import complete_authentication

    return complete_authentication(request, account, method)


def login_url(method: str = "") -> str:
    """The login page, at the first step of `method` if one is given."""
    url = reverse("ugyfelkapu:login")
    return f"{url}?method={method}" if method else url


# --- Pending login ---------------------------------------------------------------------
def _begin_step(request: HttpRequest, account: Account, method: str, step: str) -> None:
    if step == CODE_STEP:
        request.session.cycle_key()  # a new session id once a first factor was proved
    request.session[PENDING_LOGIN] = {
        "account": account.pk,
        "method": method,
        "step": step,
        "since": timezone.now().timestamp(),
    }


def _pending_login(request: HttpRequest, step: str) -> tuple[Account, str] | None:
    data = request.session.get(PENDING_LOGIN)
    if (
        not data
        or data["step"] != step
        or timezone.now().timestamp() - data["since"] > PENDING_LOGIN_SECONDS
    ):
        return None
    account = Account.objects.select_related("person").filter(pk=data["account"]).first()
    if account is None or not account.is_active:
        return None
    return account, data["method"]


def _login_timed_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING_LOGIN, None)
    messages.info(request, _("Your login has timed out or was not started. Please start again."))
    return redirect(login_url())


def _finish_login(request: HttpRequest, account: Account, method: str) -> HttpResponse:
    if account.password_expired():
        _begin_step(request, account, method, NEW_PASSWORD_STEP)
        return redirect("ugyfelkapu:login_new_password")
    request.session.pop(PENDING_LOGIN, None)
    authentication.record_login(account)
    return _complete(request, account, method)


def _factor_refusal(account: Account, method: str) -> str | None:
    if method == "totp" and not account.uses_totp:
        return "totp_not_set_up"
    if method == "email" and account.uses_totp:
        return "uses_totp"
    return None


# --- Login -----------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def login(request: HttpRequest) -> HttpResponse:
    """The method chooser, or the first step of the chosen method."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    method = request.GET.get("method", "")
    if method not in AUTHN_METHODS:
        choices = [
            {
                "method": m,
                "label": METHOD_LABELS[m],
                "description": METHOD_DESCRIPTIONS[m],
                "url": login_url(m),
            }
            for m in AUTHN_METHODS
        ]
        return render(request, "ugyfelkapu/login_choose.html", {"choices": choices})
    if method == "card":
        return _login_card(request)
    form_class = PhoneLoginForm if method == "phone" else PasswordLoginForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if method == "phone":
                account = authentication.authenticate_phone(
                    form.cleaned_data["phone_number"], form.cleaned_data["phone_code"]
                )
            else:
                account = authentication.authenticate_password(
                    form.cleaned_data["username"], form.cleaned_data["password"]
                )
                if reason := _factor_refusal(account, method):
                    raise Refused(reason)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            if method in ("email", "phone"):
                authentication.send_login_code(account, method, language=get_language())
            _begin_step(request, account, method, CODE_STEP)
            return redirect("ugyfelkapu:login_code")
    return render(
        request,
        "ugyfelkapu/login.html",
        {"form": form, "method": method, "label": METHOD_LABELS[method]},
    )


def _login_card(request: HttpRequest) -> HttpResponse:
    """The chip card page; its script posts the card-signed token back here."""
    error = None
    if request.method == "POST":
        try:
            token = json.loads(request.POST.get("token", ""))
            account = card_login.authenticate_card(request, token)
        except ValueError:
            error = Refused("card_failed").message
        except Refused as refusal:
            error = refusal.message
        else:
            request.session.pop(PENDING_LOGIN, None)
            authentication.record_login(account)
            return _complete(request, account, "card")
    config = {
        "bridgeUrl": settings.ESZEMELYI_BRIDGE_URL,
        "challengeUrl": reverse("ugyfelkapu:login_card_challenge"),
        "formId": "card-login-form",
        "csrfToken": get_token(request),
        "lang": get_language() or "hu",
        "texts": card_page_texts(),
    }
    return render(
        request,
        "ugyfelkapu/login_card.html",
        {"label": METHOD_LABELS["card"], "config": config, "error": error},
        status=400 if error else 200,
    )


@never_cache
@require_POST
@throttled
def login_card_challenge(request: HttpRequest) -> HttpResponse:
    """A fresh challenge for the card to sign (JSON for the page's script)."""
    if getattr(request, "limited", False):
        return JsonResponse({"ok": False}, status=429)
    return JsonResponse({"ok": True, "request": card_login.issue_challenge(request)})


def _masked_destination(account: Account, method: str) -> str:
    if method == "email":
        name, _at, domain = account.email.partition("@")
        return f"{name[:1]}…@{domain}"
    if method == "phone":
        return f"…{account.phone_number[-4:]}"
    return ""


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code of the authenticator app, the e-mail or the SMS."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    pending = _pending_login(request, CODE_STEP)
    if pending is None:
        return _login_timed_out(request)
    account, method = pending
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            authentication.verify_login_code(account, method, form.cleaned_data["code"])
        except Refused as refusal:
            if refusal.reason == "locked":
                request.session.pop(PENDING_LOGIN, None)
                messages.error(request, refusal.message)
                return redirect(login_url(method))
            form.add_error("code", refusal.message)
        else:
            return _finish_login(request, account, method)
    return render(
        request,
        "ugyfelkapu/login_code.html",
        {
            "form": form,
            "method": method,
            "label": METHOD_LABELS[method],
            "destination": _masked_destination(account, method),
            "password_expired": account.password_expired(),
        },
    )


@never_cache
@require_POST
@throttled
def login_code_resend(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    pending = _pending_login(request, CODE_STEP)
    if pending is None:
        return _login_timed_out(request)
    account, method = pending
    if method not in ("email", "phone"):
        raise Http404
    authentication.send_login_code(account, method, language=get_language())
    messages.info(request, _("We sent a new code. The earlier one no longer works."))
    return redirect("ugyfelkapu:login_code")


@never_cache
@require_http_methods(["GET", "POST"])
@throttled
def login_new_password(request: HttpRequest) -> HttpResponse:
    """The forced change of an expired password, after both factors were proved."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    pending = _pending_login(request, NEW_PASSWORD_STEP)
    if pending is None:
        return _login_timed_out(request)
    account, method = pending
    form = NewPasswordForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.replace_expired_password(account, form.cleaned_data["new_password1"])
        except Refused as refusal:
            form.add_error("new_password1", refusal.message)
        else:
            messages.success(request, _("Your new password is set."))
            return _finish_login(request, account, method)
    return render(
        request,
        "ugyfelkapu/login_new_password.html",
        {"form": form, "expired_at": account.password_expires_at},
    )
