"""Temporary withdrawal from traffic: rules, filing through the flow, payment,
the register at once, extension, and the reminder before the end."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cases.models import Case
from notifications.models import Notification
from payments.actions import on_payment_succeeded
from payments.models import Payment, new_order_ref
from payments.workflow import PaymentState
from tests.factories import PersonFactory
from tests.vehicles.conftest import make_vehicle
from vehicles import fees, tasks, temporary_withdrawal
from vehicles.models import Withdrawal, WithdrawalPeriod

pytestmark = pytest.mark.django_db
SLUG = "vehicles.temporary_withdrawal"
START = reverse("flow:start", args=[SLUG])
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
CHECK_FIRST = reverse("flow:check_first", args=[SLUG])


def today():
    return timezone.localdate()


def vehicle_answers(plate="RKZ-214", purpose="new", **extra):
    return {"plate": plate, "purpose": purpose, "holds_documents": "on", **extra}


def period_answers(days=90, start=None, **extra):
    start = start or today()
    return {
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=days)).isoformat(),
        **extra,
    }


def file_until_review(client, first=None, second=None) -> Case:
    response = client.post(SAVE_FIRST, first or vehicle_answers())
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    response = client.post(
        reverse("flow:save_step", args=[case.reference, 1]), second or period_answers()
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("flow:review", args=[case.reference])
    return case


def pay(case: Case) -> Payment:
    payment = Payment.objects.create(
        case=case,
        provider=Payment.Provider.SIMPLEPAY,
        amount=2300,
        order_ref=new_order_ref(case.reference),
        state=PaymentState.SUCCEEDED,
        provider_transaction_id="501000777",
        start_deadline=timezone.now() + timedelta(minutes=15),
        paid_at=timezone.now(),
    )
    assert on_payment_succeeded(payment) == "submitted"
    return payment


@pytest.fixture
def co_owned_kept_by_other(citizen):
    other = PersonFactory()
    return make_vehicle("KTT-550", [(citizen.person, 1, 2), (other, 1, 2)], keeper=other)


# --- the rules -------------------------------------------------------------------


def test_the_fee_is_2300_ft_administrative_service_fee():
    quote = fees.withdrawal_quote({})
    assert quote.total_huf == 2300
    assert [str(line.label) for line in quote.lines] == ["Igazgatási szolgáltatási díj"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_six_months_at_most_whatever_the_first_day(start):
    last = temporary_withdrawal.last_possible_day(start)
    assert last < temporary_withdrawal.add_months(start, 6)  # never a day over six months
    assert (last - start).days >= 179  # and never noticeably short of it
    assert temporary_withdrawal.last_possible_day(start + timedelta(days=1)) >= last


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (date(2026, 1, 1), date(2026, 6, 30)),
        (date(2026, 1, 15), date(2026, 7, 14)),
        (date(2025, 8, 31), date(2026, 2, 27)),
        (date(2026, 7, 1), date(2026, 12, 31)),
    ],
)
def test_last_possible_day_examples(start, last):
    assert temporary_withdrawal.last_possible_day(start) == last


def test_owner_and_keeper_may_withdraw(citizen, own_car):
    form = temporary_withdrawal.VehicleStep(vehicle_answers(), applicant=citizen)
    assert form.is_valid()
    assert temporary_withdrawal.withdrawal_state(citizen, form.cleaned_data) is None


def test_a_co_owner_who_is_the_keeper_may_withdraw(citizen_client, co_owned_car):
    response = citizen_client.post(SAVE_FIRST, vehicle_answers("AA BC-123"))
    assert response.status_code == 302


def test_the_documents_declaration_is_required(citizen_client, own_car):
    response = citizen_client.post(SAVE_FIRST, vehicle_answers(holds_documents=""))
    assert response.status_code == 422
    assert "törzskönyv" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("fixture", "plate", "message"),
    [
        ("others_car", "NEV-112", "nem tulajdonosa"),
        ("kept_by_other_car", "JHV-451", "üzembentartója"),
        ("co_owned_kept_by_other", "KTT-550", "üzembentartója"),
        ("withdrawn_car", "PTR-370", "már ki van vonva"),
        (None, "XYZ-999", "XYZ-999 rendszámú jármű"),
    ],
)
def test_refusals_are_specific_and_record_nothing(request, citizen_client, fixture, plate, message):
    if fixture:
        request.getfixturevalue(fixture)
    response = citizen_client.post(SAVE_FIRST, vehicle_answers(plate))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Case.objects.exists()
    assert not WithdrawalPeriod.objects.filter(case__isnull=False).exists()


def test_an_already_withdrawn_vehicle_is_offered_the_extension(citizen_client, withdrawn_car):
    response = citizen_client.post(CHECK_FIRST, vehicle_answers("PTR-370"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "már ki van vonva" in page and "meghosszabbítása" in page


def test_extending_a_vehicle_in_traffic_is_refused(citizen_client, own_car):
    response = citizen_client.post(SAVE_FIRST, vehicle_answers(purpose="extend"))
    assert response.status_code == 422
    assert "nincs kivonva" in response.content.decode()
    assert not Case.objects.exists()


def test_a_period_longer_than_six_months_is_refused(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, vehicle_answers())
    case = Case.objects.get()
    start = today()
    too_late = temporary_withdrawal.last_possible_day(start) + timedelta(days=1)
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]),
        {"starts_on": start.isoformat(), "ends_on": too_late.isoformat()},
    )
    assert response.status_code == 422
    assert "legfeljebb 6 hónapra" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "draft" and not Withdrawal.objects.exists()


@pytest.mark.parametrize("live", [False, True])
def test_a_first_day_in_year_9999_gets_a_field_message(citizen_client, own_car, live):
    # Six months after it there is no calendar left: the period cannot be computed.
    citizen_client.post(SAVE_FIRST, vehicle_answers())
    case = Case.objects.get()
    before = case.draft_data
    address = "flow:check_step" if live else "flow:save_step"
    response = citizen_client.post(
        reverse(address, args=[case.reference, 1]),
        {"starts_on": "9999-12-31", "ends_on": "9999-12-31"},
        HTTP_HX_REQUEST="true" if live else None,
    )
    assert response.status_code == (200 if live else 422)
    page = response.content.decode()
    assert 'id="id_starts_on_error"' in page
    assert "A forgalomból való kivonás nem kezdődhet ilyen távoli időpontban." in page
    case.refresh_from_db()
    assert case.draft_data == before and not Withdrawal.objects.exists()


def test_exactly_six_months_is_accepted(citizen_client, own_car):
    start = today() + timedelta(days=3)
    last = temporary_withdrawal.last_possible_day(start)
    file_until_review(
        citizen_client,
        second={"starts_on": start.isoformat(), "ends_on": last.isoformat()},
    )


@pytest.mark.parametrize(
    ("start_offset", "length", "message"),
    [(-1, 30, "nem kezdődhet a múltban"), (5, -2, "nem lehet korábbi")],
)
def test_bad_periods_are_refused(citizen_client, own_car, start_offset, length, message):
    citizen_client.post(SAVE_FIRST, vehicle_answers())
    case = Case.objects.get()
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]),
        period_answers(days=length, start=today() + timedelta(days=start_offset)),
    )
    assert response.status_code == 422
    assert message in response.content.decode()


# --- filing, paying, the register ----------------------------------------------------


def test_the_first_step_explains_the_service(citizen_client):
    page = citizen_client.get(START).content.decode()
    assert "legfeljebb 6 hónapra" in page and "2300 Ft" in page
    assert f'hx-post="{CHECK_FIRST}"' in page


def test_owner_files_pays_and_the_vehicle_is_withdrawn_at_once(citizen_client, citizen, own_car):
    case = file_until_review(citizen_client, second=period_answers(wants_receipt="on"))
    review = citizen_client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "RKZ-214" in review and "2\xa0300\xa0Ft" in review
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("payments:case_payment", args=[case.reference])
    case.refresh_from_db()
    assert case.status == "awaiting_payment"
    assert own_car.in_traffic()  # nothing happens before the fee is paid
    pay(case)
    case.refresh_from_db()
    assert case.status == "closed"
    assert not own_car.in_traffic()
    period = own_car.current_withdrawal()
    assert period.withdrawn_by == citizen.person and period.case == case
    assert period.ends_on == today() + timedelta(days=90)
    request = Withdrawal.objects.get(case=case)
    assert request.period == period and request.wants_receipt and request.extends is None
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "Fizetési bizonylat" in page and period.ends_on.strftime("%Y. %m. %d.") in page


def test_a_later_first_day_is_kept(citizen_client, own_car):
    start = today() + timedelta(days=10)
    case = file_until_review(citizen_client, second=period_answers(days=20, start=start))
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    pay(case)
    period = WithdrawalPeriod.objects.get(case=case)
    assert period.starts_on == start
    assert own_car.in_traffic() and not own_car.in_traffic(start)


def test_a_payment_after_the_first_day_starts_the_period_that_day(citizen_client, own_car):
    case = file_until_review(citizen_client)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    Withdrawal.objects.filter(case=case).update(starts_on=today() - timedelta(days=3))
    pay(case)
    assert WithdrawalPeriod.objects.get(case=case).starts_on == today()


def test_the_register_is_checked_again_when_the_money_arrives(
    citizen_client, own_car, other_citizen
):
    case = file_until_review(citizen_client)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    own_car.keeper = other_citizen.person
    own_car.save()
    payment = Payment.objects.create(
        case=case,
        provider=Payment.Provider.SIMPLEPAY,
        amount=2300,
        order_ref=new_order_ref(case.reference),
        state=PaymentState.SUCCEEDED,
        start_deadline=timezone.now(),
        paid_at=timezone.now(),
    )
    assert on_payment_succeeded(payment) == "failed"
    case.refresh_from_db()
    assert case.status == "awaiting_payment"
    assert not WithdrawalPeriod.objects.filter(case=case).exists()


def test_extension_continues_the_period_without_a_gap(citizen_client, citizen, withdrawn_car):
    current = withdrawn_car.current_withdrawal()
    citizen_client.post(SAVE_FIRST, vehicle_answers("PTR-370", purpose="extend"))
    case = Case.objects.get()
    first_day = current.ends_on + timedelta(days=1)
    step = citizen_client.get(reverse("flow:step", args=[case.reference, 1])).content.decode()
    # The first display already knows the vehicle: the start follows the current period.
    assert 'name="starts_on"' not in step
    assert first_day.strftime("%Y. %m. %d.") in step
    too_long = temporary_withdrawal.last_possible_day(first_day) + timedelta(days=1)
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]), {"ends_on": too_long.isoformat()}
    )
    assert response.status_code == 422
    step = response.content.decode()
    assert first_day.strftime("%Y. %m. %d.") in step and 'name="starts_on"' not in step
    assert "legfeljebb 6 hónapra" in step
    ends_on = first_day + timedelta(days=60)
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]),
        {"ends_on": ends_on.isoformat(), "remind_before_end": "on"},
    )
    assert response.status_code == 302
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    pay(Case.objects.get(pk=case.pk))
    request = Withdrawal.objects.get(case=case)
    assert request.extends == current and request.starts_on == first_day
    assert request.period.starts_on == first_day and request.period.ends_on == ends_on
    for day in (today(), current.ends_on, first_day, ends_on):
        assert not withdrawn_car.in_traffic(day)
    assert withdrawn_car.in_traffic(ends_on + timedelta(days=1))


def test_another_citizen_cannot_see_the_draft(citizen_client, own_car, other_citizen, client):
    citizen_client.post(SAVE_FIRST, vehicle_answers())
    case = Case.objects.get()
    client.force_login(other_citizen)
    assert client.get(reverse("flow:step", args=[case.reference, 1])).status_code == 404
    assert client.post(reverse("flow:submit", args=[case.reference])).status_code == 404


# --- the reminder before the end ---------------------------------------------------


@pytest.fixture
def ending_request(citizen_client, own_car):
    def make(days_left: int, remind=True) -> Withdrawal:
        Case.objects.filter(status="draft").delete()
        extra = {"remind_before_end": "on"} if remind else {}
        case = file_until_review(citizen_client, second=period_answers(days=100, **extra))
        citizen_client.post(reverse("flow:submit", args=[case.reference]))
        pay(case)
        request = Withdrawal.objects.get(case=case)
        WithdrawalPeriod.objects.filter(pk=request.period_id).update(
            starts_on=today() - timedelta(days=30), ends_on=today() + timedelta(days=days_left)
        )
        return request

    return make


def test_the_reminder_is_sent_once_before_the_end(citizen, ending_request):
    request = ending_request(days_left=temporary_withdrawal.REMINDER_DAYS_BEFORE_END)
    assert tasks.remind_withdrawals_ending() == 1
    assert tasks.remind_withdrawals_ending() == 0  # a rerun sends nothing
    notice = Notification.objects.get(template="vehicle_withdrawal_ending")
    assert notice.recipient == citizen.email and notice.case == request.case
    assert "RKZ-214" in notice.subject and "lejár" in notice.subject
    request.refresh_from_db()
    assert request.reminder_sent_at is not None


def test_no_reminder_too_early_or_unasked(ending_request):
    ending_request(days_left=temporary_withdrawal.REMINDER_DAYS_BEFORE_END + 1)
    assert tasks.remind_withdrawals_ending() == 0
    assert not Notification.objects.filter(template="vehicle_withdrawal_ending").exists()


def test_no_reminder_when_not_asked_for(ending_request):
    ending_request(days_left=2, remind=False)
    assert tasks.remind_withdrawals_ending() == 0


def test_no_reminder_after_reinstatement(ending_request):
    request = ending_request(days_left=2)
    WithdrawalPeriod.objects.filter(pk=request.period_id).update(ended_early_on=today())
    assert tasks.remind_withdrawals_ending() == 0


def test_a_claimed_reminder_is_not_sent_again(ending_request):
    request = ending_request(days_left=2)
    Withdrawal.objects.filter(pk=request.pk).update(reminder_sent_at=timezone.now())
    assert tasks.remind_withdrawals_ending() == 0


def test_the_beat_runs_the_reminder_job(settings):
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "vehicles.tasks.remind_withdrawals_ending" in entries
