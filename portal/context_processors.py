from __future__ import annotations

from django.conf import settings


def portal(request) -> dict:
    return {"PORTAL_SANDBOX": settings.PORTAL_SANDBOX}
