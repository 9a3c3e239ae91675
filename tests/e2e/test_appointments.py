"""Booking, moving and cancelling an appointment in Chromium, logged in and without login,
every page checked with axe."""

from __future__ import annotations

import re

import pytest

from appointments.models import Booking
from notifications.models import Notification
from tests.appointments.conftest import make_office
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _pick_first_day_and_time(page, axe_check) -> None:
    page.get_by_role("heading", name="Napok szabad időponttal").wait_for()
    page.locator("#days-heading ~ ul a").first.click()
    page.locator("input[name=slot]").first.wait_for()
    assert axe_check(page) == [], page.url
    page.locator("input[name=slot]").first.check()


def test_a_logged_in_citizen_books_moves_and_cancels(
    page, live_server, client, citizen, axe_check, settings
):
    settings.PORTAL_BASE_URL = live_server.url
    make_office("bp-05", settlement="Budapest", postal="1051")
    log_in(page, live_server, client, citizen)

    page.goto(f"{live_server.url}/appointments/")
    assert axe_check(page) == []
    page.get_by_label("Település vagy irányítószám").fill("Budapest")
    page.get_by_label(re.compile("^Ügy")).select_option("id_card")
    page.get_by_role("button", name="Keresés").click()
    page.get_by_role("link", name=re.compile("Kormányablak")).first.click()
    page.wait_for_url(re.compile(r"/appointments/offices/bp-05/$"))
    assert "08:00–16:00" in page.content()
    assert axe_check(page) == []
    page.get_by_role("link", name=re.compile("Személyazonosító igazolvány")).click()

    _pick_first_day_and_time(page, axe_check)
    page.get_by_role("button", name="Foglalás").click()
    page.wait_for_url(re.compile(r"/appointments/mine/IP[A-Z0-9]+/$"))
    booking = Booking.objects.get()
    assert booking.status == "booked" and booking.user == citizen
    assert "Időpontját lefoglaltuk" in page.content()
    assert axe_check(page) == []

    page.goto(f"{live_server.url}/my-requests/")
    page.get_by_role("link", name=re.compile("Áthelyezés vagy lemondás")).click()
    page.get_by_role("link", name="Áthelyezés másik időpontra").click()
    page.locator("#days-heading ~ ul a").nth(1).click()
    page.locator("input[name=slot]").first.wait_for()
    assert axe_check(page) == []
    page.locator("input[name=slot]").nth(2).check()
    page.get_by_role("button", name="Áthelyezés erre az időpontra").click()
    page.get_by_text("Időpontját áthelyeztük").wait_for()
    moved = Booking.objects.get()
    assert moved.starts_at != booking.starts_at and moved.sequence == 1
    assert axe_check(page) == []

    page.get_by_role("button", name="Az időpont lemondása").click()
    page.get_by_text("Időpontját lemondtuk").wait_for()
    assert Booking.objects.get().status == "cancelled"
    assert axe_check(page) == []
    templates = set(Notification.objects.values_list("template", flat=True))
    assert {"appointment_booked", "appointment_moved", "appointment_cancelled"} <= templates


def test_a_visitor_books_without_login_confirms_by_email_moves_and_cancels(
    page, live_server, axe_check, settings
):
    settings.PORTAL_BASE_URL = live_server.url
    make_office("bp-05", settlement="Budapest", postal="1051")

    page.goto(f"{live_server.url}/appointments/book/")
    assert axe_check(page) == []
    page.get_by_role("radio", name=re.compile("Személyazonosító igazolvány")).check()
    page.get_by_role("button", name="Tovább").click()
    page.get_by_label("Település vagy irányítószám").fill("1051")
    page.get_by_role("button", name="Keresés").click()
    assert axe_check(page) == []
    page.get_by_role("link", name=re.compile("Kormányablak")).first.click()

    _pick_first_day_and_time(page, axe_check)
    page.get_by_role("button", name="Foglalás").click()
    # Without name and e-mail: messages at the fields, nothing booked.
    page.get_by_text("Adja meg a nevét.").wait_for()
    assert not Booking.objects.exists()
    assert axe_check(page) == []
    page.locator("input[name=slot]").first.check()
    page.get_by_label("Az Ön neve").fill("Minta Anna")
    page.get_by_label("E-mail-cím").fill("anna@example.hu")
    page.get_by_role("button", name="Foglalás").click()
    page.wait_for_url(re.compile(r"/appointments/book/sent/$"))
    assert axe_check(page) == []
    assert Booking.objects.get().status == "pending"

    confirm_url = Notification.objects.get(template="appointment_confirm").context["confirm_url"]
    page.goto(confirm_url)
    assert axe_check(page) == []
    page.get_by_role("button", name="Megerősítem a foglalást").click()
    page.wait_for_url(re.compile(r"/appointments/manage/[^/]+/$"))
    assert Booking.objects.get().status == "booked"
    assert axe_check(page) == []

    page.get_by_role("link", name="Áthelyezés másik időpontra").click()
    page.locator("#days-heading ~ ul a").first.click()
    page.locator("input[name=slot]").nth(3).check()
    page.get_by_role("button", name="Áthelyezés erre az időpontra").click()
    page.get_by_text("Időpontját áthelyeztük").wait_for()
    assert Booking.objects.get().sequence == 1
    page.get_by_role("button", name="Az időpont lemondása").click()
    page.get_by_text("Időpontját lemondtuk").wait_for()
    assert Booking.objects.get().status == "cancelled"
    assert axe_check(page) == []
