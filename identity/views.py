from __future__ import annotations

from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    """The entry to citizen login. Login through the national identity
    provider (SAML) is not connected yet; the page says so plainly."""
    return render(request, "identity/login.html", {"next": request.GET.get("next", "")})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("portal:home")
