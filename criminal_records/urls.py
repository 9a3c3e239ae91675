from __future__ import annotations

from django.urls import path

from criminal_records import views

app_name = "criminal_records"
urlpatterns = [
    path("check/", views.check, name="check"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/share/", views.share_create, name="share_create"),
    path("shares/<int:pk>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path("shared/<str:token>/", views.shared, name="shared"),
]
