"""The login steps, page by page, as a browser without JavaScript goes through them."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.ugyfelkapu.conftest import (
    NEW_PASSWORD,
    PASSWORD,
    PHONE,
    PHONE_CODE,
    last_code,
    message,
    wrong_totp,
)
from ugyfelkapu.models import Account

LOGIN = reverse("ugyfelkapu:login")
CODE = reverse("ugyfelkapu:login_code")


def _password_step(client, method, username, password=PASSWORD):
    return client.post(f"{LOGIN}?method={method}", {"username": username, "password": password})


@pytest.mark.django_db
def test_the_chooser_lists_the_four_methods(client):
    body = client.get(LOGIN).content.decode()
    for method in ("totp", "email", "phone", "card"):
        assert f'href="{LOGIN}?method={method}"' in body
    assert "Ügyfélkapu+ with an authenticator app" in body
    assert "Phone identification" in body
    assert "Chip ID card (eSzemélyi)" in body


@pytest.mark.django_db
def test_pages_are_hungarian_first(hu_client):
    body = hu_client.get(f"{LOGIN}?method=email").content.decode()
    assert '<html lang="hu">' in body


@pytest.mark.django_db
def test_the_password_form_is_labelled_and_autocompletes(client):
    body = client.get(f"{LOGIN}?method=totp").content.decode()
    assert '<label class="form-label" for="id_username">' in body
    assert 'autocomplete="username"' in body
    assert 'autocomplete="current-password"' in body
    assert 'class="form-control"' in body
    assert 'action="?method=totp"' in body


@pytest.mark.django_db
def test_the_chip_card_page_hands_over_to_the_card_bridge(client):
    # The card login itself is tested in tests/eszemelyi/test_card_login.py.
    response = client.get(f"{LOGIN}?method=card")
    assert response.status_code == 200
    assert "card.js" in response.content.decode()
    refused = client.post(f"{LOGIN}?method=card", {"token": "not json"})
    assert refused.status_code == 400
    assert "could not be verified" in refused.content.decode()


# --- Password and authenticator app --------------------------------------------------
@pytest.mark.django_db
def test_password_and_totp_log_in(client, totp_account, completed):
    response = _password_step(client, "totp", "TOTP.user ")
    assert response.status_code == 302 and response["Location"] == CODE
    body = client.get(CODE).content.decode()
    assert 'autocomplete="one-time-code"' in body
    code = pyotp.TOTP(totp_account.totp_secret).now()
    response = client.post(CODE, {"code": code})
    assert response.content == b"authenticated"
    assert completed == [(totp_account.pk, "totp")]
    totp_account.refresh_from_db()
    assert totp_account.last_login_at is not None


@pytest.mark.django_db
def test_a_totp_code_cannot_be_replayed(client, totp_account, completed):
    code = pyotp.TOTP(totp_account.totp_secret).now()
    _password_step(client, "totp", "totp.user")
    client.post(CODE, {"code": code})
    _password_step(client, "totp", "totp.user")
    response = client.post(CODE, {"code": code})
    assert message("totp_replayed") in response.content.decode()
    assert completed == [(totp_account.pk, "totp")]


@pytest.mark.django_db
def test_a_wrong_totp_code_is_refused(client, totp_account, completed):
    _password_step(client, "totp", "totp.user")
    response = client.post(CODE, {"code": wrong_totp(totp_account.totp_secret)})
    body = response.content.decode()
    assert message("totp_wrong") in body
    assert 'aria-invalid="true"' in body
    assert completed == []
    assert Account.objects.get(pk=totp_account.pk).failed_logins == 1


@pytest.mark.django_db
def test_the_code_must_be_six_digits(client, totp_account):
    _password_step(client, "totp", "totp.user")
    body = client.post(CODE, {"code": "12a"}).content.decode()
    assert "The code is 6 digits." in body
    assert 'id="id_code_error"' in body


@pytest.mark.django_db
def test_the_totp_method_needs_an_app_set_up(client, account):
    body = _password_step(client, "totp", "kerekes.ilona").content.decode()
    assert message("totp_not_set_up") in body


@pytest.mark.django_db
def test_an_app_user_is_sent_to_the_app_method(client, totp_account):
    body = _password_step(client, "email", "totp.user").content.decode()
    assert message("uses_totp") in body


# --- Password and e-mail code ---------------------------------------------------------
@pytest.mark.django_db
def test_password_and_email_code_log_in(
    client, account, completed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _password_step(client, "email", "kerekes.ilona")
    assert response["Location"] == CODE
    assert [m.to for m in mailoutbox] == [["ilona@example.hu"]]
    assert mailoutbox[0].subject == "Ügyfélkapu+ login code"
    assert "we sent a 6-digit code to i…@example.hu" in client.get(CODE).content.decode()
    response = client.post(CODE, {"code": last_code()})
    assert response.content == b"authenticated"
    assert completed == [(account.pk, "email")]


@pytest.mark.django_db
def test_an_email_code_works_for_10_minutes(
    client, account, completed, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    later(timedelta(minutes=9, seconds=50))
    assert client.post(CODE, {"code": last_code()}).content == b"authenticated"


@pytest.mark.django_db
def test_an_email_code_older_than_10_minutes_is_refused(
    client, account, completed, later, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    later(timedelta(minutes=10, seconds=1))
    body = client.post(CODE, {"code": last_code()}).content.decode()
    assert message("expired_code") in body
    assert completed == []
    later(timedelta(minutes=15, seconds=1))
    response = client.post(CODE, {"code": last_code()}, follow=True)
    assert "Your login has timed out or was not started. Please start again." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_new_email_code_replaces_the_old(
    client, account, completed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    first = last_code()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ugyfelkapu:login_code_resend"), follow=True)
    assert "We sent a new code. The earlier one no longer works." in response.content.decode()
    second = last_code()
    assert len(mailoutbox) == 2
    if first != second:
        body = client.post(CODE, {"code": first}).content.decode()
        assert message("wrong_code") in body
    assert client.post(CODE, {"code": second}).content == b"authenticated"


@pytest.mark.django_db
def test_five_wrong_codes_lock_the_account(
    client, account, completed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    right = last_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        assert message("wrong_code") in client.post(CODE, {"code": wrong}).content.decode()
    response = client.post(CODE, {"code": wrong}, follow=True)
    assert message("locked") in response.content.decode()
    assert client.post(CODE, {"code": right})["Location"] == LOGIN
    assert completed == []


# --- Wrong passwords, unknown users, lockout -------------------------------------------
@pytest.mark.django_db
def test_an_unknown_username_and_a_wrong_password_look_the_same(client, account):
    wrong = _password_step(client, "email", "kerekes.ilona", "Rossz-jelszo-123")
    unknown = _password_step(client, "email", "nincs.ilyen", "Rossz-jelszo-123")
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        assert message("login_failed") in response.content.decode()

    # Apart from the CSRF tokens and the username typed, the two pages are the same.
    def page(response, username):
        return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode()).replace(username, "X")

    assert page(wrong, "kerekes.ilona") == page(unknown, "nincs.ilyen")


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_30_minutes(client, account, later):
    for _ in range(4):
        body = _password_step(client, "email", "kerekes.ilona", "Rossz-jelszo-123").content
        assert message("login_failed") in body.decode()
    body = _password_step(client, "email", "kerekes.ilona", "Rossz-jelszo-123").content.decode()
    assert message("locked") in body
    # During the lock even the right password only hears about the lock.
    assert message("locked") in _password_step(client, "email", "kerekes.ilona").content.decode()
    account.refresh_from_db()
    assert not account.is_usable()
    later(timedelta(minutes=30, seconds=1))
    assert _password_step(client, "email", "kerekes.ilona")["Location"] == CODE


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["kerekes.ilona", "nincs.ilyen"])
def test_failures_a_day_apart_do_not_add_up(client, account, later, username):
    for _ in range(4):
        _password_step(client, "email", username, "Rossz-jelszo-123")
    later(timedelta(days=1, minutes=1))
    body = _password_step(client, "email", username, "Rossz-jelszo-123").content.decode()
    assert message("login_failed") in body


@pytest.mark.django_db
def test_an_unknown_username_locks_the_same_way(client):
    for _ in range(4):
        _password_step(client, "email", "nincs.ilyen", "Rossz-jelszo-123")
    body = _password_step(client, "email", "nincs.ilyen", "Rossz-jelszo-123").content.decode()
    assert message("locked") in body


@pytest.mark.django_db
def test_a_successful_login_starts_the_failure_count_again(
    client, account, completed, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(4):
        _password_step(client, "email", "kerekes.ilona", "Rossz-jelszo-123")
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    client.post(CODE, {"code": last_code()})
    assert Account.objects.get(pk=account.pk).failed_logins == 0


@pytest.mark.django_db
def test_a_closed_account_is_told_after_the_right_password(client, account):
    Account.objects.filter(pk=account.pk).update(is_active=False)
    assert message("inactive") in _password_step(client, "email", "kerekes.ilona").content.decode()


# --- Phone identification ----------------------------------------------------------------
@pytest.mark.django_db
def test_phone_identification_logs_in_with_an_sms_code(
    client, phone_account, completed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{LOGIN}?method=phone", {"phone_number": "06 30 123 4567", "phone_code": PHONE_CODE}
        )
    assert response["Location"] == CODE
    assert len(factories.SENT_SMS) == 1
    recipient, text = factories.SENT_SMS[0]
    assert recipient == PHONE
    assert "number ending …4567" in client.get(CODE).content.decode()
    code = re.search(r"\b([0-9]{6})\b", text).group(1)
    assert client.post(CODE, {"code": code}).content == b"authenticated"
    assert completed == [(phone_account.pk, "phone")]


@pytest.mark.django_db
def test_an_unknown_phone_number_and_a_wrong_secret_code_look_the_same(client, phone_account):
    wrong = client.post(f"{LOGIN}?method=phone", {"phone_number": PHONE, "phone_code": "000000"})
    unknown = client.post(
        f"{LOGIN}?method=phone", {"phone_number": "+36 20 765 4321", "phone_code": PHONE_CODE}
    )
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert message("phone_failed") in response.content.decode()
    assert factories.SENT_SMS == []


@pytest.mark.django_db
def test_a_malformed_phone_number_is_a_field_error(client):
    body = client.post(
        f"{LOGIN}?method=phone", {"phone_number": "+36 20 123 456", "phone_code": "123456"}
    ).content.decode()
    assert "This phone number is too short" in body or "This phone number is not valid" in body
    assert 'id="id_phone_number_error"' in body


# --- Expired password -----------------------------------------------------------------
@pytest.mark.django_db
def test_an_expired_password_is_replaced_before_the_login_finishes(
    client, account, completed, django_capture_on_commit_callbacks
):
    Account.objects.filter(pk=account.pk).update(
        password_changed_at=timezone.now() - timedelta(days=366)
    )
    assert not Account.objects.get(pk=account.pk).is_usable()
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    assert "Your password has expired." in client.get(CODE).content.decode()
    response = client.post(CODE, {"code": last_code()})
    assert response["Location"] == reverse("ugyfelkapu:login_new_password")
    assert completed == []
    page = reverse("ugyfelkapu:login_new_password")
    body = client.get(page).content.decode()
    assert 'autocomplete="new-password"' in body
    same = client.post(page, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert message("same_password") in same.content.decode()
    response = client.post(page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.content == b"authenticated"
    assert completed == [(account.pk, "email")]
    account.refresh_from_db()
    assert account.is_usable()
    assert account.password_expires_at > timezone.now() + timedelta(days=364)


@pytest.mark.django_db
def test_the_steps_cannot_be_skipped(client, account):
    assert client.get(CODE)["Location"] == LOGIN
    assert client.get(reverse("ugyfelkapu:login_new_password"))["Location"] == LOGIN
    assert client.post(reverse("ugyfelkapu:login_code_resend"))["Location"] == LOGIN


# --- Throttle and the real SAML side --------------------------------------------------
@pytest.mark.django_db
def test_many_posts_from_one_address_are_throttled(client):
    for _ in range(20):
        _password_step(client, "email", "nincs.ilyen", "x")
    response = _password_step(client, "email", "nincs.ilyen", "x")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert client.get(f"{LOGIN}?method=email").status_code == 200


@pytest.mark.django_db
def test_a_finished_login_opens_the_account_page(
    client, account, django_capture_on_commit_callbacks
):
    assert client.get(reverse("ugyfelkapu:account"))["Location"] == LOGIN
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    response = client.post(CODE, {"code": last_code()}, follow=True)
    assert response.redirect_chain == [(reverse("ugyfelkapu:account"), 302)]
    assert "You are logged in to Ügyfélkapu+ as kerekes.ilona." in response.content.decode()


@pytest.mark.django_db
def test_a_service_providers_request_is_answered_after_both_factors(
    client, account, django_capture_on_commit_callbacks
):
    from urllib.parse import urlsplit

    from django.contrib.auth import get_user_model

    from tests.identity.saml_helpers import post_fields

    action, fields = post_fields(client.post("/account/login/", {"method": "email"}))
    response = client.post(urlsplit(action).path, fields)
    assert response["Location"] == f"{LOGIN}?method=email"
    with django_capture_on_commit_callbacks(execute=True):
        _password_step(client, "email", "kerekes.ilona")
    action, fields = post_fields(client.post(CODE, {"code": last_code()}))
    assert urlsplit(action).path == "/saml/acs/"
    assert client.post("/saml/acs/", fields).status_code == 302
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    # The portal's own pairwise subject, issued at this first login: not the one
    # existing portal users were migrated with (`Account.subject`).
    portal_subject = account.pairwise_subjects.get(sp_entity_id=settings.SAML_SP_ENTITY_ID)
    assert user.idp_subject == f"{settings.UGYFELKAPU_ENTITY_ID}!{portal_subject.value}"
    assert portal_subject.value != account.subject
    assert user.person == account.person
