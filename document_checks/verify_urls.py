"""The path printed on every issued PDF (cases/verification.py VERIFY_PATH), under the
URL name reserved for it, `documents:verify`: never change either."""

from __future__ import annotations

from django.urls import path

from document_checks import views

app_name = "documents"
urlpatterns = [
    path("verify/", views.verify_start, name="verify_start"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
