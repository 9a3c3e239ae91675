from __future__ import annotations

from django.urls import path

from sandbox import gateway, views
from sandbox.simplepay import views as simplepay

app_name = "sandbox"
urlpatterns = [
    path("mail/", views.mail_list, name="mail_list"),
    path("mail/<int:pk>/", views.mail_detail, name="mail_detail"),
    path("gateway/", gateway.message_list, name="gateway_list"),
    path("gateway/inbox/", gateway.inbox, name="gateway_inbox"),
    path("gateway/<int:pk>/", gateway.message_detail, name="gateway_detail"),
    # SimplePay v2 emulator: the API under the same paths as at the bank
    # (no trailing slash), the hosted payment page, and the sandbox overview.
    path("simplepay/payment/v2/start", simplepay.api_start, name="simplepay_start"),
    path("simplepay/payment/v2/query", simplepay.api_query, name="simplepay_query"),
    path("simplepay/payment/v2/finish", simplepay.api_finish, name="simplepay_finish"),
    path("simplepay/payment/v2/refund", simplepay.api_refund, name="simplepay_refund"),
    path("simplepay/pay/<str:token>/", simplepay.pay_page, name="simplepay_pay"),
    path("simplepay/pay/<str:token>/card/", simplepay.pay_submit, name="simplepay_submit"),
    path("simplepay/pay/<str:token>/cancel/", simplepay.pay_cancel, name="simplepay_cancel"),
    path("simplepay/pay/<str:token>/return/", simplepay.pay_return, name="simplepay_return"),
    path("simplepay/pay/<str:token>/3ds/", simplepay.challenge_page, name="simplepay_challenge"),
    path(
        "simplepay/pay/<str:token>/3ds/code/",
        simplepay.challenge_submit,
        name="simplepay_challenge_submit",
    ),
    path("simplepay/", simplepay.overview, name="simplepay"),
    path(
        "simplepay/transactions/<int:transaction_id>/",
        simplepay.transaction_detail,
        name="simplepay_transaction",
    ),
    path(
        "simplepay/transactions/<int:transaction_id>/expire/",
        simplepay.transaction_expire,
        name="simplepay_expire",
    ),
    path(
        "simplepay/transactions/<int:transaction_id>/release/",
        simplepay.transaction_release,
        name="simplepay_release",
    ),
    path("simplepay/ipn/<int:pk>/send/", simplepay.ipn_send, name="simplepay_ipn_send"),
]
