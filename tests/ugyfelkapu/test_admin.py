from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.ugyfelkapu.conftest import make_account
from ugyfelkapu.models import Account, OneTimeCode

REGISTER = reverse("admin:ugyfelkapu_account_register")
CHANGELIST = reverse("admin:ugyfelkapu_account_changelist")


def _form(person, **fields):
    return {
        "person": person.pk,
        "document_kind": "id_card",
        "document_number": "234567AB",
        "username": "kerekes.ilona",
        "email": "ilona@example.hu",
        "phone_number": "",
        "phone_code": "",
        "kind": "personal",
        "gateway_proof": "",
        **fields,
    }


@pytest.mark.django_db
def test_add_leads_to_the_office_registration(account_clerk_client):
    response = account_clerk_client.get(reverse("admin:ugyfelkapu_account_add"))
    assert response["Location"] == REGISTER
    body = account_clerk_client.get(REGISTER).content.decode()
    assert 'name="person"' in body and 'class="vForeignKeyRawIdAdminField"' in body


@pytest.mark.django_db
def test_a_clerk_registers_a_citizen_after_the_document_check(
    account_clerk_client, clerk, person, id_card, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = account_clerk_client.post(
            REGISTER, _form(person, phone_number="+36 30 555 1234", phone_code="975310")
        )
    account = Account.objects.get()
    assert response["Location"] == reverse("admin:ugyfelkapu_account_change", args=[account.pk])
    assert (account.person, account.registered_by, account.phone_number) == (
        person,
        clerk,
        "+36305551234",
    )
    assert mail.outbox[0].to == ["ilona@example.hu"]


@pytest.mark.django_db
def test_the_registration_form_refuses_a_document_of_someone_else(account_clerk_client, person):
    factories.DocumentFactory(number="345678CD")
    response = account_clerk_client.post(REGISTER, _form(person, document_number="345678CD"))
    assert response.status_code == 200
    assert "This document belongs to another person in the register." in response.content.decode()
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_a_gateway_account_needs_its_proof(account_clerk_client, person, id_card):
    response = account_clerk_client.post(REGISTER, _form(person, kind="organisation_gateway"))
    assert (
        "Record the proof that the account serves an organisation&#x27;s official gateway."
        in response.content.decode()
    )


@pytest.mark.django_db
def test_a_further_account_reports_the_fee(account_clerk_client, person, id_card):
    make_account(person, username="elso.fiok")
    response = account_clerk_client.post(REGISTER, _form(person), follow=True)
    assert "This is a further account: a fee of HUF\xa03,000 is due." in response.content.decode()
    assert Account.objects.get(username="kerekes.ilona").fee_due == 3000


@pytest.mark.django_db
def test_the_change_page_lists_all_accounts_of_the_person(account_clerk_client, account):
    other = make_account(account.person, username="ilona.masodik")
    body = account_clerk_client.get(
        reverse("admin:ugyfelkapu_account_change", args=[account.pk])
    ).content.decode()
    assert reverse("admin:ugyfelkapu_account_change", args=[other.pk]) in body
    assert "ilona.masodik" in body


@pytest.mark.django_db
def test_search_is_by_username(account_clerk_client, account):
    body = account_clerk_client.get(CHANGELIST, {"q": "kerekes"}).content.decode()
    assert "kerekes.ilona" in body
    body = account_clerk_client.get(CHANGELIST, {"q": account.person.personal_id}).content.decode()
    assert "kerekes.ilona" not in body


@pytest.mark.django_db
def test_unlock_action(account_clerk_client, account):
    Account.objects.filter(pk=account.pk).update(
        locked_until=timezone.now() + timedelta(minutes=20), failed_logins=3
    )
    account_clerk_client.post(CHANGELIST, {"action": "unlock", "_selected_action": [account.pk]})
    account.refresh_from_db()
    assert (account.locked_until, account.failed_logins) == (None, 0)


@pytest.mark.django_db
def test_resend_activation_code_action(
    account_clerk_client, account, django_capture_on_commit_callbacks
):
    waiting = make_account(username="meg.nem.aktiv", password="")
    with django_capture_on_commit_callbacks(execute=True):
        response = account_clerk_client.post(
            CHANGELIST,
            {"action": "resend_activation_code", "_selected_action": [account.pk, waiting.pk]},
            follow=True,
        )
    body = response.content.decode()
    assert "1 activation code sent." in body
    assert "kerekes.ilona" in body.split("already have a password")[1]
    assert [m.to for m in mail.outbox] == [["meg.nem.aktiv@example.hu"]]
    assert OneTimeCode.objects.filter(account=waiting).count() == 1


@pytest.mark.django_db
def test_the_registration_needs_the_add_permission(clerk_client):
    assert clerk_client.get(REGISTER).status_code == 403


@pytest.mark.django_db
def test_the_account_actions_count_two_accounts_in_hungarian(
    account_clerk_client, django_capture_on_commit_callbacks
):
    from django.conf import settings

    account_clerk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hu"
    waiting = [make_account(username=f"varakozo{n}", password="") for n in (1, 2)]
    selected = [account.pk for account in waiting]
    with django_capture_on_commit_callbacks(execute=True):
        sent = account_clerk_client.post(
            CHANGELIST,
            {"action": "resend_activation_code", "_selected_action": selected},
            follow=True,
        ).content.decode()
    assert "2 aktiváló kód elküldve." in sent
    unlocked = account_clerk_client.post(
        CHANGELIST, {"action": "unlock", "_selected_action": selected}, follow=True
    ).content.decode()
    assert "Feloldva: 2" in unlocked
