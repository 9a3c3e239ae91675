from __future__ import annotations

from django.urls import path

from idcards import views

app_name = "idcards"
urlpatterns = [
    path("", views.save_reminders, name="reminders"),
]
