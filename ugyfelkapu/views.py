"""Pages of the identity provider: registration, activation, recovery, the account page.

The login steps are in `ugyfelkapu.login_views`; a page of the account sends whoever is
not logged in there.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.rate_limits import rate_limited
from ugyfelkapu import accounts, authentication
from ugyfelkapu.errors import Refused
from ugyfelkapu.forms import (
    ActivationForm,
    CardRegistrationForm,
    ChangePasswordForm,
    CodeForm,
    EmailChangeForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    PhoneCodeForm,
)
from ugyfelkapu.login_views import login_url, throttled
from ugyfelkapu.models import Account, password_max_age

PENDING_TOTP_SECRET = "ugyfelkapu:totp_secret"


def _current_account(request: HttpRequest) -> Account | None:
    from ugyfelkapu.saml import current_account

    return current_account(request)


# --- Registration and activation ------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@throttled
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
@throttled
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
            return redirect(login_url("email"))
    return render(
        request,
        "ugyfelkapu/activate.html",
        {"form": form, "title": _("Activate your account"), "submit": _("Set the password")},
    )


# --- Forgotten password ---------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@throttled
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
@throttled
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
            return redirect(login_url())
    return render(
        request,
        "ugyfelkapu/password_reset_confirm.html",
        {"form": form, "title": _("Set a new password"), "submit": _("Set the password")},
    )


# --- E-mail change confirmation ---------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@throttled
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
        return redirect(login_url())
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
@throttled
def account_password(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(login_url())
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
@throttled
def account_email(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(login_url())
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
@throttled
def account_phone_code(request: HttpRequest) -> HttpResponse:
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(login_url())
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
@throttled
def account_totp(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then a code."""
    if getattr(request, "limited", False):
        return rate_limited(request, None)
    account = _current_account(request)
    if account is None:
        return redirect(login_url())
    secret = request.session.get(PENDING_TOTP_SECRET)
    if not secret:
        secret = request.session[PENDING_TOTP_SECRET] = authentication.new_totp_secret()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            authentication.enrol_totp(account, secret, form.cleaned_data["code"])
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
            "qr_image": _qr_image(authentication.totp_provisioning_uri(account, secret)),
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )
