from __future__ import annotations

from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path(
        "my-requests/<str:reference>/documents/<int:pk>/",
        views.document_download,
        name="document_download",
    ),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_download, name="inbox_download"),
]
