"""First login: the citizen gives the missing 4T data and confirms an e-mail address.

The identity provider may leave some of the natural identity data out, and an
address typed here must be shown to work before the portal writes to it. Until
both are done, `identity.middleware.FirstLoginMiddleware` keeps the citizen on
these pages.

The confirmation link carries the user id and a keyed digest of the address,
encrypted with the time it was made (`portal.tokens`): nothing in the link, which
ends up in access logs, can be read, and a link sent to an earlier address
cannot confirm a later one. Links made before they were encrypted (readable
signed values) are refused as not valid; the page offers a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from identity.forms import CompleteProfileForm, editable_fields
from identity.models import User
from notifications.actions import queue_email
from portal.tokens import TokenExpired, TokenInvalid, seal, unseal

SALT = "identity.confirm_email"
CONFIRMATION_MAX_AGE = timedelta(days=3)
# Sending the link from the form and from the resend button share one limit.
SEND_GROUP = "identity.confirmation_email"
SEND_RATE = "5/h"
# The digest of the address the last link went to, for the "check your mailbox" text.
CONFIRMATION_SENT = "identity:confirmation_sent"


def needs_completion(user: User) -> bool:
    return bool(user.missing_identity_data()) or user.email_confirmed_at is None


def _address_digest(email: str) -> str:
    return salted_hmac(SALT, email, algorithm="sha256").hexdigest()[:32]


def confirmation_token(user: User) -> str:
    return seal([user.pk, _address_digest(user.email)], purpose=SALT)


class LinkState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"
    OTHER_ADDRESS = "other_address"
    OTHER_ACCOUNT = "other_account"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class ConfirmationLink:
    state: LinkState
    user: User | None = None


def read_confirmation_token(token: str, *, viewer) -> ConfirmationLink:
    """What a confirmation link is worth now, for `viewer` (who may be anonymous:
    the link may be opened on another device)."""
    try:
        user_id, digest = unseal(token, purpose=SALT, max_age=CONFIRMATION_MAX_AGE)
    except TokenExpired:
        return ConfirmationLink(LinkState.EXPIRED)
    except (TokenInvalid, TypeError, ValueError):
        return ConfirmationLink(LinkState.INVALID)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return ConfirmationLink(LinkState.INVALID)
    if viewer.is_authenticated and viewer.pk != user.pk:
        return ConfirmationLink(LinkState.OTHER_ACCOUNT)
    if not user.email or not constant_time_compare(digest, _address_digest(user.email)):
        return ConfirmationLink(LinkState.OTHER_ADDRESS, user)
    if user.email_confirmed_at is not None:
        return ConfirmationLink(LinkState.CONFIRMED, user)
    return ConfirmationLink(LinkState.VALID, user)


# --- Writes -----------------------------------------------------------------


@transaction.atomic
def complete_identity_data(user: User, data: dict) -> None:
    """Store what the citizen gave; never overwrite what the identity provider sent."""
    editable = set(editable_fields(user))
    updates = {name: value for name, value in data.items() if name in editable}
    if "email" in updates and updates["email"] != user.email:
        updates["email_confirmed_at"] = None
    for name, value in updates.items():
        setattr(user, name, value)
    user.save(update_fields=list(updates))


def send_confirmation(user: User) -> None:
    """Queue the link to the user's current address, in the user's language."""
    token = confirmation_token(user)
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("identity:confirm_email", args=[token])
    queue_email(
        user.email,
        "confirm_email",
        {"url": url, "valid_days": CONFIRMATION_MAX_AGE.days},
        language=user.preferred_language or settings.LANGUAGE_CODE,
    )


def confirm_email_address(user: User) -> bool:
    """Mark the address confirmed, unless it changed or was confirmed meanwhile."""
    return bool(
        User.objects.filter(pk=user.pk, email=user.email, email_confirmed_at__isnull=True).update(
            email_confirmed_at=timezone.now()
        )
    )


# --- Views ------------------------------------------------------------------


def _too_many(request: HttpRequest) -> None:
    messages.error(
        request, _("You asked for too many links in a short time. Please try again in an hour.")
    )


def _send(request: HttpRequest, user: User) -> None:
    send_confirmation(user)
    request.session[CONFIRMATION_SENT] = _address_digest(user.email)


@require_http_methods(["GET", "POST"])
@login_required
def complete_profile(request: HttpRequest) -> HttpResponse:
    """The missing data as a form; once given, the "check your mailbox" page."""
    user = request.user
    if user.is_staff or not needs_completion(user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "POST":
        form = CompleteProfileForm(request.POST, user=user)
        if form.is_valid():
            complete_identity_data(user, form.cleaned_data)
            if user.email_confirmed_at is not None:
                messages.success(request, _("Thank you, your data are complete."))
                return redirect(settings.LOGIN_REDIRECT_URL)
            if is_ratelimited(
                request, group=SEND_GROUP, key="user", rate=SEND_RATE, increment=True
            ):
                _too_many(request)
            else:
                _send(request, user)
            return redirect("identity:complete_profile")
    elif user.missing_identity_data() or request.GET.get("change") == "email":
        form = CompleteProfileForm(user=user)
    else:
        sent = request.session.get(CONFIRMATION_SENT) == _address_digest(user.email)
        return render(
            request,
            "identity/confirm_email_sent.html",
            {"email": user.email, "sent": sent, "valid_days": CONFIRMATION_MAX_AGE.days},
        )
    return render(
        request, "identity/complete_profile.html", {"form": form, "sections": form.sections()}
    )


@require_POST
@login_required
@ratelimit(group=SEND_GROUP, key="user", rate=SEND_RATE, block=False)
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_staff or not needs_completion(user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    if user.missing_identity_data():
        return redirect("identity:complete_profile")
    if request.limited:
        _too_many(request)
    else:
        _send(request, user)
        messages.success(request, _("We sent a new link."))
    return redirect("identity:complete_profile")


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link is worth and a button; only the POST confirms,
    so that mail scanners that open links confirm nothing."""
    link = read_confirmation_token(token, viewer=request.user)
    if request.method == "POST" and link.state is LinkState.VALID:
        if confirm_email_address(link.user):
            messages.success(request, _("Thank you, your e-mail address is confirmed."))
            if request.user.is_authenticated:
                return redirect(settings.LOGIN_REDIRECT_URL)
            return redirect("portal:home")
        link = read_confirmation_token(token, viewer=request.user)
    can_resend = (
        request.user.is_authenticated
        and not request.user.is_staff
        and link.state is not LinkState.CONFIRMED
        and needs_completion(request.user)
        and not request.user.missing_identity_data()
    )
    return render(
        request,
        "identity/confirm_email.html",
        {
            "state": str(link.state),
            "link_user": link.user if link.state is LinkState.VALID else None,
            "can_resend": can_resend,
            "valid_days": CONFIRMATION_MAX_AGE.days,
        },
        status=400 if request.method == "POST" else 200,
    )
