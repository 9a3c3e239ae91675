"""Ownership change: filed step by step, registered at once, reviewed by a clerk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from notifications.models import Notification
from tests import samples
from vehicles import ownership_change
from vehicles.models import OwnershipChange

pytestmark = pytest.mark.django_db
START = reverse("flow:start", args=["vehicles.ownership_change"])
SAVE_FIRST = reverse("flow:save_first", args=["vehicles.ownership_change"])
CHECK_FIRST = reverse("flow:check_first", args=["vehicles.ownership_change"])
PDF = samples.pdf()  # a real one: uploads must open as PDF


def buyer(**extra):
    data = {
        "buyer_kind": "person",
        "buyer_name": "Vevő Vilmos",
        "buyer_birth_name": "Vevő Vilmos",
        "buyer_mother_name": "Anya Anna",
        "buyer_birth_place": "Eger",
        "buyer_birth_date": "1985-02-03",
        "buyer_document_number": "123456AB",
        "buyer_postal_code": "3300",
        "buyer_settlement": "Eger",
        "buyer_street_address": "Dobó tér 1.",
    }
    data.update(extra)
    return data


def contract(days_ago=2, **extra):
    when = (timezone.localdate() - timedelta(days=days_ago)).isoformat()
    data = {
        "transfer": "paid",
        "contract_effective_on": when,
        "possession_on": when,
        "odometer_km": "91000",
        "declaration": "on",
        "contract_scan": SimpleUploadedFile("szerzodes.pdf", PDF, "application/pdf"),
    }
    data.update(extra)
    return data


def file_until_review(client, plate="RKZ-214", contract_data=None):
    response = client.post(SAVE_FIRST, {"plate": plate})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    client.post(reverse("flow:save_step", args=[case.reference, 1]), buyer())
    response = client.post(
        reverse("flow:save_step", args=[case.reference, 2]), contract_data or contract()
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("flow:review", args=[case.reference])
    return case


def test_the_first_step_shows_the_eight_day_rule(citizen_client):
    page = citizen_client.get(START).content.decode()
    assert "8 napon belül" in page
    assert f'hx-post="{CHECK_FIRST}"' in page


def test_sole_owner_files_and_the_register_changes_at_once(citizen_client, citizen, own_car):
    case = file_until_review(citizen_client)
    review = citizen_client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "Vevő Vilmos" in review and "RKZ-214" in review
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("flow:done", args=[case.reference])
    case.refresh_from_db()
    assert case.status == "submitted" and case.deadline is not None
    assert [o.owner_display for o in own_car.current_owners()] == ["Vevő Vilmos"]
    assert own_car.odometer.latest("pk").kilometres == 91000
    assert case.attachments.get().kind == "contract"
    done = citizen_client.get(response["Location"]).content.decode()
    assert case.reference in done


def test_co_owned_vehicle_is_refused_live_and_nothing_is_recorded(citizen_client, co_owned_car):
    response = citizen_client.post(CHECK_FIRST, {"plate": "aa bc 123"}, HTTP_HX_REQUEST="true")
    assert "több tulajdonosa van" in response.content.decode()
    response = citizen_client.post(SAVE_FIRST, {"plate": "AA BC-123"})
    assert response.status_code == 422
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("plate", "message"),
    [
        ("XYZ-999", "Nincs RKZ"),
        ("MKL-908", "elidegenítési tilalom"),
        ("NEV-112", "nem tulajdonosa"),
        ("??", "rendszám"),
    ],
)
def test_refusals_are_specific(citizen_client, own_car, banned_car, others_car, plate, message):
    response = citizen_client.post(SAVE_FIRST, {"plate": plate})
    assert response.status_code == 422
    page = response.content.decode()
    if plate == "XYZ-999":
        assert "XYZ-999 rendszámú jármű" in page
    else:
        assert message in page
    assert not Case.objects.exists()


def test_an_upload_that_is_not_a_document_is_refused(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), buyer())
    fake = SimpleUploadedFile("szerzodes.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 2]), contract(contract_scan=fake)
    )
    assert response.status_code == 422
    assert "nem PDF" in response.content.decode()
    assert not case.attachments.exists()


def test_late_report_is_warned_not_refused(citizen_client, own_car):
    case = file_until_review(citizen_client, contract_data=contract(days_ago=20))
    review = citizen_client.get(reverse("flow:review", args=[case.reference])).content.decode()
    assert "8 nap" in review
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert OwnershipChange.objects.get().late is True


def test_an_organisation_needs_its_own_data(citizen_client, own_car):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 1]),
        buyer(buyer_kind="organisation", buyer_name=""),
    )
    assert response.status_code == 422
    assert "organisation_name" in response.content.decode()


def test_another_citizen_cannot_see_the_draft(citizen_client, own_car, other_citizen, client):
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    client.force_login(other_citizen)
    assert client.get(reverse("flow:step", args=[case.reference, 1])).status_code == 404
    assert client.post(reverse("flow:submit", args=[case.reference])).status_code == 404


def test_the_register_is_checked_again_at_submission(citizen_client, own_car):
    case = file_until_review(citizen_client)
    own_car.sales_ban = True
    own_car.save()
    response = citizen_client.post(reverse("flow:submit", args=[case.reference]))
    assert response["Location"] == reverse("flow:step", args=[case.reference, 2])
    case.refresh_from_db()
    assert case.status == "draft"


def test_clerk_reverts_a_change_whose_contract_is_incomplete(
    citizen_client, clerk, own_car, citizen, django_capture_on_commit_callbacks
):
    case = file_until_review(citizen_client)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    with django_capture_on_commit_callbacks(execute=True):
        ownership_change.revert(case, by=clerk, missing="the odometer reading")
    case.refresh_from_db()
    assert case.status == "decided_refused"
    assert [o.person for o in own_car.current_owners()] == [citizen.person]
    own_car.refresh_from_db()
    assert own_car.keeper == citizen.person
    assert not own_car.odometer.filter(case=case).exists()
    # The submission wrote its own status e-mail; the refusal's is the last one.
    notice = Notification.objects.filter(case=case, template="case_status").latest("pk")
    assert "the odometer reading" in notice.context["note"]


def test_clerk_approves_a_complete_contract(citizen_client, clerk, own_car):
    case = file_until_review(citizen_client)
    citizen_client.post(reverse("flow:submit", args=[case.reference]))
    ownership_change.approve(case, by=clerk)
    case.refresh_from_db()
    assert case.status == "closed"
    assert own_car.current_owners().get().owner_display == "Vevő Vilmos"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("contract_effective_on", "A szerződés nem lehet hatályos korábban, mint ahogy Ön"),
        ("possession_on", "Az új tulajdonos nem vehette birtokba a járművet korábban"),
    ],
)
def test_a_date_before_the_sellers_ownership_gets_a_field_message(
    citizen_client, own_car, field, message
):
    # Year 1 included: the seller owns the car since 2020-01-01 (`own_car`).
    citizen_client.post(SAVE_FIRST, {"plate": "RKZ-214"})
    case = Case.objects.get()
    citizen_client.post(reverse("flow:save_step", args=[case.reference, 1]), buyer())
    before = Case.objects.get().draft_data
    pdf = SimpleUploadedFile("szerzodes.pdf", samples.pdf(), "application/pdf")
    response = citizen_client.post(
        reverse("flow:save_step", args=[case.reference, 2]),
        contract(**{field: "0001-01-01", "contract_scan": pdf}),
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert message in response.context["form"].errors[field][0]
    assert "(2020. 01. 01.)" in response.context["form"].errors[field][0]
    assert Case.objects.get().draft_data == before
