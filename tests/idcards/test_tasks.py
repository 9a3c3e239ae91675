"""The expiry reminders of ID cards and passports: stages, refusal, idempotence, hook."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.models import Document, DocumentKind
from idcards import tasks
from idcards.models import ExpiryReminder
from notifications.models import Notification
from tests.factories import CitizenFactory, DocumentFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


@pytest.fixture
def today(time_machine_today):
    time_machine_today(TODAY)
    return TODAY


def card(expires_on, *, kind=DocumentKind.ID_CARD, citizen=None, **extra):
    citizen = citizen or CitizenFactory()
    return DocumentFactory(
        holder=citizen.person, kind=kind, expires_on=expires_on, **extra
    ), citizen


def sent():
    return sorted(
        (n.recipient, n.context["number"], n.context["stage"])
        for n in Notification.objects.filter(template=tasks.REMINDER_TEMPLATE)
    )


def test_id_card_stages(today):
    two, a = card(date(2027, 2, 6))  # two months from today
    one, b = card(date(2027, 1, 6))  # one month
    day, c = card(TODAY)  # today
    far, _ = card(date(2027, 2, 7))  # not yet
    assert tasks.send_expiry_reminders() == 3
    assert sent() == sorted(
        [
            (a.email, two.number, "2_months"),
            (b.email, one.number, "1_month"),
            (c.email, day.number, "on_the_day"),
        ]
    )
    assert far.expiry_reminders.count() == 0


def test_passport_stages(today):
    six, a = card(date(2027, 6, 6), kind=DocumentKind.PASSPORT)
    two, _ = card(date(2027, 2, 6), kind=DocumentKind.PASSPORT)  # between 6 and 1: sent at 6
    one, b = card(date(2027, 1, 6), kind=DocumentKind.SECOND_PASSPORT)
    tasks.send_expiry_reminders()
    stages = {(n.context["number"], n.context["stage"]) for n in Notification.objects.all()}
    assert (six.number, "6_months") in stages
    assert (one.number, "1_month") in stages
    # already past its six-month day and not yet at one month: its six-month
    # reminder is due (caught up), once
    assert (two.number, "6_months") in stages


def test_a_second_run_sends_nothing(today):
    card(date(2027, 2, 6))
    card(TODAY)
    assert tasks.send_expiry_reminders() == 2
    assert tasks.send_expiry_reminders() == 0
    assert Notification.objects.count() == 2


def test_one_email_per_stage_across_the_days(time_machine_today):
    document, _ = card(date(2027, 3, 31))
    sent_days = []
    day = date(2027, 1, 1)
    while day <= date(2027, 4, 10):
        time_machine_today(day)
        if tasks.send_expiry_reminders():
            sent_days.append(day)
        day += timedelta(days=1)
    assert sent_days == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
    assert [r.stage for r in document.expiry_reminders.order_by("sent_at", "pk")] == [
        "2_months",
        "1_month",
        "on_the_day",
    ]


def test_a_document_found_late_gets_only_its_latest_stage(today):
    document, _ = card(date(2027, 1, 1))  # inside the one-month window already
    tasks.send_expiry_reminders()
    assert [r.stage for r in document.expiry_reminders.all()] == ["1_month"]


def test_refused_reminders_are_not_sent(today):
    _, citizen = card(TODAY)
    citizen.document_expiry_reminders = False
    citizen.save()
    assert tasks.send_expiry_reminders() == 0


def test_only_valid_documents_of_portal_users_with_an_address(today):
    card(TODAY, validity=Document.Validity.INVALIDATED)
    _, no_email = card(TODAY)
    no_email.email = ""
    no_email.save()
    DocumentFactory(expires_on=TODAY)  # a holder who never logged in
    card(TODAY, kind=DocumentKind.DRIVING_LICENCE)
    card(TODAY, kind=DocumentKind.TEMPORARY_ID_CARD)
    card(None)  # indefinite
    assert tasks.send_expiry_reminders() == 0


def test_a_missed_day_is_caught_up(time_machine_today):
    card(TODAY)
    time_machine_today(TODAY + timedelta(days=2))
    assert tasks.send_expiry_reminders() == 1
    (notification,) = Notification.objects.all()
    assert notification.context["expired"] is True


def test_the_email_in_the_holders_language(today):
    _, citizen = card(TODAY)
    citizen.preferred_language = "en"
    citizen.save()
    _, hungarian = card(date(2027, 1, 6), kind=DocumentKind.PASSPORT)
    tasks.send_expiry_reminders()
    english = Notification.objects.get(recipient=citizen.email)
    assert english.subject.startswith("Your identity card") and "expires today" in english.subject
    magyar = Notification.objects.get(recipient=hungarian.email)
    assert "Lejár" in magyar.subject and "2027. 01. 06." in magyar.subject


def test_batches_cover_every_document(today, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)
    documents = [card(date(2027, 1, 6))[0] for _ in range(5)]
    documents += [card(date(2027, 1, 5))[0] for _ in range(2)]
    assert tasks.send_expiry_reminders() == 7
    assert ExpiryReminder.objects.count() == 7


def test_passports_get_extra_context_through_the_hook(today, monkeypatch):
    monkeypatch.setattr(tasks, "_CONTEXT_RULES", {})
    calls = []

    def draft_link(document, stage):
        calls.append((document.number, stage))
        return {"extra_text": "Ready-made draft:", "extra_link": "https://example.hu/draft/1"}

    tasks.register_context([DocumentKind.PASSPORT], draft_link)
    passport, _ = card(date(2027, 6, 6), kind=DocumentKind.PASSPORT)
    card(date(2027, 2, 6))  # an ID card: no extra
    tasks.send_expiry_reminders()
    assert calls == [(passport.number, "6_months")]
    from notifications.rendering import render_message

    mail = Notification.objects.get(context__number=passport.number)
    assert "https://example.hu/draft/1" in render_message(mail.template, "hu", mail.context).text


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 12))
def test_latest_expiry_due_is_the_edge_of_the_due_range(today_, months):
    stage = tasks.Stage("x", months)
    edge = tasks.latest_expiry_due(today_, stage)
    assert tasks.reminder_day(edge, stage) <= today_
    assert tasks.reminder_day(edge + timedelta(days=1), stage) > today_
