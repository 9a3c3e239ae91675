from __future__ import annotations

from django.utils.cache import add_never_cache_headers


class NoStoreForPersonalPagesMiddleware:
    """Pages shown to a logged-in user carry personal data: no shared or
    back-button cache may keep them."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
