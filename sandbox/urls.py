from __future__ import annotations

from django.urls import path

from sandbox import views

app_name = "sandbox"
urlpatterns = [
    path("mail/", views.mail_list, name="mail_list"),
    path("mail/<int:pk>/", views.mail_detail, name="mail_detail"),
]
