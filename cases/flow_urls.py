from __future__ import annotations

from django.urls import path

from cases import flow_views as views

app_name = "flow"
urlpatterns = [
    path("<str:slug>/", views.start, name="start"),
    path("<str:slug>/save/", views.save_first, name="save_first"),
    path("<str:slug>/check/", views.check_first, name="check_first"),
    path("draft/<str:reference>/<int:index>/", views.step, name="step"),
    path("draft/<str:reference>/<int:index>/save/", views.save_step, name="save_step"),
    path("draft/<str:reference>/<int:index>/check/", views.check_step, name="check_step"),
    path("draft/<str:reference>/review/", views.review, name="review"),
    path("draft/<str:reference>/submit/", views.submit, name="submit"),
    path("draft/<str:reference>/discard/", views.discard, name="discard"),
    path("done/<str:reference>/", views.done, name="done"),
]
