"""Who looked at my data: recorded on every look at one citizen, never on lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

import access_log
from access_log.models import AccessRecord, ImmutableRecord
from cases.actions import create_case, submit_case
from tests import factories


@pytest.fixture
def submitted(citizen, sample_case_type):
    case = create_case("testing.sample", applicant=citizen)
    submit_case(case, by=citizen)
    return case


@pytest.mark.django_db
def test_a_clerk_opening_a_case_page_leaves_a_record(clerk_client, clerk, submitted, citizen):
    response = clerk_client.get(reverse("admin:cases_case_change", args=[submitted.pk]))
    assert response.status_code == 200
    entry = AccessRecord.objects.get(person=citizen.person)
    assert entry.accessor_kind == AccessRecord.Accessor.OFFICIAL
    assert entry.official == clerk
    assert entry.office == clerk.office.name
    assert entry.role == "Clerk"
    assert entry.data == AccessRecord.Data.CASE
    assert entry.case_reference == submitted.reference


@pytest.mark.django_db
def test_the_case_list_leaves_no_record(clerk_client, submitted):
    response = clerk_client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 200
    assert submitted.reference in response.content.decode()
    assert not AccessRecord.objects.exists()


@pytest.mark.django_db
def test_a_clerk_opening_a_register_page_leaves_a_record(clerk_client, citizen):
    url = reverse("admin:population_person_change", args=[citizen.person.pk])
    assert clerk_client.get(url).status_code == 200
    entry = AccessRecord.objects.get(person=citizen.person)
    assert entry.data == AccessRecord.Data.REGISTER
    # The register's list page: nothing per person.
    assert clerk_client.get(reverse("admin:population_person_changelist")).status_code == 200
    assert AccessRecord.objects.count() == 1


@pytest.mark.django_db
def test_the_citizens_own_look_and_a_non_official_are_not_recorded(citizen):
    assert access_log.record(citizen.person, data="register", by=citizen) is None
    assert access_log.record(None, data="register", by=citizen) is None
    assert not AccessRecord.objects.exists()


@pytest.mark.django_db
def test_a_joined_body_is_recorded_with_its_register_and_items(citizen):
    entry = access_log.record(
        citizen.person,
        data=AccessRecord.Data.CHANGE_NOTICE,
        body="Magyar Nemzeti Bank",
        body_register="trust management register",
        items=["name", "residence"],
    )
    assert entry.accessor_kind == AccessRecord.Accessor.BODY
    assert entry.official is None
    assert entry.items == ["name", "residence"]
    with pytest.raises(ValueError):
        access_log.record(citizen.person, data="register", body="X", items=["shoe_size"])


@pytest.mark.django_db
def test_records_cannot_be_changed_or_deleted(citizen, clerk):
    entry = access_log.record(citizen.person, data="register", by=clerk)
    entry.purpose = "something else"
    with pytest.raises(ImmutableRecord):
        entry.save()
    with pytest.raises(ImmutableRecord):
        entry.delete()
    assert AccessRecord.objects.get(pk=entry.pk).purpose != "something else"


@pytest.mark.django_db
def test_the_admin_offers_no_change_and_no_delete(clerk_client, clerk, citizen):
    clerk.is_superuser = True  # even a supervisor
    clerk.save()
    entry = access_log.record(citizen.person, data="register", by=factories.ClerkFactory())
    change = clerk_client.get(reverse("admin:access_log_accessrecord_change", args=[entry.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    delete = clerk_client.post(
        reverse("admin:access_log_accessrecord_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert AccessRecord.objects.filter(pk=entry.pk).exists()
    listing = clerk_client.post(
        reverse("admin:access_log_accessrecord_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk]},
    )
    assert AccessRecord.objects.filter(pk=entry.pk).exists()
    assert listing.status_code in (200, 302)


@pytest.mark.django_db
def test_a_clerk_without_the_permission_cannot_read_the_log(clerk_client, clerk):
    assert not clerk.has_perm("access_log.view_accessrecord")
    response = clerk_client.get(reverse("admin:access_log_accessrecord_changelist"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_citizen_sees_who_looked_in_their_language(clerk_client, submitted, citizen, client):
    clerk_client.get(reverse("admin:cases_case_change", args=[submitted.pk]))
    clerk_client.logout()
    client.force_login(citizen)
    page = client.get(reverse("access_log:mine"), HTTP_ACCEPT_LANGUAGE="hu")
    body = page.content.decode()
    assert page.status_code == 200
    assert submitted.reference in body
    assert "Ügyintéző" in body
    other = factories.CitizenFactory()
    client.force_login(other)
    assert submitted.reference not in client.get(reverse("access_log:mine")).content.decode()


@pytest.mark.django_db
def test_the_page_needs_login(client):
    response = client.get(reverse("access_log:mine"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_profile_page_shows_the_latest_accesses(client, citizen, clerk):
    for _ in range(7):
        access_log.record(citizen.person, data="register", by=clerk)
    client.force_login(citizen)
    body = client.get(reverse("identity:profile")).content.decode()
    assert 'id="data-access"' in body
    assert body.count(clerk.office.name) == 5
    assert reverse("access_log:mine") in body
