"""The clerk's review of an ownership change in the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.vehicles.test_ownership_change import file_until_review
from vehicles.models import OwnershipChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(citizen, own_car):
    browser = Client()
    browser.force_login(citizen)
    case = file_until_review(browser)
    browser.post(reverse("flow:submit", args=[case.reference]))
    return OwnershipChange.objects.get(case=case)


def test_the_clerk_sees_the_change_with_its_contract(clerk_client, filed):
    page = clerk_client.get(
        reverse("admin:vehicles_ownershipchange_change", args=[filed.pk])
    ).content.decode()
    assert "szerzodes.pdf" in page
    assert reverse("admin:vehicles_ownershipchange_revert", args=[filed.pk]) in page


def test_revert_needs_a_note_then_restores_the_register(clerk_client, filed, citizen, own_car):
    url = reverse("admin:vehicles_ownershipchange_revert", args=[filed.pk])
    assert clerk_client.post(url, {"missing": ""}).status_code == 200
    assert own_car.current_owners().get().person_id != citizen.person_id
    clerk_client.post(url, {"missing": "A km-óra állás hiányzik."})
    filed.refresh_from_db()
    assert filed.reverted_at is not None
    assert filed.case.status == "decided_refused"
    assert own_car.current_owners().get().person_id == citizen.person_id
    page = clerk_client.get(
        reverse("admin:vehicles_ownershipchange_change", args=[filed.pk])
    ).content.decode()
    assert url not in page


def test_approve_closes_the_case(clerk_client, filed):
    clerk_client.post(reverse("admin:vehicles_ownershipchange_approve", args=[filed.pk]))
    filed.case.refresh_from_db()
    assert filed.case.status == "closed"


def test_the_register_cannot_be_edited_by_hand(clerk_client, own_car):
    assert clerk_client.get(reverse("admin:vehicles_vehicle_add")).status_code == 403
    page = clerk_client.get(reverse("admin:vehicles_vehicle_change", args=[own_car.pk]))
    assert page.status_code == 200
    assert "RKZ-214" in page.content.decode()


def test_a_citizen_cannot_reach_the_review(client, citizen, filed):
    client.force_login(citizen)
    response = client.post(reverse("admin:vehicles_ownershipchange_approve", args=[filed.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    filed.case.refresh_from_db()
    assert filed.case.status == "submitted"


def test_the_review_names_the_applicant_and_finds_them(clerk_client, filed, citizen):
    pid = citizen.person.personal_id
    page = clerk_client.get(
        reverse("admin:vehicles_ownershipchange_change", args=[filed.pk])
    ).content.decode()
    assert f"Teszt {citizen.first_name}" in page
    assert pid[0] + "*******" + pid[-3:] in page and pid not in page

    url = reverse("admin:vehicles_ownershipchange_changelist")
    listing = clerk_client.get(url).content.decode()
    assert f"Teszt {citizen.first_name}<br>" in listing

    def found(term: str) -> list[int]:
        response = clerk_client.get(url, {"q": term})
        return [change.pk for change in response.context["cl"].result_list]

    assert found(citizen.first_name) == [filed.pk]
    assert found(pid) == [filed.pk]
    assert found(pid[:7]) == []


def test_the_register_admin_names_the_colour_in_the_clerks_language(clerk_client, own_car):
    from django.conf import settings

    listing = reverse("admin:vehicles_vehicle_changelist")
    detail = reverse("admin:vehicles_vehicle_change", args=[own_car.pk])
    assert (
        '<td class="field-primary_colour">ezüst</td>' in clerk_client.get(listing).content.decode()
    )

    clerk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = clerk_client.get(listing).content.decode()
    assert '<td class="field-primary_colour">silver</td>' in rows
    page = clerk_client.get(detail).content.decode()
    assert '<div class="readonly">silver</div>' in page
    assert '<div class="readonly">petrol</div>' in page
    assert "ezüst" not in rows and "ezüst" not in page
