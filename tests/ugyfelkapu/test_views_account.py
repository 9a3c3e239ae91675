"""Registration, activation and recovery pages, and the account page with its forms."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from tests.identity.saml_helpers import idp_session
from tests.ugyfelkapu.conftest import (
    NEW_PASSWORD,
    PASSWORD,
    activation_code,
    make_account,
    message,
    wrong_totp,
)
from ugyfelkapu import accounts, authentication
from ugyfelkapu.models import Account

LOGIN = reverse("ugyfelkapu:login")
ACCOUNT = reverse("ugyfelkapu:account")


# --- Electronic registration and activation ------------------------------------------
@pytest.mark.django_db
def test_registration_with_the_card_and_activation_through_the_pages(
    client, id_card, mailoutbox, django_capture_on_commit_callbacks
):
    accounts.set_registration_code(id_card, "ABCD-EFGH-JKLM")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ugyfelkapu:register"),
            {
                "card_number": "234567ab",
                "registration_code": "abcd-efgh-jklm",
                "username": "Ilona.Online",
                "email": "ilona@example.hu",
            },
        )
    assert response["Location"] == reverse("ugyfelkapu:register_done")
    assert mailoutbox[0].to == ["ilona@example.hu"]
    assert "http://127.0.0.1:8000/ugyfelkapu/activate/" in mailoutbox[0].body
    page = reverse("ugyfelkapu:activate")
    fields = {"username": "ilona.online", "code": activation_code()}
    mismatch = client.post(page, {**fields, "new_password1": NEW_PASSWORD, "new_password2": "x"})
    assert "The two passwords differ." in mismatch.content.decode()
    response = client.post(
        page, {**fields, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == f"{LOGIN}?method=email"
    assert check_password(NEW_PASSWORD, Account.objects.get(username="ilona.online").password)
    again = client.post(
        page, {**fields, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert message("activation_used") in again.content.decode()


@pytest.mark.django_db
def test_a_wrong_registration_code_is_refused_on_the_page(client, id_card):
    accounts.set_registration_code(id_card, "ABCD-EFGH-JKLM")
    response = client.post(
        reverse("ugyfelkapu:register"),
        {
            "card_number": "234567AB",
            "registration_code": "ABCD-EFGH-JKLN",
            "username": "ilona.online",
            "email": "ilona@example.hu",
        },
    )
    assert message("registration_failed") in response.content.decode()
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_the_activation_page_applies_the_password_validators(client):
    body = client.post(
        reverse("ugyfelkapu:activate"),
        {"username": "ilona", "code": "X", "new_password1": "12345", "new_password2": "12345"},
    ).content.decode()
    assert "This password is too short. It must contain at least 12 characters." in body
    assert "This password is entirely numeric." in body
    assert 'autocomplete="new-password"' in body


# --- Forgotten password -------------------------------------------------------------------
@pytest.fixture
def reset_link(client, account, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ugyfelkapu:password_reset"),
            {"username": "kerekes.ilona", "email": "ILONA@example.hu"},
        )
    assert response["Location"] == reverse("ugyfelkapu:password_reset_sent")
    assert [m.to for m in mailoutbox] == [["ilona@example.hu"]]
    return re.search(r"http://[^/\s]+(/ugyfelkapu/password/reset/\S+/)", mailoutbox[0].body)[1]


@pytest.mark.django_db
def test_the_reset_link_sets_a_password_once(client, account, reset_link):
    assert 'autocomplete="new-password"' in client.get(reset_link).content.decode()
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(reset_link, data)
    assert response["Location"] == LOGIN
    account.refresh_from_db()
    assert check_password(NEW_PASSWORD, account.password)
    again = client.post(reset_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert message("reset_link_used") in again.content.decode()
    account.refresh_from_db()
    assert check_password(NEW_PASSWORD, account.password)


@pytest.mark.django_db
def test_the_reset_link_expires_after_an_hour(client, reset_link, later):
    later(timedelta(hours=1, seconds=1))
    assert message("reset_link_expired") in client.get(reset_link).content.decode()


@pytest.mark.django_db
def test_a_forged_reset_link_is_refused(client, reset_link):
    forged = re.sub(r"/[0-9a-f]{64}/$", "/" + "0" * 64 + "/", reset_link)
    assert message("reset_link_invalid") in client.get(forged).content.decode()


@pytest.mark.django_db
def test_a_reset_for_an_unknown_account_says_the_same_and_sends_nothing(
    client, account, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ugyfelkapu:password_reset"),
            {"username": "kerekes.ilona", "email": "someone.else@example.hu"},
            follow=True,
        )
    assert response.redirect_chain == [(reverse("ugyfelkapu:password_reset_sent"), 302)]
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_locked_account_is_unlocked_by_the_reset(client, account, reset_link):
    for _ in range(5):
        client.post(f"{LOGIN}?method=email", {"username": "kerekes.ilona", "password": "rossz"})
    account.refresh_from_db()
    assert account.is_locked()
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(reset_link, data)
    response = client.post(
        f"{LOGIN}?method=email", {"username": "kerekes.ilona", "password": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("ugyfelkapu:login_code")


# --- The account page -----------------------------------------------------------------------
@pytest.mark.django_db
def test_the_account_page_shows_the_register_data_read_only(client, account, logged_in):
    logged_in(account)
    body = client.get(ACCOUNT).content.decode()
    assert "Kerekes Ilona" in body
    assert "Changes follow" in body and "the register" in body
    with override("en"):
        expires = date_format(timezone.localtime(account.password_expires_at))
    assert f"Valid until {expires} ·" in body
    assert "<input" not in body.split("<main")[1].split("</main>")[0]


@pytest.mark.django_db
def test_the_fee_of_a_further_account_is_written_by_the_money_helper(client, account, logged_in):
    Account.objects.filter(pk=account.pk).update(fee_due=3000, fee_paid=False)
    logged_in(account)
    body = client.get(ACCOUNT).content.decode()
    assert '<dd class="col-sm-8">HUF\xa03,000 · not paid yet</dd>' in body
    assert "each further personal account costs HUF\xa03,000. An account" in body
    client.cookies["django_language"] = "hu"
    body = client.get(ACCOUNT).content.decode()
    assert "minden további személyes fiók díja 3\xa0000\xa0Ft. Szervezet" in body


@pytest.mark.django_db
def test_account_pages_need_the_idp_login(client):
    for name in ("account", "account_password", "account_email", "account_totp"):
        assert client.get(reverse(f"ugyfelkapu:{name}"))["Location"] == LOGIN


@pytest.mark.django_db
def test_the_account_page_lists_the_persons_other_accounts(client, account, logged_in):
    make_account(account.person, username="ilona.masodik")
    make_account(username="someone.else")
    logged_in(account)
    body = client.get(ACCOUNT).content.decode()
    assert "<li>ilona.masodik</li>" in body
    assert "someone.else" not in body


@pytest.mark.django_db
def test_the_password_is_changed_with_the_current_one(client, account, logged_in):
    logged_in(account)
    page = reverse("ugyfelkapu:account_password")
    wrong = client.post(
        page,
        {"current_password": "rossz", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert message("wrong_current_password") in wrong.content.decode()
    response = client.post(
        page,
        {
            "current_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == ACCOUNT
    account.refresh_from_db()
    assert check_password(NEW_PASSWORD, account.password)
    assert account.failed_logins == 1  # the wrong current password counts


@pytest.mark.django_db
def test_the_email_change_is_confirmed_by_a_link_to_the_new_address(
    client, account, logged_in, mailoutbox, django_capture_on_commit_callbacks
):
    logged_in(account)
    page = reverse("ugyfelkapu:account_email")
    same = client.post(page, {"email": "ilona@example.hu", "current_password": PASSWORD})
    assert "This is your current address." in same.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"email": "uj.cim@example.hu", "current_password": PASSWORD})
    assert [m.to for m in mailoutbox] == [["uj.cim@example.hu"]]
    assert Account.objects.get(pk=account.pk).email == "ilona@example.hu"  # not yet
    link = re.search(r"http://[^/\s]+(/ugyfelkapu/email/confirm/\S+/)", mailoutbox[0].body)[1]
    assert "will be uj.cim@example.hu" in client.get(link).content.decode()
    assert Account.objects.get(pk=account.pk).email == "ilona@example.hu"  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response["Location"] == ACCOUNT
    assert Account.objects.get(pk=account.pk).email == "uj.cim@example.hu"
    assert mailoutbox[1].to == ["ilona@example.hu"]  # the old address is told
    assert message("email_link_invalid") in client.post(link).content.decode()


@pytest.mark.django_db
def test_an_email_change_link_expires_after_2_days(
    client, account, logged_in, mailoutbox, later, django_capture_on_commit_callbacks
):
    logged_in(account)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("ugyfelkapu:account_email"),
            {"email": "uj.cim@example.hu", "current_password": PASSWORD},
        )
    link = re.search(r"http://[^/\s]+(/ugyfelkapu/email/confirm/\S+/)", mailoutbox[0].body)[1]
    later(timedelta(days=2, seconds=1))
    assert message("email_link_invalid") in client.post(link).content.decode()
    assert Account.objects.get(pk=account.pk).email == "ilona@example.hu"


@pytest.mark.django_db
def test_an_authenticator_app_is_set_up_with_a_qr_code(client, account, logged_in):
    logged_in(account)
    page = reverse("ugyfelkapu:account_totp")
    body = client.get(page).content.decode()
    assert '<img src="data:image/svg+xml;base64,' in body
    assert 'alt="QR code for setting up the authenticator app.' in body
    secret = idp_session(client)["ugyfelkapu:totp_secret"]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in body
    assert message("totp_wrong") in client.post(page, {"code": wrong_totp(secret)}).content.decode()
    response = client.post(page, {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == ACCOUNT
    account.refresh_from_db()
    assert account.uses_totp and account.totp_secret == secret
    assert "ugyfelkapu:totp_secret" not in idp_session(client)


@pytest.mark.django_db
def test_the_secret_phone_code_can_be_set_later(client, logged_in):
    account = make_account(username="telefonos", phone_number="+36209876543")
    logged_in(account)
    body = client.get(ACCOUNT).content.decode()
    assert "no secret phone code yet" in body
    page = reverse("ugyfelkapu:account_phone_code")
    response = client.post(
        page, {"current_password": PASSWORD, "phone_code1": "112233", "phone_code2": "112233"}
    )
    assert response["Location"] == ACCOUNT
    assert authentication.authenticate_phone("+36 20 987 6543", "112233") == account


@pytest.mark.django_db
def test_the_phone_code_page_is_404_without_phone_identification(client, account, logged_in):
    logged_in(account)
    assert client.get(reverse("ugyfelkapu:account_phone_code")).status_code == 404
