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


class PermissionsPolicyMiddleware:
    """Every response says which browser features the portal never uses
    (`settings.PERMISSIONS_POLICY_DENY`), so no page can be made to ask for them."""

    def __init__(self, get_response) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def accepted_language(request) -> str:
    """hu unless the client's Accept-Language names en before hu (for the API)."""
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in ("hu", "en"):
            return tag
    return "hu"


class LanguageMiddleware:
    """Hungarian unless the citizen chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a Hungarian authority's portal speaks Hungarian first, and the choice the
    citizen made (kept in the language cookie) is the only thing that changes it.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        if request.path.startswith("/api/"):
            # An app has no language cookie: it says what it wants in Accept-Language.
            language = accepted_language(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        return response
