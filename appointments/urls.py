from __future__ import annotations

from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.offices, name="offices"),
    path("offices/<slug:code>/", views.office_detail, name="office"),
    path("bus/", views.bus, name="bus"),
    path("book/", views.book, name="book"),
    path("book/sent/", views.book_sent, name="book_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("mine/<str:reference>/", views.booking, name="booking"),
    path("mine/<str:reference>/move/", views.booking_move, name="booking_move"),
    path("mine/<str:reference>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("mine/<str:reference>/idopont.ics", views.booking_calendar, name="booking_calendar"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/move/", views.manage_move, name="manage_move"),
    path("manage/<str:token>/cancel/", views.manage_cancel, name="manage_cancel"),
    path("manage/<str:token>/idopont.ics", views.manage_calendar, name="manage_calendar"),
]
