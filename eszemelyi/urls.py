from __future__ import annotations

from django.urls import path

from eszemelyi import views, views_esign, views_services

app_name = "eszemelyi"
urlpatterns = [
    path("", views.card, name="card"),
    path("pin/<str:kind>/", views.start_pin_operation, name="pin_start"),
    path("operations/<uuid:op_id>/", views.operation_page, name="operation"),
    path("operations/<uuid:op_id>/result/", views.operation_result, name="operation_result"),
    path("operations/<uuid:op_id>/error/", views.operation_error, name="operation_error"),
    path("operations/<uuid:op_id>/gp-step/", views.operation_gp_step, name="operation_gp_step"),
    path("operations/<uuid:op_id>/cancel/", views.cancel_operation, name="operation_cancel"),
    path("emergency-numbers/", views_services.emergency_numbers, name="emergency_numbers"),
    path(
        "emergency-numbers/start/",
        views_services.emergency_numbers_start,
        name="emergency_numbers_start",
    ),
    path(
        "emergency-numbers/read/",
        views_services.emergency_numbers_read,
        name="emergency_numbers_read",
    ),
    path("nek/", views_services.nek, name="nek"),
    path("nek/start/", views_services.nek_start, name="nek_start"),
    path("esign/", views_esign.esign, name="esign"),
    path("esign/save/", views_esign.esign_save, name="esign_save"),
    path("esign/<str:reference>/contract/", views_esign.esign_contract, name="esign_contract"),
    path("esign/<str:reference>/accept/", views_esign.esign_accept, name="esign_accept"),
]
