from __future__ import annotations

from django.urls import path

from identity import completion, profile, session, views

app_name = "identity"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("complete/", completion.complete_profile, name="complete_profile"),
    path("confirm-email/<str:token>/", completion.confirm_email, name="confirm_email"),
    path("confirm-email-resend/", completion.resend_confirmation, name="resend_confirmation"),
    path("keepalive/", session.keepalive, name="keepalive"),
    path("profile/", profile.profile, name="profile"),
]
