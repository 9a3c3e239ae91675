from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api.urls import api_patterns, device_patterns, oauth_patterns
from portal import metrics, views

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("services/<str:code>/", views.service_info, name="service_info"),
        path("my-requests/", views.my_requests, name="my_requests"),
        path("my-requests/<str:reference>/", views.case_detail, name="case_detail"),
        path("status/", views.service_status, name="status"),
        path("health/", views.health, name="health"),
        path("health/live", views.health_live, name="health_live"),
        path("health/ready", views.health_ready, name="health_ready"),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    # Prometheus; answers only configured addresses or a bearer token (operator guide).
    path("metrics", metrics.metrics_view, name="metrics"),
    path("account/data-access/", include("access_log.urls")),
    path("account/devices/", include(device_patterns)),
    path("account/document-reminders/", include("idcards.urls")),
    path("account/", include("identity.urls")),
    path("oauth/", include(oauth_patterns)),
    path("api/", include(api_patterns)),
    path("saml/", include("identity.saml_urls")),
    path("files/", include("cases.urls")),
    path("apply/", include("cases.flow_urls")),
    path("payments/", include("payments.urls")),
    path("eszemelyi/", include("eszemelyi.urls")),
    path("residence/", include("residence.urls")),
    path("criminal-records/", include("criminal_records.urls")),
    path("appointments/", include("appointments.urls")),
    path("documents/", include("document_checks.urls")),
    path("", include("document_checks.verify_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.UGYFELKAPU_ENABLED:
    urlpatterns.append(path("ugyfelkapu/", include("ugyfelkapu.urls")))
if settings.PORTAL_SANDBOX:
    urlpatterns.append(path("sandbox/", include("sandbox.urls")))

# A database that cannot be reached answers the 503 page with Retry-After, not the 500.
handler500 = "portal.errors.server_error"
