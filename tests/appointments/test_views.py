"""The pages, through the test client: dates are counted from the real today."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments import actions, links
from appointments.models import Booking, BusStop, Closure
from cases.deadlines import load_calendar
from notifications.models import Notification
from tests.appointments.conftest import ID_CARD, make_office


@pytest.fixture
def day():
    today = timezone.localdate()
    return load_calendar(today).add_working_days(today, 3)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def key(day, hour, minute=0):
    return f"{day:%Y-%m-%d}T{hour:02d}:{minute:02d}"


def aware(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def book_url(office, **extra):
    query = "&".join(
        f"{k}={v}" for k, v in {"service": "id_card", "office": office.code, **extra}.items()
    )
    return reverse("appointments:book") + "?" + query


def test_offices_are_found_by_settlement_postal_code_and_service(client, office):
    make_office("szeged", settlement="Szeged", postal="6720")
    page = client.get(reverse("appointments:offices"), {"q": "szeg"})
    assert page.status_code == 200
    assert [o.code for o in page.context["offices"]] == ["szeged"]
    page = client.get(reverse("appointments:offices"), {"q": "105"})
    assert [o.code for o in page.context["offices"]] == ["bp-test"]
    page = client.get(reverse("appointments:offices"), {"service": "nek", "q": ""})
    assert {o.code for o in page.context["offices"]} == {"bp-test", "szeged"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "<script>"}, "settlement name or a four-digit postal code"),
        ({"service": "rocket"}, "Choose a matter from the list"),
        ({"q": "x" * 101}, "at most 100 characters"),
    ],
)
def test_bad_finder_input_is_told_at_its_field(english, office, params, message):
    page = english.get(reverse("appointments:offices"), params)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert page.context["offices"] == []


def test_the_office_page_shows_hours_services_and_closures(client, office, day):
    Closure.objects.create(office=office, first_day=day, last_day=day, reason="Áramszünet")
    page = client.get(reverse("appointments:office", args=[office.code]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "08:00–16:00" in text
    assert "Áramszünet" in text
    assert book_url(office).replace("&", "&amp;") in text
    assert client.get(reverse("appointments:office", args=["nope"])).status_code == 404


def test_a_closure_reason_is_marked_with_the_language_it_was_written_in(english, office, day):
    Closure.objects.create(
        office=office, first_day=day, last_day=day, reason="Aramszunet", reason_language="hu"
    )
    text = english.get(reverse("appointments:office", args=[office.code])).content.decode()
    assert '(<span lang="hu">Aramszunet</span>)' in text


def test_the_designated_office_says_it_stays_open(client, office, day):
    closure = Closure.objects.create(kind=Closure.Kind.YEAR_END, first_day=day, last_day=day)
    closure.open_offices.add(office)
    page = client.get(reverse("appointments:office", args=[office.code]))
    assert "designated" in page.content.decode() or "kijelölt" in page.content.decode()


def test_the_bus_timetable_lists_upcoming_stops(client, bus, day):
    BusStop.objects.create(
        bus=bus,
        postal_code="2009",
        settlement="Pilisszentlászló",
        place="Községháza",
        day=day,
        starts=time(9),
        ends=time(11),
    )
    BusStop.objects.create(
        bus=bus,
        postal_code="2021",
        settlement="Tahitótfalu",
        place="Tér",
        day=timezone.localdate() - timedelta(days=1),
        starts=time(9),
        ends=time(11),
    )
    page = client.get(reverse("appointments:bus"))
    text = page.content.decode()
    assert "Pilisszentlászló" in text and "Tahitótfalu" not in text
    page = client.get(reverse("appointments:bus"), {"q": "2021"})
    assert page.context["stops"] == []


def test_the_pages_work_without_login_and_without_javascript(client, office):
    for name in ("appointments:offices", "appointments:bus", "appointments:book"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert "<script" not in page.content.decode()


def test_booking_steps_matter_place_time(client, office, bus, day):
    page = client.get(reverse("appointments:book"))
    assert page.context["service_form"] is not None
    page = client.get(reverse("appointments:book"), {"service": "id_card", "q": "Budapest"})
    assert [o.code for o in page.context["offices"]] == [office.code]
    page = client.get(book_url(office, day=day.isoformat()))
    assert page.context["day"] == day
    assert key(day, 8) in page.content.decode()
    assert day in {d for d, _n in page.context["days"]}


def test_a_logged_in_citizen_books_and_sees_it_in_my_requests(citizen_client, citizen, office, day):
    page = citizen_client.post(
        reverse("appointments:book"),
        {"service": "id_card", "office": office.code, "slot": key(day, 9)},
    )
    booking = Booking.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("appointments:booking", args=[booking.reference])
    assert (booking.user, booking.email, booking.status) == (citizen, citizen.email, "booked")
    mine = citizen_client.get(reverse("portal:my_requests"))
    assert reverse("appointments:booking", args=[booking.reference]) in mine.content.decode()


def test_someone_elses_booking_is_not_found(client, other_citizen, office, day):
    booking = actions.book(
        office,
        ID_CARD,
        aware(day, 9),
        by=actions.Booker("Más Ember", other_citizen.email, "hu", other_citizen),
    )
    from tests import factories

    client.force_login(factories.CitizenFactory())
    for name in ("booking", "booking_move", "booking_calendar"):
        assert (
            client.get(reverse(f"appointments:{name}", args=[booking.reference])).status_code == 404
        )
    assert (
        client.post(reverse("appointments:booking_cancel", args=[booking.reference])).status_code
        == 404
    )
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_anonymous_booking_needs_name_and_email(client, office, day):
    page = client.post(
        reverse("appointments:book"),
        {
            "service": "id_card",
            "office": office.code,
            "slot": key(day, 9),
            "name": "",
            "email": "nem-email",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Adja meg a nevét." in text
    assert "nev@example.hu" in text
    assert not Booking.objects.exists()


def test_anonymous_booking_is_confirmed_by_the_link(client, office, day):
    page = client.post(
        reverse("appointments:book"),
        {
            "service": "id_card",
            "office": office.code,
            "slot": key(day, 9),
            "name": "Minta Anna",
            "email": "anna@example.hu",
        },
    )
    assert page["Location"] == reverse("appointments:book_sent")
    booking = Booking.objects.get()
    assert booking.status == "pending" and booking.user is None
    confirm_url = Notification.objects.get(template="appointment_confirm").context["confirm_url"]
    path = confirm_url.split("127.0.0.1:8000", 1)[-1] if "://" in confirm_url else confirm_url
    path = "/" + path.split("/", 3)[3] if "://" in path else path
    # Opening the link changes nothing (mail scanners open links); the button does.
    assert client.get(path).status_code == 200
    booking.refresh_from_db()
    assert booking.status == "pending"
    done = client.post(path)
    booking.refresh_from_db()
    assert booking.status == "booked"
    assert done["Location"].startswith("/appointments/manage/")
    manage = client.get(done["Location"])
    assert booking.reference in manage.content.decode()


def test_a_damaged_confirmation_link_is_a_clear_404(client, office):
    assert client.get(reverse("appointments:confirm", args=["x" * 60])).status_code == 404
    assert client.get(reverse("appointments:manage", args=["x" * 60])).status_code == 404


def test_an_unconfirmed_booking_cannot_be_managed(client, office, day):
    booking = actions.book(
        office, ID_CARD, aware(day, 9), by=actions.Booker("A", "a@example.hu", "hu")
    )
    assert client.get(links.manage_path(booking)).status_code == 404


def test_a_slot_just_taken_is_told_with_the_nearest_free_times(english, office, day):
    client = english
    for email in ("a@example.hu", "b@example.hu"):
        actions.book(office, ID_CARD, aware(day, 9), by=actions.Booker("A", email, "hu"))
    page = client.post(
        reverse("appointments:book"),
        {
            "service": "id_card",
            "office": office.code,
            "slot": key(day, 9),
            "name": "Minta Anna",
            "email": "anna@example.hu",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "just taken" in text
    assert [s.key for s in page.context["nearest"]] == [
        key(day, 8, 20),
        key(day, 8, 40),
        key(day, 9, 20),
    ]
    assert Booking.objects.count() == 2


@pytest.mark.parametrize(
    "slot",
    ["", "junk", "2020-01-01T09:00", "9999-12-31T23:59", "2027-02-30T09:00"],
)
def test_bad_slots_never_fail(client, office, slot):
    page = client.post(
        reverse("appointments:book"),
        {
            "service": "id_card",
            "office": office.code,
            "slot": slot,
            "name": "Minta Anna",
            "email": "anna@example.hu",
        },
    )
    assert page.status_code == 200
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"service": "rocket"},
        {"service": "id_card", "office": "nope"},
        {"service": "id_card", "office": "bus-test", "stop": "abc"},
        {"service": "id_card", "office": "bus-test", "stop": "999999"},
        {"service": "id_card", "office": "bp-test", "day": "2027-99-01", "from": "junk"},
        {"service": "id_card", "office": "bp-test", "from": "1999-01-01"},
    ],
)
def test_junk_in_the_booking_address_never_fails(client, office, bus, params):
    assert client.get(reverse("appointments:book"), params).status_code == 200


def test_moving_and_cancelling_by_the_emailed_link(client, office, day):
    booking = actions.book(
        office, ID_CARD, aware(day, 9), by=actions.Booker("A", "a@example.hu", "hu")
    )
    actions.confirm(booking.pk, booking.link_key)
    path = links.manage_path(booking)
    move = client.post(path + "move/", {"slot": key(day, 11)})
    assert move["Location"] == path
    booking.refresh_from_db()
    assert booking.starts_at == aware(day, 11)
    calendar = client.get(path + "idopont.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in calendar.content
    client.post(path + "cancel/")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    # A cancelled booking cannot be moved back.
    client.post(path + "move/", {"slot": key(day, 12)})
    booking.refresh_from_db()
    assert booking.starts_at == aware(day, 11)


def test_moving_and_cancelling_from_my_requests(citizen_client, citizen, office, day):
    booking = actions.book(
        office, ID_CARD, aware(day, 9), by=actions.Booker("A", citizen.email, "hu", citizen)
    )
    page = citizen_client.get(
        reverse("appointments:booking_move", args=[booking.reference]), {"day": day.isoformat()}
    )
    assert key(day, 10) in page.content.decode()
    citizen_client.post(
        reverse("appointments:booking_move", args=[booking.reference]), {"slot": key(day, 10)}
    )
    booking.refresh_from_db()
    assert booking.starts_at == aware(day, 10)
    citizen_client.post(reverse("appointments:booking_cancel", args=[booking.reference]))
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_anonymous_booking_is_rate_limited(client, office, settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get(reverse("appointments:book")).status_code == 200
    refused = client.get(reverse("appointments:book"))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_logged_in_citizens_are_not_held_to_the_visitor_limit(citizen_client, office, settings):
    settings.PORTAL_ANONYMOUS_RATE_LIMIT = "2/m"
    for _ in range(4):
        assert citizen_client.get(reverse("appointments:book")).status_code == 200


def test_booking_from_the_bus_timetable_keeps_the_stop(client, bus, stop, day):
    BusStop.objects.filter(pk=stop.pk).update(day=day)
    page = client.get(reverse("appointments:bus"))
    link = f"office={bus.code}&amp;stop={stop.pk}"
    assert link in page.content.decode()
    chosen = client.get(reverse("appointments:book"), {"office": bus.code, "stop": stop.pk})
    assert f'name="stop" value="{stop.pk}"' in chosen.content.decode()
    times = client.get(
        reverse("appointments:book"), {"service": "id_card", "office": bus.code, "stop": stop.pk}
    )
    assert times.context["stop"] == stop
    assert [s.key for s in times.context["day_slots"]][:1] == [key(day, 9)]
