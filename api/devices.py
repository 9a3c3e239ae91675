"""Signed-in devices: each login of the app is one family of rotating refresh
tokens. The profile lists the families that still hold a live refresh token, and
the citizen can sign a device out (or all of them): its refresh tokens and access
tokens are revoked at once, so the next API call of that app answers 401.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oauth2_provider.models import get_access_token_model, get_refresh_token_model


def signed_in_devices(user) -> list[dict]:
    live = get_refresh_token_model().objects.filter(user=user, revoked__isnull=True)
    families = (
        live.values("token_family", "application__name")
        .annotate(first=Min("created"), last=Max("updated"))
        .order_by("-last")
    )
    return [
        {
            "family": str(row["token_family"]),
            "application": row["application__name"],
            "signed_in_at": row["first"],
            "last_used_at": row["last"],
        }
        for row in families
    ]


def profile_context(request: HttpRequest) -> dict:
    return {"devices": signed_in_devices(request.user)}


def sign_out(user, family: str | None = None) -> int:
    """Revoke every token of `user`'s device `family` (all devices when None);
    returns the number of devices signed out."""
    refresh_tokens = get_refresh_token_model().objects.filter(user=user, revoked__isnull=True)
    if family is not None:
        refresh_tokens = refresh_tokens.filter(token_family=family)
    with transaction.atomic():
        families = {token.token_family for token in refresh_tokens}
        for token in refresh_tokens.select_for_update():
            token.revoke()  # also deletes the access token it was issued with
        # Access tokens of those logins that the refresh token no longer points at.
        get_access_token_model().objects.filter(
            user=user, source_refresh_token__token_family__in=families
        ).delete()
        if family is None:
            get_access_token_model().objects.filter(user=user).delete()
    return len(families)


@require_POST
@login_required
def sign_out_device(request: HttpRequest) -> HttpResponse:
    family = request.POST.get("family") or None
    if family is not None:
        try:
            import uuid

            family = str(uuid.UUID(family))
        except ValueError:
            family = ""
    count = sign_out(request.user, family) if family != "" else 0
    if count:
        messages.success(request, _("The app was signed out on that device."))
    else:
        messages.info(request, _("That device was already signed out."))
    return redirect(reverse("identity:profile") + "#devices")


@require_POST
@login_required
def sign_out_all(request: HttpRequest) -> HttpResponse:
    count = sign_out(request.user)
    if count:
        messages.success(request, _("The app was signed out on every device."))
    else:
        messages.info(request, _("No device was signed in."))
    return redirect(reverse("identity:profile") + "#devices")
