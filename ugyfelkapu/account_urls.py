"""Pages of the accounts and the login steps; `ugyfelkapu.urls` adds them to its own."""

from __future__ import annotations

from django.urls import path

from ugyfelkapu import login_views, views

urlpatterns = [
    path("login/", login_views.login, name="login"),
    path("login/card/challenge/", login_views.login_card_challenge, name="login_card_challenge"),
    path("login/code/", login_views.login_code, name="login_code"),
    path("login/code/resend/", login_views.login_code_resend, name="login_code_resend"),
    path("login/new-password/", login_views.login_new_password, name="login_new_password"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("activate/", views.activate, name="activate"),
    path("password/forgotten/", views.password_reset, name="password_reset"),
    path("password/forgotten/sent/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "password/reset/<int:code_id>/<str:secret>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("account/", views.account, name="account"),
    path("account/password/", views.account_password, name="account_password"),
    path("account/email/", views.account_email, name="account_email"),
    path("account/phone-code/", views.account_phone_code, name="account_phone_code"),
    path("account/authenticator/", views.account_totp, name="account_totp"),
]
