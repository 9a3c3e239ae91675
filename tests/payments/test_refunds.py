"""Refunds by a clerk, in full or in part, through SimplePay's refund API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from payments import actions
from payments.models import Payment, Refund
from payments.tasks import reconcile_payments
from payments.workflow import PaymentState

pytestmark = pytest.mark.django_db


@pytest.fixture
def refunding_clerk(clerk):
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_payment", "refund_payment"])
    )
    return clerk


@pytest.fixture
def paid(make_payment, simplepay):
    payment = make_payment(PaymentState.SUCCEEDED)
    txn = simplepay.add(payment.order_ref, payment.amount, "FINISHED")
    Payment.objects.filter(pk=payment.pk).update(provider_transaction_id=str(txn.transaction_id))
    payment.refresh_from_db()
    return payment


def _refund_url(payment):
    return reverse("admin:payments_payment_refund", args=[payment.pk])


def test_full_refund_through_the_admin(
    clerk_client, refunding_clerk, paid, simplepay, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            _refund_url(paid), {"amount": "3000", "reason": "The request was withdrawn."}
        )
    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.state, refund.amount, refund.by) == ("succeeded", 3000, refunding_clerk)
    assert refund.provider_refund_id
    paid.refresh_from_db()
    assert paid.state == PaymentState.REFUNDED
    assert simplepay.calls("refund")[0].data["refundTotal"] == "3000"
    event = paid.case.events.get(kind="payment.refunded")
    assert event.public and "The request was withdrawn." in event.note and "3000" in event.note
    assert event.actor == refunding_clerk
    mail = Notification.objects.get(template="payment_refunded")
    assert mail.context["refund_amount"] == 3000


def test_partial_refunds_until_nothing_is_left(refunding_clerk, paid):
    first = actions.refund_payment(paid, amount=1000, reason="Overpaid", by=refunding_clerk)
    assert first.state == Refund.State.SUCCEEDED
    paid.refresh_from_db()
    assert paid.state == PaymentState.PARTIALLY_REFUNDED
    assert paid.refundable_amount() == 2000
    second = actions.refund_payment(paid, amount=500, reason="More", by=refunding_clerk)
    assert second.state == Refund.State.SUCCEEDED
    paid.refresh_from_db()
    assert paid.state == PaymentState.PARTIALLY_REFUNDED
    actions.refund_payment(paid, amount=1500, reason="The rest", by=refunding_clerk)
    paid.refresh_from_db()
    assert paid.state == PaymentState.REFUNDED
    assert paid.refunded_amount == 3000
    with pytest.raises(actions.RefundRefused):
        actions.refund_payment(paid, amount=1, reason="Too much", by=refunding_clerk)
    assert paid.case.events.filter(kind="payment.refunded").count() == 3


@pytest.mark.parametrize(
    "data", [{"amount": "3001", "reason": "x"}, {"amount": "0", "reason": "x"}, {"amount": "10"}]
)
def test_refund_form_refuses_bad_input(clerk_client, refunding_clerk, paid, simplepay, data):
    response = clerk_client.post(_refund_url(paid), data)
    assert response.status_code == 200
    assert not Refund.objects.exists()
    assert simplepay.calls("refund") == []


def test_refund_needs_the_permission(clerk_client, clerk, paid):
    clerk.user_permissions.add(Permission.objects.get(codename="view_payment"))
    assert clerk_client.get(_refund_url(paid)).status_code == 403
    response = clerk_client.post(_refund_url(paid), {"amount": "100", "reason": "x"})
    assert response.status_code == 403
    assert not Refund.objects.exists()


def test_unpaid_payment_cannot_be_refunded(refunding_clerk, make_payment):
    payment = make_payment(PaymentState.STARTED)
    with pytest.raises(actions.RefundRefused):
        actions.refund_payment(payment, amount=100, reason="x", by=refunding_clerk)
    with pytest.raises(actions.RefundRefused):
        actions.refund_payment(payment, amount=100, reason="  ", by=refunding_clerk)


def test_a_refused_refund_changes_nothing(refunding_clerk, paid, simplepay):
    simplepay.script("codes", codes=[5110])
    refund = actions.refund_payment(paid, amount=1000, reason="x", by=refunding_clerk)
    assert refund.state == Refund.State.FAILED and "5110" in refund.error
    paid.refresh_from_db()
    assert paid.state == PaymentState.SUCCEEDED
    assert not paid.case.events.filter(kind="payment.refunded").exists()
    # Nothing happened, so the clerk may try again.
    assert actions.refund_payment(paid, amount=1000, reason="x", by=refunding_clerk).state == (
        Refund.State.SUCCEEDED
    )


def test_an_unanswered_refund_is_pending_and_settled_by_the_job(
    refunding_clerk, paid, simplepay, settings
):
    settings.SIMPLEPAY_TIMEOUT_SECONDS = 0.3
    simplepay.script("hang", seconds=0.6)  # SimplePay makes the refund, the answer is lost
    refund = actions.refund_payment(paid, amount=1000, reason="x", by=refunding_clerk)
    assert refund.state == Refund.State.PENDING
    with pytest.raises(actions.RefundRefused):
        actions.refund_payment(paid, amount=500, reason="y", by=refunding_clerk)
    import time

    time.sleep(0.5)  # let the fake finish the request it was holding
    settings.SIMPLEPAY_TIMEOUT_SECONDS = 2
    assert reconcile_payments()["refunds_settled"] == 1
    refund.refresh_from_db()
    assert refund.state == Refund.State.SUCCEEDED
    assert refund.provider_refund_id == str(simplepay.transactions[paid.order_ref].refunds[0]["id"])
    paid.refresh_from_db()
    assert paid.state == PaymentState.PARTIALLY_REFUNDED


def test_a_pending_refund_the_provider_never_made_fails_after_an_hour(
    refunding_clerk, paid, simplepay
):
    simplepay.script("http", status=502)
    refund = actions.refund_payment(paid, amount=1000, reason="x", by=refunding_clerk)
    assert refund.state == Refund.State.PENDING
    assert reconcile_payments()["refunds_settled"] == 0  # too early to tell
    Refund.objects.filter(pk=refund.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert reconcile_payments()["refunds_settled"] == 1
    refund.refresh_from_db()
    assert refund.state == Refund.State.FAILED
    paid.refresh_from_db()
    assert paid.state == PaymentState.SUCCEEDED


def test_an_unreadable_refund_answer_leaves_the_refund_pending(refunding_clerk, paid, simplepay):
    # SimplePay made the refund, but its answer carries an amount nobody can hold.
    simplepay.script("patch_answer", call="refund", fields={"refundTotal": 10**24})
    refund = actions.refund_payment(paid, amount=1000, reason="x", by=refunding_clerk)
    assert refund.state == Refund.State.PENDING
    assert reconcile_payments()["refunds_settled"] == 1  # found by the query with refunds
    refund.refresh_from_db()
    assert refund.state == Refund.State.SUCCEEDED


def test_an_unreadable_refund_list_settles_nothing(refunding_clerk, paid, simplepay):
    simplepay.script("http", status=502)
    refund = actions.refund_payment(paid, amount=1000, reason="x", by=refunding_clerk)
    Refund.objects.filter(pk=refund.pk).update(created_at=timezone.now() - timedelta(hours=2))
    unreadable = [{"transactionId": 501000099, "refundTotal": "sNaN", "status": "FINISHED"}]
    simplepay.script("patch", call="query", fields={"refunds": unreadable})
    # Whether it happened stays unknown: not failed after the hour, asked again later.
    assert reconcile_payments()["refunds_settled"] == 0
    refund.refresh_from_db()
    assert refund.state == Refund.State.PENDING


def test_admin_pages_and_the_refund_action(clerk_client, refunding_clerk, paid, make_payment):
    changelist = reverse("admin:payments_payment_changelist")
    listing = clerk_client.get(changelist)
    assert listing.status_code == 200
    assert paid.amount == 3000
    assert '<td class="field-amount_shown">3\xa0000\xa0Ft</td>' in listing.content.decode()
    change = clerk_client.get(reverse("admin:payments_payment_change", args=[paid.pk]))
    assert change.status_code == 200
    assert _refund_url(paid) in change.content.decode()
    assert clerk_client.get(_refund_url(paid)).status_code == 200

    response = clerk_client.post(changelist, {"action": "refund", "_selected_action": [paid.pk]})
    assert response.status_code == 302 and response["Location"] == _refund_url(paid)
    other = make_payment(PaymentState.FAILED, transaction_id="")
    response = clerk_client.post(
        changelist, {"action": "refund", "_selected_action": [paid.pk, other.pk]}, follow=True
    )
    assert "Pontosan egy befizetést jelöljön ki" in response.content.decode()
