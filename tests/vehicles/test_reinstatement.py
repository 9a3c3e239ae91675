"""Reinstatement into traffic: only the owner who withdrew it, while it runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from tests.factories import PersonFactory
from tests.vehicles.conftest import make_vehicle
from tests.vehicles.test_temporary_withdrawal import pay
from vehicles import fees, reinstatement
from vehicles.models import Ownership, Reinstatement, WithdrawalPeriod

pytestmark = pytest.mark.django_db
SLUG = "vehicles.reinstatement"
START = reverse("flow:start", args=[SLUG])
SAVE_FIRST = reverse("flow:save_first", args=[SLUG])
CHECK_FIRST = reverse("flow:check_first", args=[SLUG])


def today():
    return timezone.localdate()


def answers(plate="PTR-370", **extra):
    return {"plate": plate, "holds_documents": "on", **extra}


def withdraw(vehicle, by, *, started=10, left=50, **extra) -> WithdrawalPeriod:
    return WithdrawalPeriod.objects.create(
        vehicle=vehicle,
        starts_on=today() - timedelta(days=started),
        ends_on=today() + timedelta(days=left),
        withdrawn_by=by,
        **extra,
    )


@pytest.fixture
def bought_after_withdrawal(citizen):
    """Like the demo SZP-777: withdrawn by its former owner, then sold to the citizen."""
    seller = PersonFactory()
    vehicle = make_vehicle("SZP-777", [(citizen.person, 1, 1)])
    vehicle.ownerships.update(since=today() - timedelta(days=20))
    Ownership.objects.create(
        vehicle=vehicle, person=seller, since=date(2019, 6, 1), until=today() - timedelta(days=20)
    )
    withdraw(vehicle, seller, started=40, left=100)
    return vehicle


@pytest.fixture
def sold_and_bought_back(citizen):
    """The citizen withdrew it, sold it, and bought it back: ownership changed."""
    vehicle = make_vehicle("VSZ-100", [(citizen.person, 1, 1)])
    vehicle.ownerships.update(since=today() - timedelta(days=3))
    Ownership.objects.create(
        vehicle=vehicle,
        person=PersonFactory(),
        since=today() - timedelta(days=8),
        until=today() - timedelta(days=3),
    )
    withdraw(vehicle, citizen.person, started=15)
    return vehicle


def test_the_fee_is_2300_ft():
    assert fees.reinstatement_quote({}).total_huf == 2300


def test_the_owner_who_withdrew_it_may_ask(citizen, withdrawn_car):
    form = reinstatement.VehicleStep(answers(), applicant=citizen)
    assert form.is_valid()
    assert reinstatement.reinstatable(citizen, form.cleaned_data) is None


@pytest.mark.parametrize(
    ("fixture", "plate", "message"),
    [
        ("own_car", "RKZ-214", "nincs kivonva"),
        ("others_car", "NEV-112", "nem tulajdonosa"),
        ("kept_by_other_car", "JHV-451", "üzembentartója"),
        ("bought_after_withdrawal", "SZP-777", "tulajdonosa megváltozott"),
        ("sold_and_bought_back", "VSZ-100", "tulajdonosa megváltozott"),
        (None, "XYZ-999", "XYZ-999 rendszámú jármű"),
    ],
)
def test_refusals_are_specific_and_record_nothing(request, citizen_client, fixture, plate, message):
    if fixture:
        request.getfixturevalue(fixture)
    response = citizen_client.post(SAVE_FIRST, answers(plate))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Case.objects.exists()
    assert not WithdrawalPeriod.objects.exclude(ended_early_on=None).exists()


def test_a_withdrawn_car_kept_by_another_is_refused(citizen_client, citizen):
    vehicle = make_vehicle("KEP-321", [(citizen.person, 1, 1)], keeper=PersonFactory())
    withdraw(vehicle, citizen.person)
    response = citizen_client.post(SAVE_FIRST, answers("KEP-321"))
    assert response.status_code == 422
    assert "üzembentartója" in response.content.decode()


def test_a_period_that_has_ended_cannot_be_reinstated(citizen_client, citizen):
    vehicle = make_vehicle("VEG-001", [(citizen.person, 1, 1)])
    withdraw(vehicle, citizen.person, started=100, left=-1)
    response = citizen_client.post(SAVE_FIRST, answers("VEG-001"))
    assert response.status_code == 422
    assert "nincs kivonva" in response.content.decode()


def test_the_refusal_is_shown_live(citizen_client, bought_after_withdrawal):
    response = citizen_client.post(CHECK_FIRST, answers("SZP-777"), HTTP_HX_REQUEST="true")
    assert "tulajdonosa megváltozott" in response.content.decode()


def test_the_documents_declaration_is_required(citizen_client, withdrawn_car):
    response = citizen_client.post(SAVE_FIRST, answers(holds_documents=""))
    assert response.status_code == 422
    assert "törzskönyv" in response.content.decode()


def test_the_first_step_explains_the_service(citizen_client):
    page = citizen_client.get(START).content.decode()
    assert "2300 Ft" in page and "visszahelyez" in page


def test_owner_pays_and_the_vehicle_is_in_traffic_at_once(citizen_client, withdrawn_car):
    period = withdrawn_car.current_withdrawal()
    response = citizen_client.post(SAVE_FIRST, answers(wants_receipt="on"))
    case = Case.objects.get()
    assert response["Location"] == reverse("flow:review", args=[case.reference])
    review = citizen_client.get(response["Location"]).content.decode()
    assert "PTR-370" in review and "2\xa0300\xa0Ft" in review
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("payments:case_payment", args=[case.reference])
    assert not withdrawn_car.in_traffic()  # not before the fee is paid
    pay(Case.objects.get(pk=case.pk))
    case.refresh_from_db()
    assert case.status == "closed"
    assert withdrawn_car.in_traffic()
    period.refresh_from_db()
    assert period.ended_early_on == today()
    request = Reinstatement.objects.get(case=case)
    assert request.period == period and request.wants_receipt
    page = citizen_client.get(case.get_absolute_url()).content.decode()
    assert "Fizetési bizonylat" in page and "Újra forgalomban" in page


def test_an_extension_already_granted_ends_too(citizen_client, citizen, withdrawn_car):
    current = withdrawn_car.current_withdrawal()
    later = WithdrawalPeriod.objects.create(
        vehicle=withdrawn_car,
        starts_on=current.ends_on + timedelta(days=1),
        ends_on=current.ends_on + timedelta(days=60),
        withdrawn_by=citizen.person,
    )
    citizen_client.post(SAVE_FIRST, answers())
    case = Case.objects.get()
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    pay(Case.objects.get(pk=case.pk))
    later.refresh_from_db()
    assert later.ended_early_on == today()
    assert withdrawn_car.in_traffic(later.starts_on + timedelta(days=1))


def test_a_sale_before_payment_stops_the_reinstatement(citizen_client, withdrawn_car):
    citizen_client.post(SAVE_FIRST, answers())
    case = Case.objects.get()
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    withdrawn_car.ownerships.update(until=today())
    Ownership.objects.create(vehicle=withdrawn_car, person=PersonFactory(), since=today())
    from payments.actions import on_payment_succeeded
    from payments.models import Payment, new_order_ref

    payment = Payment.objects.create(
        case=case,
        provider=Payment.Provider.SIMPLEPAY,
        amount=2300,
        order_ref=new_order_ref(case.reference),
        state="succeeded",
        start_deadline=timezone.now(),
        paid_at=timezone.now(),
    )
    assert on_payment_succeeded(payment) == "failed"
    assert not withdrawn_car.in_traffic()
