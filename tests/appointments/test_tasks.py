from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments import actions, tasks
from appointments.actions import Booker
from appointments.models import Booking, Closure
from cases.deadlines import load_calendar
from notifications.models import Notification
from tests.appointments.conftest import ID_CARD, at


@pytest.mark.parametrize(
    ("today", "window"),
    [
        # A Tuesday reminds of Wednesday.
        (date(2027, 3, 9), (date(2027, 3, 10), date(2027, 3, 11))),
        # A Friday reminds of the weekend and of the Monday after.
        (date(2027, 3, 5), (date(2027, 3, 6), date(2027, 3, 9))),
        # The Friday before the 15 March holiday (a Monday) reminds up to Tuesday.
        (date(2027, 3, 12), (date(2027, 3, 13), date(2027, 3, 17))),
        # A Saturday reminds of nothing: its appointments were reminded of on Friday.
        (date(2027, 3, 6), None),
    ],
)
def test_the_reminder_comes_on_the_working_day_before(db, today, window):
    found = tasks.reminder_window(today)
    if window is None:
        assert found is None
    else:
        assert (found[0].date(), found[1].date()) == window


def test_reminders_are_sent_once_and_only_for_live_bookings(office, citizen, time_machine_today):
    today = timezone.localdate()
    calendar = load_calendar(today)
    working = calendar.next_working_day(today + timedelta(days=1))
    time_machine_today(working)
    tomorrow = calendar.next_working_day(working + timedelta(days=1))
    now = timezone.now()
    me = Booker("Teszt", citizen.email, "hu", citizen)
    live = actions.book(office, ID_CARD, at(tomorrow, 9), by=me, now=now)
    gone = actions.book(office, ID_CARD, at(tomorrow, 10), by=me, now=now)
    actions.cancel(gone, now=now)
    Notification.objects.all().delete()
    assert tasks.send_reminders() == 1
    assert tasks.send_reminders() == 0  # run twice: one e-mail
    (reminder,) = Notification.objects.filter(template="appointment_reminder")
    assert reminder.context["reference"] == live.reference
    assert reminder.attachments


def test_unconfirmed_holds_expire(office):
    booking = actions.book(
        office,
        ID_CARD,
        # A working day: five calendar days on can be a Saturday, when the office is shut.
        at(load_calendar(timezone.localdate()).add_working_days(timezone.localdate(), 3), 9),
        by=Booker("A", "a@example.hu", "hu"),
        now=timezone.now() - timedelta(hours=2),
    )
    assert tasks.expire_unconfirmed() == 1
    booking.refresh_from_db()
    assert booking.status == Booking.Status.EXPIRED


def test_a_closure_added_in_the_admin_cancels_the_bookings_it_covers(office, citizen, client):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests import factories

    today = timezone.localdate()
    day = load_calendar(today).add_working_days(today, 3)
    booking = actions.book(
        office, ID_CARD, at(day, 9), by=Booker("T", citizen.email, "hu", citizen)
    )
    supervisor = factories.ClerkFactory(is_superuser=True)
    device = TOTPDevice.objects.create(user=supervisor, name="t", confirmed=True)
    client.force_login(supervisor)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    response = client.post(
        reverse("admin:appointments_closure_add"),
        {
            "kind": "one_off",
            "office": office.pk,
            "first_day": day.isoformat(),
            "last_day": day.isoformat(),
            "reason": "Áramszünet",
            "reason_language": "hu",
            "created_at_0": day.isoformat(),
            "created_at_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", "closure")
    assert Notification.objects.filter(
        template="appointment_cancelled", recipient=citizen.email
    ).exists()
    assert Closure.objects.get().reason == "Áramszünet"


def test_clerks_see_the_days_bookings_and_mark_arrivals(office, citizen, clerk_client, clerk):
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_booking", "change_booking"])
    )
    today = timezone.localdate()
    day = load_calendar(today).add_working_days(today, 1)
    booking = actions.book(
        office, ID_CARD, at(day, 9), by=Booker("Teszt Elek", citizen.email, "hu", citizen)
    )
    page = clerk_client.get(
        reverse("admin:appointments_booking_changelist"),
        {"day": "tomorrow" if day == today + timedelta(days=1) else ""},
    )
    assert page.status_code == 200
    assert "Teszt Elek" in page.content.decode()
    clerk_client.post(
        reverse("admin:appointments_booking_changelist"),
        {"action": "mark_arrived", "_selected_action": [booking.pk]},
    )
    booking.refresh_from_db()
    assert booking.status == "arrived"
