from __future__ import annotations

from django.urls import path

from residence import views

app_name = "residence"
urlpatterns = [
    path("foreign-address/", views.report, name="foreign_address_change"),
    path("follow/", views.follow, name="follow"),
    path("follow/documents/<int:pk>/", views.follow_document, name="follow_document"),
]
