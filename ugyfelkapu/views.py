"""Pages of the identity provider: login steps, registration, recovery, the account page.

A login takes two steps. The first (password, or phone number and secret code) leaves
a pending login in the session; the second (a code) finishes it through
`ugyfelkapu.saml.complete_authentication`, which answers the service provider that
asked, if any. An expired password is replaced after both factors were proved, so
nobody can set a new password with a stolen old one alone.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from portal.views import rate_limited
from ugyfelkapu import accounts
from ugyfelkapu.accounts import Refused
from ugyfelkapu.forms import (
    ActivationForm,
    CardRegistrationForm,
    ChangePasswordForm,
    CodeForm,
    EmailChangeForm,
    NewPasswordForm,
    PasswordLoginForm,
    PasswordResetRequestForm,
    PhoneCodeForm,
    PhoneLoginForm,
)
from ugyfelkapu.methods import AUTHN_METHODS, METHOD_DESCRIPTIONS, METHOD_LABELS
from ugyfelkapu.models import Account, password_max_age

# Per client address, on every POST of these pages: enough for a family behind one
# router, too few for guessing. The account lock stops guessing at one account.
POST_RATE = "20/m"

PENDING_LOGIN = "ugyfelkapu:login"
PENDING_TOTP_SECRET = "ugyfelkapu:totp_secret"
# A started login must be finished within this time. It outlives the 10 minutes of a
# code, so a citizen whose code expired is told so and can ask for a new one.
PENDING_LOGIN_SECONDS = 15 * 60
CODE_STEP, NEW_PASSWORD_STEP = "code", "new_password"


def _throttled(view):
    return ratelimit(key="ip", rate=POST_RATE, method="POST", block=False)(view)


def _complete(request: HttpRequest, account: Account, method: str) -> HttpResponse:
    from ugyfelkapu.saml import complete_authentication

    return complete_authentication(request, account, method)


def _current_account(request: HttpRequest) -> Account | None:
    from ugyfelkapu.saml import current_account

    return current_account(request)


def _login_url(method: str = "") -> str:
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
    return redirect(_login_url())


def _finish_login(request: HttpRequest, account: Account, method: str) -> HttpResponse:
    if account.password_expired():
        _begin_step(request, account, method, NEW_PASSWORD_STEP)
        return redirect("ugyfelkapu:login_new_password")
    request.session.pop(PENDING_LOGIN, None)
    accounts.record_login(account)
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
@_throttled
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
                "url": _login_url(m),
            }
            for m in AUTHN_METHODS
        ]
        return render(request, "ugyfelkapu/login_choose.html", {"choices": choices})
    if method == "card":
        # Reading the chip through the card bridge is wired by a later change.
        return render(request, "ugyfelkapu/login_card.html", {"label": METHOD_LABELS[method]})
    form_class = PhoneLoginForm if method == "phone" else PasswordLoginForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if method == "phone":
                account = accounts.authenticate_phone(
                    form.cleaned_data["phone_number"], form.cleaned_data["phone_code"]
                )
            else:
                account = accounts.authenticate_password(
                    form.cleaned_data["username"], form.cleaned_data["password"]
                )
                if reason := _factor_refusal(account, method):
                    raise Refused(reason)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            if method in ("email", "phone"):
                accounts.send_login_code(account, method, language=get_language())
            _begin_step(request, account, method, CODE_STEP)
            return redirect("ugyfelkapu:login_code")
    return render(
        request,
        "ugyfelkapu/login.html",
        {"form": form, "method": method, "label": METHOD_LABELS[method]},
    )


def _masked_destination(account: Account, method: str) -> str:
    if method == "email":
        name, _at, domain = account.email.partition("@")
        return f"{name[:1]}…@{domain}"
    if method == "phone":
        return f"…{account.phone_number[-4:]}"
    return ""


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
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
            accounts.verify_login_code(account, method, form.cleaned_data["code"])
        except Refused as refusal:
            if refusal.reason == "locked":
                request.session.pop(PENDING_LOGIN, None)
                messages.error(request, refusal.message)
                return redirect(_login_url(method))
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
@_throttled
def login_code_resend(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    pending = _pending_login(request, CODE_STEP)
    if pending is None:
        return _login_timed_out(request)
    account, method = pending
    if method not in ("email", "phone"):
        raise Http404
    accounts.send_login_code(account, method, language=get_language())
    messages.info(request, _("We sent a new code. The earlier one no longer works."))
    return redirect("ugyfelkapu:login_code")


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
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


# --- Registration and activation ------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def register(request: HttpRequest) -> HttpResponse:
    """Electronic registration with a chip ID card's number and registration code."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    form = CardRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.register_with_card(
                data["card_number"],
                data["registration_code"],
                username=data["username"],
                email=data["email"],
                language=get_language(),
            )
        except Refused as refusal:
            form.add_error(
                "username" if refusal.reason == "username_taken" else None, refusal.message
            )
        else:
            return redirect("ugyfelkapu:register_done")
    return render(request, "ugyfelkapu/register.html", {"form": form})


@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "ugyfelkapu/register_done.html")


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def activate(request: HttpRequest) -> HttpResponse:
    """Set the first password with the activation code from the e-mail."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.activate_account(data["username"], data["code"], data["new_password1"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            messages.success(
                request,
                _(
                    "Your password is set. Log in with your username and password; the "
                    "second step is a code we send by e-mail."
                ),
            )
            return redirect(_login_url("email"))
    return render(
        request,
        "ugyfelkapu/activate.html",
        {"form": form, "title": _("Activate your account"), "submit": _("Set the password")},
    )


# --- Forgotten password ---------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def password_reset(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.request_password_reset(
            form.cleaned_data["username"], form.cleaned_data["email"], language=get_language()
        )
        return redirect("ugyfelkapu:password_reset_sent")
    return render(
        request,
        "ugyfelkapu/password_reset.html",
        {"form": form, "title": _("Forgotten password"), "submit": _("Send the link")},
    )


@require_GET
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "ugyfelkapu/password_reset_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def password_reset_confirm(request: HttpRequest, code_id: int, secret: str) -> HttpResponse:
    """The page of the e-mailed link: a new password, which also unlocks the account."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    try:
        record = accounts.check_reset_link(code_id, secret)
    except Refused as refusal:
        return render(
            request, "ugyfelkapu/password_reset_invalid.html", {"message": refusal.message}
        )
    form = NewPasswordForm(request.POST or None, account=record.account)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.reset_password(code_id, secret, form.cleaned_data["new_password1"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your new password is set. You can log in now."))
            return redirect(_login_url())
    return render(
        request,
        "ugyfelkapu/password_reset_confirm.html",
        {"form": form, "title": _("Set a new password"), "submit": _("Set the password")},
    )


# --- E-mail change confirmation ---------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The page of the link sent to the new address; the change happens on the button."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    try:
        if request.method == "POST":
            account = accounts.confirm_email_change(token, language=get_language())
            messages.success(
                request, _("Your e-mail address is now %(email)s.") % {"email": account.email}
            )
            return redirect("ugyfelkapu:account")
        account, new_email = accounts.read_email_change_link(token)
    except Refused as refusal:
        return render(request, "ugyfelkapu/email_confirm.html", {"error": refusal.message})
    return render(
        request, "ugyfelkapu/email_confirm.html", {"account": account, "new_email": new_email}
    )


# --- The account page ------------------------------------------------------------------
@never_cache
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    account = _current_account(request)
    if account is None:
        return redirect(_login_url())
    return render(
        request,
        "ugyfelkapu/account.html",
        {
            "account": account,
            "person": account.person,
            "other_accounts": Account.objects.of_person(account.person).exclude(pk=account.pk),
            "further_account_fee": accounts.FURTHER_ACCOUNT_FEE,
            "password_max_days": password_max_age().days,
        },
    )


def _account_form_page(
    request: HttpRequest, account: Account, form, *, title: str, submit: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "ugyfelkapu/account_form.html",
        {"form": form, "title": title, "submit": submit, "intro": intro, "account": account},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def account_password(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(_login_url())
    form = ChangePasswordForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.change_password(
                account, form.cleaned_data["current_password"], form.cleaned_data["new_password1"]
            )
        except Refused as refusal:
            form.add_error("current_password", refusal.message)
        else:
            messages.success(request, _("Your password is changed."))
            return redirect("ugyfelkapu:account")
    return _account_form_page(
        request, account, form, title=_("Change password"), submit=_("Change password")
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def account_email(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(_login_url())
    form = EmailChangeForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.request_email_change(
                account,
                form.cleaned_data["current_password"],
                form.cleaned_data["email"],
                language=get_language(),
            )
        except Refused as refusal:
            form.add_error("current_password", refusal.message)
        else:
            messages.success(
                request,
                _(
                    "We sent a confirmation link to %(email)s. Your address changes when you "
                    "open it (it works for 2 days)."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("ugyfelkapu:account")
    return _account_form_page(
        request,
        account,
        form,
        title=_("Change e-mail address"),
        submit=_("Send confirmation link"),
        intro=_(
            "We send a link to the new address. Your address changes only when you open it, "
            "and we tell the old address about the change."
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def account_phone_code(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(_login_url())
    if not account.phone_number:
        raise Http404
    form = PhoneCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.set_phone_code(
                account, form.cleaned_data["current_password"], form.cleaned_data["phone_code1"]
            )
        except Refused as refusal:
            form.add_error("current_password", refusal.message)
        else:
            messages.success(request, _("Your secret phone code is set."))
            return redirect("ugyfelkapu:account")
    return _account_form_page(
        request,
        account,
        form,
        title=_("Secret phone code"),
        submit=_("Save the code"),
        intro=_(
            "Phone identification asks for this 6-digit code with your phone number. Do not "
            "tell it to anyone: no government office will ask for it."
        ),
    )


def _qr_image(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    encoded = base64.b64encode(svg.to_string(encoding="unicode").encode()).decode()
    return f"data:image/svg+xml;base64,{encoded}"


@never_cache
@require_http_methods(["GET", "POST"])
@_throttled
def account_totp(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then a code."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(_login_url())
    secret = request.session.get(PENDING_TOTP_SECRET)
    if not secret:
        secret = request.session[PENDING_TOTP_SECRET] = accounts.new_totp_secret()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.enrol_totp(account, secret, form.cleaned_data["code"])
        except Refused as refusal:
            form.add_error("code", refusal.message)
        else:
            request.session.pop(PENDING_TOTP_SECRET, None)
            messages.success(
                request,
                _("The authenticator app is set up. From now on, log in with its codes."),
            )
            return redirect("ugyfelkapu:account")
    return render(
        request,
        "ugyfelkapu/account_totp.html",
        {
            "account": account,
            "form": form,
            "qr_image": _qr_image(accounts.totp_provisioning_uri(account, secret)),
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )
