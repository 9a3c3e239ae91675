"""The profile page: the citizen's data and the refusal of the expiry reminders."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
PROFILE = reverse("identity:profile")


def test_login_is_needed(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert reverse("identity:login") in response["Location"]


def test_the_reminders_are_on_by_default_and_can_be_refused(citizen_client, citizen):
    assert citizen.document_expiry_reminders is True
    page = citizen_client.get(PROFILE).content.decode()
    assert "checked" in page.split('name="document_expiry_reminders"')[1].split(">")[0]
    assert citizen.email in page
    # an unticked box is not sent: that is the refusal
    response = citizen_client.post(PROFILE, {})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.document_expiry_reminders is False
    page = citizen_client.get(PROFILE).content.decode()
    assert "nem küldünk értesítést" in page
    citizen_client.post(PROFILE, {"document_expiry_reminders": "on"})
    citizen.refresh_from_db()
    assert citizen.document_expiry_reminders is True


def test_the_page_in_english(citizen_client, settings):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = citizen_client.get(PROFILE).content.decode()
    assert "E-mail me before my ID card or passport expires" in page


def test_the_header_links_the_profile(citizen_client):
    page = citizen_client.get(reverse("portal:home")).content.decode()
    assert f'href="{PROFILE}"' in page


def test_only_the_own_profile_is_changed(citizen_client, citizen, other_citizen):
    citizen_client.post(PROFILE, {"id": other_citizen.pk, "username": "x"})
    other_citizen.refresh_from_db()
    citizen.refresh_from_db()
    assert other_citizen.document_expiry_reminders is True
    assert citizen.username != "x"
