"""The profile page's section of the expiry reminders: on by default, refused by unticking."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
PROFILE = reverse("identity:profile")
SAVE = reverse("idcards:reminders")


def _checkbox(page: str) -> str:
    return page.split('name="document_expiry_reminders"')[1].split(">")[0]


def test_login_is_needed(client):
    response = client.post(SAVE, {})
    assert response.status_code == 302
    assert reverse("identity:login") in response["Location"]


def test_only_post(citizen_client):
    assert citizen_client.get(SAVE).status_code == 405


def test_the_reminders_are_on_by_default_and_can_be_refused(citizen_client, citizen):
    assert citizen.document_expiry_reminders is True
    page = citizen_client.get(PROFILE).content.decode()
    assert 'id="document-reminders"' in page
    assert f'action="{SAVE}"' in page
    assert "checked" in _checkbox(page)
    # an unticked box is not sent: that is the refusal
    response = citizen_client.post(SAVE, {})
    assert response.status_code == 302
    assert response["Location"] == PROFILE + "#document-reminders"
    citizen.refresh_from_db()
    assert citizen.document_expiry_reminders is False
    page = citizen_client.get(PROFILE).content.decode()
    assert "checked" not in _checkbox(page)
    citizen_client.post(SAVE, {"document_expiry_reminders": "on"})
    citizen.refresh_from_db()
    assert citizen.document_expiry_reminders is True


def test_the_section_in_both_languages(citizen_client, settings):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hu"
    page = citizen_client.get(PROFILE).content.decode()
    assert "Előzetes értesítést kérek" in page
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = citizen_client.get(PROFILE).content.decode()
    assert "E-mail me before my ID card or passport expires" in page


def test_only_the_own_setting_is_changed(citizen_client, citizen, other_citizen):
    citizen_client.post(SAVE, {"id": other_citizen.pk, "username": "x"})
    other_citizen.refresh_from_db()
    citizen.refresh_from_db()
    assert other_citizen.document_expiry_reminders is True
    assert citizen.username != "x"
