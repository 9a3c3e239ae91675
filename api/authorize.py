"""The consent page of the app's login, for citizens only.

A clerk's account is staff: the mobile app is the citizen's, so a clerk who reaches
the page (logged in to the admin in the same browser) is told so and no code is made.
"""

from __future__ import annotations

from django.shortcuts import render
from oauth2_provider.views import AuthorizationView


class CitizenAuthorizationView(AuthorizationView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff:
            context = {"error": {"error": "access_denied"}, "clerk": True}
            return render(request, "oauth2_provider/authorize.html", context, status=403)
        return super().dispatch(request, *args, **kwargs)
