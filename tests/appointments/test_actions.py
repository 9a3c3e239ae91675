from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from appointments import actions, links
from appointments.actions import Booker, BookingRefused
from appointments.models import Booking, Closure
from notifications.models import Notification
from notifications.tasks import deliver_notification
from tests.appointments.conftest import DRIVING, ID_CARD, NOW, PASSPORT, TUESDAY, at


@pytest.fixture(autouse=True)
def _in_english():
    # The refusals are read in English here; their Hungarian is checked on the pages.
    with translation.override("en"):
        yield


def anonymous(email="anna@example.hu"):
    return Booker(name="Minta Anna", email=email, language="hu")


def logged_in(user):
    return Booker(name="Teszt Elek", email=user.email, language="en", user=user)


def _calendar_of(notification) -> Calendar:
    (attachment,) = notification.attachments
    assert attachment["filename"] == "idopont.ics"
    assert attachment["content_type"].startswith("text/calendar")
    return Calendar.from_ical(attachment["content"])


def test_a_logged_in_booking_is_confirmed_at_once_with_a_calendar_file(office, citizen):
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    assert booking.status == Booking.Status.BOOKED
    assert (booking.desk, booking.group, booking.user) == (1, "documents", citizen)
    assert booking.ends_at == at(TUESDAY, 9, 20)
    sent = Notification.objects.get(template="appointment_booked")
    assert sent.recipient == citizen.email and sent.language == "en"
    assert booking.reference in sent.subject
    event = _calendar_of(sent).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(TUESDAY, 9)
    assert event.decoded("dtend") == at(TUESDAY, 9, 20)
    assert str(event["uid"]).startswith(booking.reference + "@")
    assert office.name in str(event["location"])


def test_the_calendar_file_reaches_the_mail(office, citizen):
    actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    deliver_notification(Notification.objects.get(template="appointment_booked").pk)
    (message,) = mail.outbox
    (name, content, content_type) = message.attachments[0]
    assert name == "idopont.ics" and content_type.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content


def test_two_desks_give_the_same_time_twice_and_the_third_is_told_the_nearest(office, citizen):
    first = actions.book(office, ID_CARD, at(TUESDAY, 9), by=anonymous("a@example.hu"), now=NOW)
    second = actions.book(office, PASSPORT, at(TUESDAY, 9), by=anonymous("b@example.hu"), now=NOW)
    assert {first.desk, second.desk} == {1, 2}
    with pytest.raises(BookingRefused) as refused:
        actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    assert "just taken" in refused.value.message
    assert [s.starts_at for s in refused.value.nearest] == [
        at(TUESDAY, 8, 20),  # a tie with 09:40: the earlier wins
        at(TUESDAY, 8, 40),
        at(TUESDAY, 9, 20),
    ]
    assert Booking.objects.count() == 2


@pytest.mark.parametrize(
    ("start", "words"),
    [
        (at(TUESDAY, 9, 10), "closed at that time"),  # not a slot start
        (at(TUESDAY, 17), "closed at that time"),  # after hours
        (at(TUESDAY.replace(day=13), 9), "closed at that time"),  # Saturday
        (NOW - timedelta(hours=1), "already passed"),
        (None, "Choose a time"),
    ],
)
def test_times_that_are_not_free_slots_are_refused(office, start, words):
    with pytest.raises(BookingRefused) as refused:
        actions.book(office, ID_CARD, start, by=anonymous(), now=NOW)
    assert words in refused.value.message
    assert not Booking.objects.exists()


def test_a_closed_office_is_refused_with_times_after_the_closure(office):
    Closure.objects.create(office=office, first_day=TUESDAY, last_day=TUESDAY)
    with pytest.raises(BookingRefused) as refused:
        actions.book(office, ID_CARD, at(TUESDAY, 9), by=anonymous(), now=NOW)
    assert refused.value.nearest
    assert all(s.starts_at.date() != TUESDAY for s in refused.value.nearest)


def test_a_service_the_office_does_not_offer_is_refused(bus, stop):
    with pytest.raises(BookingRefused) as refused:
        actions.book(bus, DRIVING, at(TUESDAY, 9), by=anonymous(), stop=stop, now=NOW)
    assert refused.value.field == "office"


def test_two_open_bookings_per_service_and_person(office, citizen, settings):
    settings.APPOINTMENT_LIMIT_PER_SERVICE = 2
    me = logged_in(citizen)
    actions.book(office, ID_CARD, at(TUESDAY, 9), by=me, now=NOW)
    actions.book(office, ID_CARD, at(TUESDAY, 10), by=me, now=NOW)
    with pytest.raises(BookingRefused) as refused:
        actions.book(office, ID_CARD, at(TUESDAY, 11), by=me, now=NOW)
    assert refused.value.field == "service"
    # Another matter is fine; so is the same one once a booking is cancelled.
    actions.book(office, PASSPORT, at(TUESDAY, 11), by=me, now=NOW)
    actions.cancel(Booking.objects.filter(service="id_card").first(), now=NOW)
    actions.book(office, ID_CARD, at(TUESDAY, 11), by=me, now=NOW)


def test_the_limit_counts_bookings_made_without_login_under_the_same_address(office, citizen):
    actions.book(office, ID_CARD, at(TUESDAY, 9), by=anonymous(citizen.email.upper()), now=NOW)
    actions.book(office, ID_CARD, at(TUESDAY, 10), by=anonymous(citizen.email), now=NOW)
    with pytest.raises(BookingRefused):
        actions.book(office, ID_CARD, at(TUESDAY, 11), by=logged_in(citizen), now=NOW)


def test_an_anonymous_booking_waits_for_its_link_and_holds_the_desk(office, settings):
    settings.APPOINTMENT_CONFIRMATION_MINUTES = 30
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=anonymous(), now=NOW)
    assert booking.status == Booking.Status.PENDING
    assert booking.hold_until == NOW + timedelta(minutes=30)
    ask = Notification.objects.get(template="appointment_confirm")
    assert "/appointments/confirm/" in ask.context["confirm_url"]
    assert not ask.attachments
    assert not Notification.objects.filter(template="appointment_booked").exists()
    token = ask.context["confirm_url"].rstrip("/").rsplit("/", 1)[1]
    booking_id, key = links.read(token, purpose=links.CONFIRM)
    confirmed = actions.confirm(booking_id, key, now=NOW + timedelta(minutes=5))
    assert confirmed.status == Booking.Status.BOOKED
    assert Notification.objects.filter(template="appointment_booked").count() == 1
    # A second click changes nothing and sends nothing.
    actions.confirm(booking_id, key, now=NOW + timedelta(minutes=6))
    assert Notification.objects.filter(template="appointment_booked").count() == 1


def test_an_unconfirmed_booking_is_released_after_its_hold(office, settings):
    settings.APPOINTMENT_CONFIRMATION_MINUTES = 30
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=anonymous(), now=NOW)
    later = NOW + timedelta(minutes=31)
    with pytest.raises(actions.ConfirmationFailed):
        actions.confirm(booking.pk, booking.link_key, now=later)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.EXPIRED
    with pytest.raises(actions.ConfirmationFailed):
        actions.confirm(booking.pk, "wrong-key", now=NOW)


def test_a_stale_hold_gives_its_desk_to_the_next_booking(office, citizen, settings):
    settings.APPOINTMENT_CONFIRMATION_MINUTES = 30
    for email in ("a@example.hu", "b@example.hu"):
        actions.book(office, ID_CARD, at(TUESDAY, 9), by=anonymous(email), now=NOW)
    later = NOW + timedelta(minutes=31)
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=later)
    assert booking.status == Booking.Status.BOOKED
    # Both stale holds of that time were released.
    assert Booking.objects.filter(status=Booking.Status.EXPIRED).count() == 2


def test_moving_keeps_the_booking_and_sends_an_updated_calendar(office, citizen):
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    moved = actions.move(booking, at(TUESDAY, 14), now=NOW)
    assert (moved.pk, moved.starts_at, moved.sequence) == (booking.pk, at(TUESDAY, 14), 1)
    event = _calendar_of(Notification.objects.get(template="appointment_moved")).walk("VEVENT")[0]
    assert event["sequence"] == 1
    assert event.decoded("dtstart") == at(TUESDAY, 14)


def test_moving_onto_a_full_time_is_refused_and_keeps_the_old_one(office, citizen):
    for email in ("a@example.hu", "b@example.hu"):
        actions.book(office, ID_CARD, at(TUESDAY, 14), by=anonymous(email), now=NOW)
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    with pytest.raises(BookingRefused) as refused:
        actions.move(booking, at(TUESDAY, 14), now=NOW)
    assert refused.value.nearest
    booking.refresh_from_db()
    assert booking.starts_at == at(TUESDAY, 9)


def test_cancelling_frees_the_desk_and_sends_a_cancelling_calendar(office, citizen):
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    assert actions.cancel(booking, now=NOW)
    assert not actions.cancel(booking, now=NOW)
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", "citizen")
    calendar = _calendar_of(Notification.objects.get(template="appointment_cancelled"))
    assert str(calendar["method"]) == "CANCEL"
    assert Notification.objects.filter(template="appointment_cancelled").count() == 1


def test_a_closure_added_over_bookings_cancels_them_and_offers_free_times(office, citizen):
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    elsewhere = actions.book(
        office, ID_CARD, at(TUESDAY + timedelta(days=1), 9), by=anonymous(), now=NOW
    )
    closure = Closure.objects.create(
        office=office, first_day=TUESDAY, last_day=TUESDAY, reason="Áramszünet"
    )
    assert actions.apply_closure(closure, now=NOW) == 1
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by, booking.closure) == (
        "cancelled",
        "closure",
        closure,
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == Booking.Status.PENDING
    notice = Notification.objects.get(template="appointment_cancelled")
    assert notice.context["by_closure"] and notice.context["reason"] == "Áramszünet"
    assert len(notice.context["nearest"]) == 3
    assert not any("9 March" in moment for moment in notice.context["nearest"])
    # Applying it again changes nothing.
    assert actions.apply_closure(closure, now=NOW) == 0


def test_the_year_end_closure_spares_the_designated_offices(office, citizen):
    from tests.appointments.conftest import make_office

    designated = make_office("designated")
    kept = actions.book(designated, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    dropped = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    closure = Closure.objects.create(
        kind=Closure.Kind.YEAR_END, first_day=TUESDAY, last_day=TUESDAY
    )
    closure.open_offices.add(designated)
    assert actions.apply_closure(closure, now=NOW) == 1
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == ("booked", "cancelled")


def test_clerks_mark_arrivals_and_no_shows(office, citizen):
    booking = actions.book(office, ID_CARD, at(TUESDAY, 9), by=logged_in(citizen), now=NOW)
    assert actions.mark(booking, Booking.Status.ARRIVED)
    booking.refresh_from_db()
    assert booking.status == "arrived"
    assert actions.mark(booking, Booking.Status.NO_SHOW)
    actions.cancel(booking, now=NOW)  # no longer open: nothing happens
    booking.refresh_from_db()
    assert booking.status == "no_show"
    with pytest.raises(ValueError):
        actions.mark(booking, Booking.Status.CANCELLED)


def test_a_bus_stop_booking(bus, stop):
    booking = actions.book(bus, ID_CARD, at(TUESDAY, 9, 20), by=anonymous(), stop=stop, now=NOW)
    assert booking.stop == stop
    assert "Pilisszentlászló" in booking.place
    with pytest.raises(BookingRefused):
        actions.book(
            bus, ID_CARD, at(TUESDAY, 9, 20), by=anonymous("x@example.hu"), stop=stop, now=NOW
        )
