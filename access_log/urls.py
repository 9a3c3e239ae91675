from __future__ import annotations

from django.urls import path

from access_log import views

app_name = "access_log"
urlpatterns = [
    path("", views.mine, name="mine"),
]
