from __future__ import annotations

import base64
import time
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from identity.completion import (
    CONFIRMATION_MAX_AGE,
    SALT,
    LinkState,
    _address_digest,
    confirmation_token,
    read_confirmation_token,
)
from identity.models import User
from notifications.models import Notification
from portal.tokens import seal
from tests.identity.personas import IDENTITY, in_english, make_citizen, make_complete_citizen

COMPLETE = reverse("identity:complete_profile")
RESEND = reverse("identity:resend_confirmation")
MY_REQUESTS = reverse("portal:my_requests")
POSTED = {**IDENTITY, "birth_date": "1980-01-01", "email": "elek.teszt@example.hu"}


def _confirm_url(token: str) -> str:
    return reverse("identity:confirm_email", args=[token])


def _token_made_ago(user: User, age: timedelta, monkeypatch) -> str:
    real = time.time
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: real() - age.total_seconds())
        return confirmation_token(user)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _mails(recipient: str):
    return Notification.objects.filter(template="confirm_email", recipient=recipient)


@pytest.fixture
def english(client):
    return in_english(client)


@pytest.fixture
def complete_client(client, db):
    client.force_login(make_complete_citizen())
    return client


@pytest.fixture
def new_citizen(db):
    """What the identity provider sent: the current name only, no e-mail."""
    return make_citizen(last_name="Teszt", first_name="Elek", email="")


@pytest.fixture
def new_client(client, new_citizen):
    client.force_login(new_citizen)
    return client


@pytest.fixture
def waiting_citizen(db):
    """Every 4T datum given, the e-mail address not confirmed yet."""
    return make_citizen(**IDENTITY, email="elek.teszt@example.hu")


@pytest.fixture
def waiting_client(client, waiting_citizen):
    client.force_login(waiting_citizen)
    return client


# --- The form ---------------------------------------------------------------


def test_the_form_shows_provided_data_as_text_and_asks_for_the_rest(new_client, english):
    response = new_client.get(COMPLETE)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == [
        "birth_family_name",
        "birth_given_names",
        "mother_family_name",
        "mother_given_names",
        "birth_place",
        "birth_date",
        "email",
    ]
    html = response.content.decode()
    assert "<dt>Current family name</dt><dd>Teszt</dd>" in html
    assert 'name="last_name"' not in html


def test_posted_values_never_overwrite_what_the_identity_provider_sent(new_client, new_citizen):
    response = new_client.post(COMPLETE, {**POSTED, "last_name": "Hamis", "first_name": "Név"})
    assert response.status_code == 302
    new_citizen.refresh_from_db()
    assert (new_citizen.last_name, new_citizen.first_name) == ("Teszt", "Elek")
    assert new_citizen.birth_place == "Budapest"
    assert new_citizen.birth_date == date(1980, 1, 1)
    assert new_citizen.email == "elek.teszt@example.hu"
    assert new_citizen.email_confirmed_at is None


def test_a_confirmed_email_cannot_be_changed_by_posting(client, db):
    confirmed_at = timezone.now()
    citizen = make_citizen(
        **{**IDENTITY, "birth_place": ""}, email="kept@example.hu", email_confirmed_at=confirmed_at
    )
    client.force_login(citizen)
    response = client.post(COMPLETE, {"birth_place": "Szeged", "email": "other@example.hu"})
    assert response.status_code == 302
    assert response["Location"] == MY_REQUESTS
    citizen.refresh_from_db()
    assert (citizen.birth_place, citizen.email) == ("Szeged", "kept@example.hu")
    assert citizen.email_confirmed_at == confirmed_at
    assert not Notification.objects.exists()


def test_each_invalid_field_gets_its_own_message(new_client, new_citizen, english):
    response = new_client.post(
        COMPLETE,
        {
            **POSTED,
            "birth_family_name": "",
            "mother_given_names": "Mária2",
            "birth_date": "1850-05-05",
            "email": "nem-cím",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "birth_family_name": ["This field is required."],
        "mother_given_names": ["Use only letters, spaces, hyphens, apostrophes and dots."],
        "birth_date": ["The date of birth cannot be earlier than 1900."],
        "email": ["Enter a valid email address."],
    }
    html = response.content.decode()
    assert 'href="#id_mother_given_names"' in html  # the error summary links to the field
    assert 'aria-invalid="true"' in html
    new_citizen.refresh_from_db()
    assert new_citizen.missing_identity_data() == [
        "birth_family_name",
        "birth_given_names",
        "mother_family_name",
        "mother_given_names",
        "birth_place",
        "birth_date",
        "email",
    ]


def test_hungarian_is_the_default_language_of_the_page(new_client):
    response = new_client.get(COMPLETE)
    assert response["Content-Language"] == "hu"


def test_a_citizen_with_complete_data_is_sent_on(complete_client):
    response = complete_client.get(COMPLETE)
    assert response.status_code == 302
    assert response["Location"] == MY_REQUESTS


def test_a_clerk_is_sent_on(clerk_client):
    assert clerk_client.get(COMPLETE).status_code == 302


def test_the_completion_page_needs_login(client, db):
    response = client.get(COMPLETE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


# --- Sending the link -------------------------------------------------------


def test_saving_queues_the_link_in_the_users_language_and_shows_the_mailbox_page(
    new_client, new_citizen, english
):
    new_citizen.preferred_language = "en"
    new_citizen.save()
    response = new_client.post(COMPLETE, POSTED)
    assert response.status_code == 302
    assert response["Location"] == COMPLETE

    mail = _mails("elek.teszt@example.hu").get()
    assert mail.language == "en"
    assert mail.subject == "Confirm your e-mail address – Ügysegéd"
    assert mail.context["valid_days"] == 3
    assert "/account/confirm-email/" in mail.context["url"]
    # The address itself never travels in the link.
    assert "elek" not in mail.context["url"]

    page = new_client.get(COMPLETE)
    assert page.templates[0].name == "identity/confirm_email_sent.html"
    assert page.context["sent"] is True
    assert "elek.teszt@example.hu" in page.content.decode()
    assert f'action="{RESEND}"' in page.content.decode()


def test_the_link_goes_out_in_hungarian_by_default(new_client):
    new_client.post(COMPLETE, POSTED)
    mail = _mails("elek.teszt@example.hu").get()
    assert mail.language == "hu"
    assert mail.subject == "Erősítse meg e-mail-címét – Ügysegéd"


def test_the_link_in_the_mail_confirms_the_address(new_client, new_citizen):
    new_client.post(COMPLETE, POSTED)
    url = _mails("elek.teszt@example.hu").get().context["url"]
    path = url.removeprefix("http://127.0.0.1:8000")
    assert new_client.post(path).status_code == 302
    new_citizen.refresh_from_db()
    assert new_citizen.email_confirmed_at is not None


def test_a_waiting_citizen_is_offered_the_link_but_nothing_is_sent_on_get(waiting_client):
    page = waiting_client.get(COMPLETE)
    assert page.templates[0].name == "identity/confirm_email_sent.html"
    assert page.context["sent"] is False
    assert not Notification.objects.exists()


def test_resend_queues_a_new_link(waiting_client, english):
    response = waiting_client.post(RESEND)
    assert response.status_code == 302
    assert response["Location"] == COMPLETE
    assert _mails("elek.teszt@example.hu").count() == 1
    assert _messages(response) == ["We sent a new link."]


def test_resend_is_post_only_and_needs_login(client, waiting_client):
    assert waiting_client.get(RESEND).status_code == 405
    waiting_client.logout()
    response = client.post(RESEND)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))
    assert not Notification.objects.exists()


def test_resend_is_limited_to_five_an_hour_together_with_the_form(new_client, new_citizen, english):
    new_client.post(COMPLETE, POSTED)
    for _ in range(4):
        new_client.post(RESEND)
    assert _mails("elek.teszt@example.hu").count() == 5

    response = new_client.post(RESEND)
    assert response.status_code == 302
    assert _messages(response)[-1] == (
        "You asked for too many links in a short time. Please try again in an hour."
    )
    assert _mails("elek.teszt@example.hu").count() == 5


def test_a_different_address_can_be_given_until_one_is_confirmed(waiting_client, waiting_citizen):
    form_page = waiting_client.get(COMPLETE, {"change": "email"})
    assert list(form_page.context["form"].fields) == ["email"]
    old_token = confirmation_token(waiting_citizen)

    waiting_client.post(COMPLETE, {"email": "uj.cim@example.hu"})
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email == "uj.cim@example.hu"
    assert _mails("uj.cim@example.hu").count() == 1

    # The link sent to the earlier address no longer confirms anything.
    response = waiting_client.post(_confirm_url(old_token))
    assert response.status_code == 400
    assert response.context["state"] == "other_address"
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is None


# --- The confirmation link --------------------------------------------------


def test_get_shows_a_button_and_confirms_nothing(waiting_client, waiting_citizen, english):
    response = waiting_client.get(_confirm_url(confirmation_token(waiting_citizen)))
    assert response.status_code == 200
    assert response.context["state"] == "valid"
    assert "Confirm my e-mail address" in response.content.decode()
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is None


def test_post_confirms_the_address(waiting_client, waiting_citizen, english):
    response = waiting_client.post(_confirm_url(confirmation_token(waiting_citizen)))
    assert response.status_code == 302
    assert response["Location"] == MY_REQUESTS
    assert _messages(response) == ["Thank you, your e-mail address is confirmed."]
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is not None
    # Confirmed: the citizen is no longer held on the completion pages.
    assert waiting_client.get(MY_REQUESTS).status_code == 200


def test_the_link_works_without_login_on_another_device(client, waiting_citizen):
    response = client.post(_confirm_url(confirmation_token(waiting_citizen)))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is not None


def test_a_tampered_link_is_refused_with_a_clear_message(waiting_client, waiting_citizen, english):
    token = confirmation_token(waiting_citizen)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = waiting_client.get(_confirm_url(tampered))
    assert response.context["state"] == "invalid"
    html = response.content.decode()
    assert "This link is not valid" in html
    assert f'action="{RESEND}"' in html

    assert waiting_client.post(_confirm_url(tampered)).status_code == 400
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is None


def test_the_link_tells_nothing_about_the_citizen(waiting_citizen):
    token = confirmation_token(waiting_citizen)
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    digest = _address_digest(waiting_citizen.email)
    # A signed link (the earlier form) carried its payload as readable base64 JSON.
    assert f"[{waiting_citizen.pk},".encode() not in decoded
    assert digest.encode() not in decoded and digest not in token
    assert waiting_citizen.email not in token


def test_a_token_made_for_another_kind_of_link_is_refused(waiting_citizen):
    payload = [waiting_citizen.pk, _address_digest(waiting_citizen.email)]
    other_kind = seal(payload, purpose="ugyfelkapu.email-change")
    assert read_confirmation_token(other_kind, viewer=AnonymousUser()).state is LinkState.INVALID
    assert read_confirmation_token(seal(payload, purpose=SALT), viewer=AnonymousUser()).state is (
        LinkState.VALID
    )


def test_a_readable_link_sent_before_encryption_is_refused_as_invalid(
    waiting_client, waiting_citizen, english
):
    old = signing.dumps([waiting_citizen.pk, _address_digest(waiting_citizen.email)], salt=SALT)
    response = waiting_client.post(_confirm_url(old))
    assert response.status_code == 400
    assert response.context["state"] == "invalid"
    assert "This link is not valid" in response.content.decode()
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is None


def test_an_expired_link_is_refused_and_a_new_one_offered(
    waiting_client, waiting_citizen, english, monkeypatch
):
    token = _token_made_ago(
        waiting_citizen, CONFIRMATION_MAX_AGE + timedelta(seconds=1), monkeypatch
    )
    response = waiting_client.get(_confirm_url(token))
    assert response.context["state"] == "expired"
    html = response.content.decode()
    assert "This link has expired" in html
    assert f'action="{RESEND}"' in html

    assert waiting_client.post(_confirm_url(token)).status_code == 400
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is None


def test_a_link_is_valid_for_three_days(waiting_citizen, monkeypatch):
    token = _token_made_ago(
        waiting_citizen, CONFIRMATION_MAX_AGE - timedelta(minutes=1), monkeypatch
    )
    assert read_confirmation_token(token, viewer=waiting_citizen).state is LinkState.VALID


def test_a_link_for_an_earlier_address_does_not_confirm_a_new_one(
    waiting_client, waiting_citizen, english
):
    token = confirmation_token(waiting_citizen)
    waiting_citizen.email = "masik@example.hu"
    waiting_citizen.save()
    response = waiting_client.get(_confirm_url(token))
    assert response.context["state"] == "other_address"
    assert "This link is for an earlier e-mail address" in response.content.decode()
    waiting_client.post(_confirm_url(token))
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is None


def test_a_link_opened_in_another_citizens_session_is_refused(client, waiting_citizen, english):
    client.force_login(make_complete_citizen())
    response = client.post(_confirm_url(confirmation_token(waiting_citizen)))
    assert response.status_code == 400
    assert response.context["state"] == "other_account"
    waiting_citizen.refresh_from_db()
    assert waiting_citizen.email_confirmed_at is None


def test_a_used_link_says_the_address_is_confirmed(client, waiting_citizen, english):
    token = confirmation_token(waiting_citizen)
    client.post(_confirm_url(token))
    response = client.get(_confirm_url(token))
    assert response.context["state"] == "confirmed"
    assert "Your e-mail address is already confirmed" in response.content.decode()
