from __future__ import annotations

from django.urls import path

from document_checks import views

app_name = "document_checks"
urlpatterns = [
    path("validity/", views.validity_check, name="validity"),
    path("status/", views.status_lookup, name="status"),
    path("my-checks/", views.my_checks, name="my_checks"),
]
