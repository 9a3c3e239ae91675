from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from oauth2_provider import views as oauth

from api import devices, docs
from api.authorize import CitizenAuthorizationView
from api.main import api
from api.problems import problem

# Only the three endpoints a public mobile client uses (RFC 6749, 7636, 7009):
# no device flow, no introspection, no application management pages.
oauth_patterns = (
    [
        path("authorize/", CitizenAuthorizationView.as_view(), name="authorize"),
        path("token/", oauth.TokenView.as_view(), name="token"),
        path("revoke_token/", oauth.RevokeTokenView.as_view(), name="revoke-token"),
    ],
    "oauth2_provider",
)

device_patterns = (
    [
        path("sign-out/", devices.sign_out_device, name="sign_out"),
        path("sign-out-all/", devices.sign_out_all, name="sign_out_all"),
    ],
    "api_devices",
)


def unknown_address(request: HttpRequest) -> HttpResponse:
    """An address under /api/v1/ that names no operation answers a problem document,
    like every other error of the API, rather than the web's HTML page."""
    return problem(request, "not-found")


api_patterns = [
    path("v1/docs", docs.reference, name="api_docs"),
    path("v1/", api.urls),
    re_path(r"^v1/", unknown_address),
]
