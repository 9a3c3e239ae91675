"""`register.notification_address_alerts`: packages created, renewed, changed, revoked; paid
per property per year; lapsing after a year, when the right ends, on death."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.workflow import Status
from notifications.models import Notification
from payments.actions import new_order_ref, on_payment_succeeded
from payments.models import Payment, PaymentState
from register import actions, tasks
from register import notification_address_alerts as alerts
from register.models import AlertPackage
from tests.factories import PersonFactory
from tests.register.conftest import file, today

pytestmark = pytest.mark.django_db
SLUG = "register.notification_address_alerts"


def pay(case, amount):
    payment = Payment.objects.create(
        case=case,
        provider=Payment.Provider.SIMPLEPAY,
        amount=amount,
        order_ref=new_order_ref(case.reference),
        state=PaymentState.SUCCEEDED,
        provider_transaction_id="501000778",
        start_deadline=timezone.now() + timedelta(minutes=15),
        paid_at=timezone.now(),
    )
    assert on_payment_succeeded(payment) == "submitted"


def test_create_pays_per_property_and_the_clerk_starts_the_packages(
    client, landlord, places, clerk
):
    client.force_login(landlord)
    case = file(
        client,
        SLUG,
        {"action": "create"},
        {
            "properties": [places["flat"].pk, places["house"].pk],
            "channels": ["sms", "email"],
            "email": "en@example.hu",
            "phone": "06 30 123 4567",
        },
    )
    assert case.status == Status.AWAITING_PAYMENT
    from cases.fees import quote_for

    assert quote_for(case).total_huf == 8200
    pay(case, 8200)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    created = alerts.enter_in_register(case, by=clerk)
    assert len(created) == 2
    assert created[0].ends_on == actions.one_year_from(today())
    assert created[0].phone == "+36301234567"


def test_change_and_revoke_are_free(client, landlord, places, clerk):
    package = actions.create_package(
        landlord.person, places["flat"], ["letter"], {"letter_address": "1051 Budapest"}
    )
    client.force_login(landlord)
    change = file(
        client,
        SLUG,
        {"action": "change"},
        {"package": package.pk, "channels": ["fax"], "fax": "+3612345678"},
    )
    assert change.status == Status.SUBMITTED  # free: no payment
    new = alerts.enter_in_register(change, by=clerk)[0]
    package.refresh_from_db()
    assert package.ending == "changed" and new.channels == ["fax"]
    assert new.ends_on == package.ends_on
    revoke = file(client, SLUG, {"action": "revoke"}, {"package": new.pk})
    alerts.enter_in_register(revoke, by=clerk)
    new.refresh_from_db()
    assert new.ending == "revoked"


def test_renewal_adds_a_year_and_is_paid(client, landlord, places, clerk):
    package = actions.create_package(
        landlord.person, places["flat"], ["email"], {"email": "en@example.hu"}
    )
    client.force_login(landlord)
    case = file(
        client,
        SLUG,
        {"action": "renew"},
        {"package": package.pk, "channels": ["email"], "email": "en@example.hu"},
    )
    assert case.status == Status.AWAITING_PAYMENT
    pay(case, 3300)
    renewed = alerts.enter_in_register(case, by=clerk)[0]
    assert renewed.ends_on == actions.one_year_from(package.ends_on + timedelta(days=1))


def test_field_messages(client, landlord, places):
    landlord.preferred_language = "en"
    landlord.save()
    client.force_login(landlord)
    file(client, SLUG, {"action": "create"}, submit=False)
    from cases.models import Case

    case = Case.objects.filter(case_type=SLUG).latest("created_at")
    url = reverse("flow:save_step", args=[case.reference, 1])
    response = client.post(url, {"properties": [places["other"].pk], "channels": ["email"]})
    assert response.status_code == 422
    after = response.content.decode().split('id="id_properties_error"', 1)[1]
    assert after.split(">", 1)[1].split("</", 1)[0].strip()  # a message is shown
    response = client.post(
        url, {"properties": [places["flat"].pk], "channels": ["sms"], "phone": "12"}
    )
    assert response.status_code == 422


def test_only_an_address_holder_may_ask(resident_client, resident):
    resident.preferred_language = "en"
    resident.save()
    response = resident_client.post(reverse("flow:save_first", args=[SLUG]), {"action": "create"})
    assert response.status_code == 422
    assert "address holder" in response.content.decode()


def test_packages_lapse_after_a_year_when_the_right_ends_and_on_death(landlord, places):
    year = actions.create_package(
        landlord.person,
        places["flat"],
        ["email"],
        {"email": "a@b.hu"},
        starts_on=today() - timedelta(days=400),
    )
    right = actions.create_package(landlord.person, places["house"], ["email"], {"email": "a@b.hu"})
    places["house"].holder = PersonFactory()
    places["house"].save()
    other_holder = places["other"].holder
    death = actions.create_package(
        other_holder, places["other"], ["sms"], {"phone": "+36301234567"}
    )
    other_holder.died_on = today()
    other_holder.save()
    assert tasks.end_packages(today()) == 3
    for package, ending in ((year, "expired"), (right, "right_ended"), (death, "death")):
        package.refresh_from_db()
        assert package.ending == ending
    assert tasks.end_packages(today()) == 0


def test_a_renewal_reminder_a_month_before(landlord, places):
    package = actions.create_package(
        landlord.person, places["flat"], ["email"], {"email": "a@b.hu"}
    )
    assert tasks.remind_packages(package.ends_on - timedelta(days=31)) == 0
    assert tasks.remind_packages(package.ends_on - timedelta(days=30)) == 1
    assert tasks.remind_packages(package.ends_on - timedelta(days=29)) == 0
    assert Notification.objects.filter(template="register_alerts_renewal").count() == 1
    assert AlertPackage.objects.get().renewal_reminded_on is not None
