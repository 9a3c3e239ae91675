from __future__ import annotations

from django.urls import path

from eszemelyi import views

app_name = "eszemelyi"
urlpatterns = [
    path("", views.card, name="card"),
    path("pin/<str:kind>/", views.start_pin_operation, name="pin_start"),
    path("operations/<uuid:op_id>/", views.operation_page, name="operation"),
    path("operations/<uuid:op_id>/result/", views.operation_result, name="operation_result"),
    path("operations/<uuid:op_id>/error/", views.operation_error, name="operation_error"),
    path("operations/<uuid:op_id>/gp-step/", views.operation_gp_step, name="operation_gp_step"),
    path("operations/<uuid:op_id>/cancel/", views.cancel_operation, name="operation_cancel"),
    path("emergency-numbers/", views.emergency_numbers, name="emergency_numbers"),
    path(
        "emergency-numbers/start/",
        views.emergency_numbers_start,
        name="emergency_numbers_start",
    ),
    path(
        "emergency-numbers/read/",
        views.emergency_numbers_read,
        name="emergency_numbers_read",
    ),
    path("nek/", views.nek, name="nek"),
    path("nek/start/", views.nek_start, name="nek_start"),
    path("esign/", views.esign, name="esign"),
    path("esign/save/", views.esign_save, name="esign_save"),
    path("esign/<str:reference>/contract/", views.esign_contract, name="esign_contract"),
    path("esign/<str:reference>/accept/", views.esign_accept, name="esign_accept"),
]
