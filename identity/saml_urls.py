from __future__ import annotations

from django.urls import path

from identity import views

app_name = "saml"
urlpatterns = [
    path("metadata/", views.metadata, name="metadata"),
    path("acs/", views.assertion_consumer, name="acs"),
    path("sls/", views.single_logout_service, name="sls"),
]
