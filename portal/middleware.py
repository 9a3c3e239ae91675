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


class DeferredWorkMiddleware:
    """Tell the citizen when the work behind their request waits for the broker.

    The request's change is committed (the case is submitted, the payment recorded);
    what follows it (the confirmation e-mail, a document) could not be handed to the
    workers because the broker is down (`portal.celery.PortalTask`), and is redelivered
    when it returns. Instead of an error the next page says so. Placed after the
    message middleware, which stores the message on the way out.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        from portal.celery import deferred

        token = deferred.set(False)
        try:
            response = self.get_response(request)
            if deferred.get() and hasattr(request, "_messages"):
                from django.contrib import messages
                from django.utils.translation import gettext as _

                messages.info(
                    request,
                    _(
                        "We have recorded your request. Because of a temporary fault, the "
                        "confirmation e-mail and the next steps will follow in a few "
                        "minutes: there is nothing you need to do."
                    ),
                )
            return response
        finally:
            deferred.reset(token)
