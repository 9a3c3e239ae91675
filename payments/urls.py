from __future__ import annotations

from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("case/<str:reference>/", views.case_payment, name="case_payment"),
    path("case/<str:reference>/card/", views.start_card_payment, name="start_card"),
    path("check/<str:order_ref>/", views.check_payment, name="check"),
    path("case/<str:reference>/transfer/", views.start_transfer, name="start_transfer"),
    path("transfer/<str:order_ref>/declare/", views.declare_transfer, name="declare_transfer"),
    path("transfer/<str:order_ref>/withdraw/", views.withdraw_transfer, name="withdraw_transfer"),
    # Both addresses are registered at SimplePay; keep them stable.
    path("simplepay/return/", views.simplepay_return, name="simplepay_return"),
    path("simplepay/ipn/", views.simplepay_ipn, name="simplepay_ipn"),
]
