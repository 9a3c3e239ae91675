from __future__ import annotations

from django.urls import path

from ugyfelkapu import account_urls, saml_views

app_name = "ugyfelkapu"
urlpatterns = [
    # SAML endpoints of the identity provider.
    path("metadata/", saml_views.metadata, name="metadata"),
    path("sso/", saml_views.single_sign_on, name="sso"),
    path("slo/", saml_views.single_logout, name="slo"),
]
urlpatterns += account_urls.urlpatterns
