"""`register.notification_address`: one at a time, only with a residence, refused addresses
refused, field-level messages for bad input, two-year lapse, not real."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from access_log.models import AccessRecord
from cases.models import Case
from cases.workflow import Status
from notifications.models import Notification
from population.models import Address
from register import actions, notification_address, tasks
from register.models import (
    AddressRefusal,
    NotificationAddress,
    NotificationAddressRequest,
)
from tests.factories import CitizenFactory
from tests.register.conftest import address_answers, file, today

pytestmark = pytest.mark.django_db
SLUG = "register.notification_address"


def step_error(client, case, answers, field):
    response = client.post(reverse("flow:save_step", args=[case.reference, 1]), answers)
    assert response.status_code == 422, response.content.decode()[:500]
    body = response.content.decode()
    error = body.split(f'id="id_{field}_error"', 1)[1][:600]
    return error


def started(client, action="register") -> Case:
    file(client, SLUG, {"action": action}, submit=False)
    return Case.objects.filter(case_type=SLUG).latest("created_at")


def test_register_an_address_and_the_clerk_enters_it(resident_client, resident, places, clerk):
    case = file(
        resident_client,
        SLUG,
        {"action": "register"},
        address_answers(places["other"], kind="address"),
    )
    assert case.status == Status.SUBMITTED and case.deadline_days == 8
    notification_address.enter_in_register(case, by=clerk)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    current = NotificationAddress.objects.get(person=resident.person, ended_on__isnull=True)
    assert current.lapses_on == notification_address.lapse_day(today())
    assert resident.person.current_address(Address.Kind.NOTIFICATION).settlement == "Szeged"


def test_typed_loosely_the_address_is_found(resident_client, places):
    answers = {
        "kind": "address",
        "postal_code": "6720",
        "settlement": "szeged",
        "street_address": "  Kárász  utca 3 ",
    }
    case = started(resident_client)
    response = resident_client.post(reverse("flow:save_step", args=[case.reference, 1]), answers)
    assert response.status_code == 302


def test_an_address_not_in_the_list_gets_a_field_message(resident_client, resident, places):
    resident.preferred_language = "en"
    resident.save()
    case = started(resident_client)
    error = step_error(
        resident_client,
        case,
        {
            "kind": "address",
            "postal_code": "6720",
            "settlement": "Szeged",
            "street_address": "Nincs ilyen utca 99.",
        },
        "street_address",
    )
    assert "not in the address list" in error
    assert not NotificationAddressRequest.objects.exists()


@pytest.mark.parametrize("number", ["12a", "Pf 12 3", "123456", "0", "-5"])
def test_a_po_box_number_in_the_wrong_shape_gets_a_field_message(
    resident_client, resident, places, number
):
    resident.preferred_language = "en"
    resident.save()
    case = started(resident_client)
    error = step_error(
        resident_client,
        case,
        {"kind": "po_box", "po_box_postal_code": "1476", "po_box_number": number},
        "po_box_number",
    )
    assert "1 to 5 digits" in error


def test_a_po_box_and_a_service_point_can_be_registered(resident_client, resident, places, clerk):
    case = file(
        resident_client,
        SLUG,
        {"action": "register"},
        {"kind": "po_box", "po_box_postal_code": "1476", "po_box_number": "Pf. 281"},
    )
    notification_address.enter_in_register(case, by=clerk)
    assert str(resident.person.current_address(Address.Kind.NOTIFICATION)).endswith("Pf. 281")
    change = file(
        resident_client,
        SLUG,
        {"action": "change"},
        {"kind": "service_point", "service_point": places["point"].pk},
    )
    notification_address.enter_in_register(change, by=clerk)
    assert "Budapest 52 posta" in str(resident.person.current_address(Address.Kind.NOTIFICATION))
    assert NotificationAddress.objects.filter(person=resident.person).count() == 2
    assert NotificationAddress.objects.filter(person=resident.person, ended_on=None).count() == 1


def test_a_refused_address_is_refused(resident_client, resident, places, landlord):
    resident.preferred_language = "en"
    resident.save()
    AddressRefusal.objects.create(refuser=landlord.person, property=places["flat"], since=today())
    case = started(resident_client)
    error = step_error(
        resident_client, case, address_answers(places["flat"], kind="address"), "street_address"
    )
    assert "has refused" in error


def test_a_refusal_made_after_filing_makes_the_clerk_refuse(
    resident_client, places, landlord, clerk
):
    case = file(
        resident_client,
        SLUG,
        {"action": "register"},
        address_answers(places["flat"], kind="address"),
    )
    AddressRefusal.objects.create(refuser=landlord.person, property=places["flat"], since=today())
    with pytest.raises(notification_address.CannotEnter):
        notification_address.enter_in_register(case, by=clerk)
    assert not NotificationAddress.objects.exists()


def test_without_a_registered_residence_it_cannot_be_filed(client, db):
    citizen = CitizenFactory(preferred_language="en")
    client.force_login(citizen)
    response = client.post(reverse("flow:save_first", args=[SLUG]), {"action": "register"})
    assert response.status_code == 422
    assert "registered residence" in response.content.decode()


def test_one_at_a_time_and_renewing_another_address_is_refused(
    resident_client, resident, places, clerk
):
    resident.preferred_language = "en"
    resident.save()
    case = file(
        resident_client,
        SLUG,
        {"action": "register"},
        address_answers(places["other"], kind="address"),
    )
    notification_address.enter_in_register(case, by=clerk)
    response = resident_client.post(reverse("flow:save_first", args=[SLUG]), {"action": "register"})
    assert response.status_code == 422
    renewal = started(resident_client, "renew")
    error = step_error(
        resident_client,
        renewal,
        address_answers(places["house"], kind="address"),
        "street_address",
    )
    assert "not your notification address" in error
    assert not NotificationAddressRequest.objects.filter(action="renew").exists()


def test_renewal_restarts_the_two_years_and_delete_ends_it(
    resident_client, resident, places, clerk
):
    first = file(
        resident_client,
        SLUG,
        {"action": "register"},
        address_answers(places["other"], kind="address"),
    )
    notification_address.enter_in_register(first, by=clerk)
    current = NotificationAddress.objects.get()
    NotificationAddress.objects.filter(pk=current.pk).update(
        declared_on=date(2025, 1, 10), lapses_on=date(2027, 1, 10), lapse_reminded_on=today()
    )
    renewal = file(
        resident_client,
        SLUG,
        {"action": "renew"},
        address_answers(places["other"], kind="address"),
    )
    notification_address.enter_in_register(renewal, by=clerk)
    current.refresh_from_db()
    assert current.lapses_on == notification_address.lapse_day(today())
    assert current.lapse_reminded_on is None
    deletion = file(
        resident_client,
        SLUG,
        {"action": "delete"},
        address_answers(places["other"], kind="address"),
    )
    notification_address.enter_in_register(deletion, by=clerk)
    assert resident.person.current_address(Address.Kind.NOTIFICATION) is None


@pytest.mark.parametrize(
    ("declared", "lapses"),
    [(date(2024, 2, 29), date(2026, 2, 28)), (date(2025, 3, 1), date(2027, 3, 1))],
)
def test_the_lapse_day_is_two_years_on(declared, lapses):
    assert notification_address.lapse_day(declared) == lapses


def test_the_beat_job_reminds_a_month_before_and_deletes_lapsed(
    resident_client, resident, places, clerk
):
    case = file(
        resident_client,
        SLUG,
        {"action": "register"},
        address_answers(places["other"], kind="address"),
    )
    item = notification_address.enter_in_register(case, by=clerk)
    day = item.lapses_on
    assert tasks.remind_notification_addresses(day - timedelta(days=31)) == 0
    assert tasks.remind_notification_addresses(day - timedelta(days=30)) == 1
    assert tasks.remind_notification_addresses(day - timedelta(days=20)) == 0  # once
    assert tasks.delete_lapsed_notification_addresses(day - timedelta(days=1)) == 0
    assert tasks.delete_lapsed_notification_addresses(day) == 1
    assert tasks.delete_lapsed_notification_addresses(day) == 0
    item.refresh_from_db()
    assert item.ended_on == day
    templates = list(Notification.objects.values_list("template", flat=True))
    assert "register_notification_address_lapsing" in templates
    assert "register_notification_address_deleted" in templates


def test_a_clerk_marks_it_not_real(resident_client, resident, places, clerk):
    case = file(
        resident_client,
        SLUG,
        {"action": "register"},
        address_answers(places["other"], kind="address"),
    )
    item = notification_address.enter_in_register(case, by=clerk)
    notification_address.mark_not_real(item, by=clerk)
    item.refresh_from_db()
    assert item.not_real_since == today() and item.ended_on == today()
    assert resident.person.current_address(Address.Kind.NOTIFICATION) is None


def test_registration_at_a_watched_address_alerts_the_holder(
    resident_client, resident, places, landlord, clerk
):
    actions.create_package(
        landlord.person,
        places["flat"],
        ["letter", "fax", "email", "sms"],
        {
            "email": "landlord@example.hu",
            "phone": "+36301234567",
            "fax": "+3612345678",
            "letter_address": "1051 Budapest, Nádor utca 5.",
        },
    )
    case = file(
        resident_client,
        SLUG,
        {"action": "register"},
        address_answers(places["flat"], kind="address"),
    )
    notification_address.enter_in_register(case, by=clerk)
    sent = Notification.objects.filter(template="register_address_alert")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "fax", "letter", "sms"]
    assert all(resident.person.full_name in str(n.context) for n in sent)
    # Again for the same case: nothing twice.
    assert (
        actions.send_address_alerts(
            places["flat"], registrant=resident.person, registered_on=today(), case=case
        )
        == 0
    )
    assert AccessRecord.objects.filter(person=resident.person, data="data_release").exists()
