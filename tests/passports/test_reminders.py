"""The six-month passport expiry e-mail links to the right request, ready to continue."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case
from cases.workflow import Status
from documents.models import DocumentKind
from idcards import tasks
from notifications.models import Notification
from notifications.rendering import render_message
from tests.factories import PassportFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


@pytest.fixture
def today(time_machine_today):
    time_machine_today(TODAY)
    return TODAY


def mail_text(number: str) -> str:
    mail = Notification.objects.get(context__number=number)
    return render_message(mail.template, "hu", mail.context).text


def test_a_second_passport_gets_a_prepared_draft_request(today, citizen, settings):
    PassportFactory(holder=citizen.person, expires_on=date(2030, 1, 1))  # the base
    second = PassportFactory(
        holder=citizen.person,
        kind=DocumentKind.SECOND_PASSPORT,
        validity_years=2,
        expires_on=date(2027, 6, 6),
    )
    assert tasks.send_expiry_reminders() == 1
    draft = Case.objects.get(case_type="passports.second_passport", applicant=citizen)
    assert draft.status == Status.DRAFT
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("flow:step", args=[draft.reference, 0])
    assert link in mail_text(second.number)
    steps = draft.draft_data["steps"]
    assert steps["0"] == {"reason": "work", "replaces": "no"}
    address = citizen.person.current_address("residence")
    if address is not None:
        assert steps["1"]["postal_code"] == address.postal_code
    # The citizen opens it: the reason is chosen; only the attachment is left.
    client = Client()
    client.force_login(citizen)
    page = client.get(reverse("flow:step", args=[draft.reference, 0]))
    assert page.status_code == 200
    assert 'value="work" checked' in page.content.decode().replace("\n", " ") or (
        "checked" in page.content.decode()
    )
    # A second run sends nothing and prepares no second draft.
    assert tasks.send_expiry_reminders() == 0
    assert Case.objects.filter(case_type="passports.second_passport").count() == 1


def test_a_private_passport_links_the_appointment_booking(today, citizen):
    passport = PassportFactory(holder=citizen.person, expires_on=date(2027, 6, 6))
    assert tasks.send_expiry_reminders() == 1
    text = mail_text(passport.number)
    assert reverse("appointments:book") + "?service=passport" in text
    assert not Case.objects.exists()


def test_the_one_month_reminder_has_no_link(today, citizen):
    passport = PassportFactory(holder=citizen.person, expires_on=date(2027, 1, 6))
    assert tasks.send_expiry_reminders() == 1
    assert "?service=passport" not in mail_text(passport.number)


def test_a_citizen_who_refused_reminders_gets_none(today, citizen):
    citizen.document_expiry_reminders = False
    citizen.save()
    PassportFactory(
        holder=citizen.person,
        kind=DocumentKind.SECOND_PASSPORT,
        validity_years=2,
        expires_on=date(2027, 6, 6),
    )
    assert tasks.send_expiry_reminders() == 0
    assert not Case.objects.exists()
