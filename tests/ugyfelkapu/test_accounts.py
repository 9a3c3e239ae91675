from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.core import mail, signing
from django.core.exceptions import ValidationError

from documents.models import Document, DocumentKind
from tests import factories
from tests.ugyfelkapu.conftest import (
    NEW_PASSWORD,
    PASSWORD,
    activation_code,
    last_code,
    make_account,
)
from ugyfelkapu import accounts, authentication
from ugyfelkapu.errors import Refused
from ugyfelkapu.models import Account, CardRegistrationCode, OneTimeCode


def _register(person, clerk, *, document="id_card", number="234567AB", **fields):
    fields.setdefault("username", "kerekes.ilona")
    fields.setdefault("email", "ilona@example.hu")
    return accounts.register_at_office(
        person, document_kind=document, document_number=number, by=clerk, **fields
    )


# --- Office registration -----------------------------------------------------------------
@pytest.mark.django_db
def test_office_registration_opens_a_free_account_and_mails_the_activation_code(
    person, id_card, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account = _register(person, clerk, number="234 567 ab", username="Kerekes.Ilona")
    assert account.username == "kerekes.ilona"
    assert account.person == person
    assert account.registered_by == clerk
    assert account.registered_via == Account.Channel.OFFICE
    assert (account.fee_due, account.fee_paid, account.has_password) == (0, False, False)
    assert len(account.subject) == 32
    assert [m.to for m in mail.outbox] == [["ilona@example.hu"]]
    assert mail.outbox[0].subject == "Ügyfélkapu+ aktiváló kód"
    code = OneTimeCode.objects.get(account=account)
    assert code.purpose == OneTimeCode.Purpose.ACTIVATION
    assert code.expires_at - code.created_at == timedelta(days=5)
    assert check_password(activation_code().replace("-", ""), code.code_hash)
    assert activation_code() not in code.code_hash


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "number"),
    [(DocumentKind.PASSPORT, "BE1234567"), (DocumentKind.DRIVING_LICENCE, "CA123456")],
)
def test_a_passport_or_driving_licence_also_proves_identity(person, clerk, kind, number):
    factories.DocumentFactory(holder=person, kind=kind, number=number)
    assert _register(person, clerk, document=kind, number=number).person == person


@pytest.mark.django_db
def test_a_document_of_someone_else_is_refused(person, clerk):
    factories.DocumentFactory(number="345678CD")  # another person's card
    with pytest.raises(Refused) as refusal:
        _register(person, clerk, number="345678CD")
    assert refusal.value.reason == "document_other_holder"
    assert Account.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "document",
    [
        {"expires_on": date(2020, 1, 1)},
        {"validity": Document.Validity.INVALIDATED},
        {"validity": Document.Validity.REVOKED},
    ],
    ids=["expired", "invalidated", "revoked"],
)
def test_an_invalid_document_is_refused(person, clerk, document):
    factories.DocumentFactory(holder=person, number="456789EF", **document)
    with pytest.raises(Refused) as refusal:
        _register(person, clerk, number="456789EF")
    assert refusal.value.reason == "document_not_valid"


@pytest.mark.django_db
def test_an_unknown_document_number_is_refused(person, id_card, clerk):
    with pytest.raises(Refused) as refusal:
        _register(person, clerk, number="999999ZZ")
    assert refusal.value.reason == "document_not_found"


@pytest.mark.django_db
def test_other_document_kinds_do_not_prove_identity(person, clerk):
    factories.DocumentFactory(holder=person, kind=DocumentKind.PARKING_CARD, number="PK0000001")
    with pytest.raises(Refused) as refusal:
        _register(person, clerk, document=DocumentKind.PARKING_CARD, number="PK0000001")
    assert refusal.value.reason == "document_kind"


@pytest.mark.django_db
def test_a_further_personal_account_costs_3000_ft_and_a_gateway_account_is_free(
    person, id_card, clerk
):
    first = _register(person, clerk)
    second = _register(person, clerk, username="ilona.masodik")
    gateway = _register(
        person,
        clerk,
        username="ilona.ceg",
        email="hivatal@ceg.example.hu",
        kind=Account.Kind.ORGANISATION_GATEWAY,
        gateway_proof="Minta Kft. igazolása, 2026/117",
    )
    assert [first.fee_due, second.fee_due, gateway.fee_due] == [0, 3000, 0]
    assert gateway.gateway_proof == "Minta Kft. igazolása, 2026/117"
    assert list(Account.objects.of_person(person)) == [first, second, gateway]


@pytest.mark.django_db
def test_phone_identification_is_recorded_with_a_hashed_code(person, id_card, clerk):
    account = _register(person, clerk, phone_number="06 30 123 4567", phone_code="135790")
    assert account.phone_number == "+36301234567"
    assert account.phone_code != "135790"
    assert check_password("135790", account.phone_code)
    with pytest.raises(Refused) as refusal:
        _register(person, clerk, username="other.name", phone_number="+36301234567")
    assert refusal.value.reason == "phone_taken"


@pytest.mark.django_db
def test_a_taken_username_is_refused(person, id_card, clerk):
    make_account(username="kerekes.ilona")
    with pytest.raises(Refused) as refusal:
        _register(person, clerk)
    assert refusal.value.reason == "username_taken"


# --- Registration with the chip card's registration code --------------------------------
@pytest.fixture
def registration_code(id_card):
    return accounts.set_registration_code(id_card, "ABCD-EFGH-JKLM")


def _register_with_card(code="abcd efgh jklm", number="234567AB", username="ilona.online"):
    return accounts.register_with_card(number, code, username=username, email="i@example.hu")


@pytest.mark.django_db
def test_the_registration_code_opens_an_account_once(
    registration_code, person, django_capture_on_commit_callbacks
):
    assert registration_code == "ABCD-EFGH-JKLM"
    assert not CardRegistrationCode.objects.filter(code_hash__contains="ABCD").exists()
    with django_capture_on_commit_callbacks(execute=True):
        account = _register_with_card()
    assert (account.person, account.registered_via, account.fee_due) == (
        person,
        Account.Channel.CHIP_CARD,
        0,
    )
    assert [m.to for m in mail.outbox] == [["i@example.hu"]]
    with pytest.raises(Refused) as refusal:
        _register_with_card(username="ilona.again")
    assert refusal.value.reason == "registration_code_used"


@pytest.mark.django_db
def test_a_wrong_code_and_an_unknown_card_get_the_same_refusal(registration_code):
    reasons = []
    for number, code in [("234567AB", "ABCD-EFGH-JKLN"), ("999999ZZ", "ABCD-EFGH-JKLM")]:
        with pytest.raises(Refused) as refusal:
            _register_with_card(code=code, number=number)
        reasons.append(refusal.value.reason)
    assert reasons == ["registration_failed", "registration_failed"]
    assert CardRegistrationCode.objects.get().failed_attempts == 1


@pytest.mark.django_db
def test_after_five_wrong_codes_even_the_right_one_is_refused(registration_code):
    for _ in range(5):
        with pytest.raises(Refused):
            _register_with_card(code="WRONG-CODE")
    with pytest.raises(Refused) as refusal:
        _register_with_card()
    assert refusal.value.reason == "registration_failed"
    assert Account.objects.count() == 0


@pytest.mark.django_db
def test_a_card_issued_before_2016_is_refused(id_card, registration_code):
    Document.objects.filter(pk=id_card.pk).update(issued_on=date(2015, 12, 31))
    with pytest.raises(Refused) as refusal:
        _register_with_card()
    assert refusal.value.reason == "card_too_old"


@pytest.mark.django_db
def test_an_invalidated_card_is_refused(id_card, registration_code):
    Document.objects.filter(pk=id_card.pk).update(validity=Document.Validity.INVALIDATED)
    with pytest.raises(Refused) as refusal:
        _register_with_card()
    assert refusal.value.reason == "card_not_valid"


@pytest.mark.django_db
def test_electronic_registration_of_a_further_account_records_the_fee(
    person, account, registration_code
):
    assert _register_with_card().fee_due == 3000


# --- Activation ------------------------------------------------------------------------
@pytest.fixture
def registered(person, id_card, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _register(person, clerk)


@pytest.mark.django_db
def test_the_activation_code_sets_the_password_once(registered):
    code = activation_code()
    accounts.activate_account("kerekes.ilona", code, NEW_PASSWORD)
    registered.refresh_from_db()
    assert check_password(NEW_PASSWORD, registered.password)
    assert registered.password_changed_at is not None
    with pytest.raises(Refused) as refusal:
        accounts.activate_account("kerekes.ilona", code, "Harmadik-jelszo-2026")
    assert refusal.value.reason == "activation_used"


@pytest.mark.django_db
def test_the_activation_code_expires_after_5_days(registered, later):
    code = activation_code()
    later(timedelta(days=5, seconds=1))
    with pytest.raises(Refused) as refusal:
        accounts.activate_account("kerekes.ilona", code, NEW_PASSWORD)
    assert refusal.value.reason == "activation_expired"


@pytest.mark.django_db
def test_the_activation_code_still_works_just_before_5_days(registered, later):
    code = activation_code()
    later(timedelta(days=4, hours=23))
    accounts.activate_account("kerekes.ilona", code, NEW_PASSWORD)


@pytest.mark.django_db
def test_a_wrong_code_and_an_unknown_username_get_the_same_refusal(registered):
    reasons = []
    for username, code in [("kerekes.ilona", "AAAA-BBBB-CCCC"), ("nobody", activation_code())]:
        with pytest.raises(Refused) as refusal:
            accounts.activate_account(username, code, NEW_PASSWORD)
        reasons.append(refusal.value.reason)
    assert reasons == ["activation_failed", "activation_failed"]


@pytest.mark.django_db
def test_after_five_wrong_activation_codes_the_right_one_no_longer_works(registered):
    code = activation_code()
    for _ in range(5):
        with pytest.raises(Refused):
            accounts.activate_account("kerekes.ilona", "AAAA-BBBB-CCCC", NEW_PASSWORD)
    with pytest.raises(Refused) as refusal:
        accounts.activate_account("kerekes.ilona", code, NEW_PASSWORD)
    assert refusal.value.reason == "activation_attempts"


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_the_code_stays_usable(registered):
    code = activation_code()
    with pytest.raises(ValidationError) as error:
        accounts.activate_account("kerekes.ilona", code, "kerekes.ilona1")
    assert {e.code for e in error.value.error_list} == {"password_too_similar"}
    with pytest.raises(ValidationError):
        accounts.activate_account("kerekes.ilona", code, "short")
    accounts.activate_account("kerekes.ilona", code, NEW_PASSWORD)


@pytest.mark.django_db
def test_a_new_activation_code_retires_the_old_one(registered, django_capture_on_commit_callbacks):
    old = activation_code()
    with django_capture_on_commit_callbacks(execute=True):
        accounts.send_activation_code(registered)
    assert activation_code() != old
    with pytest.raises(Refused) as refusal:
        accounts.activate_account("kerekes.ilona", old, NEW_PASSWORD)
    assert refusal.value.reason == "activation_failed"
    accounts.activate_account("kerekes.ilona", activation_code(), NEW_PASSWORD)
    with pytest.raises(Refused) as refusal:
        accounts.send_activation_code(registered)
    assert refusal.value.reason == "already_activated"


# --- Login codes -------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_login_code_lives_10_minutes(account, later, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        authentication.send_login_code(account, "email")
    code = OneTimeCode.objects.get(account=account, purpose=OneTimeCode.Purpose.EMAIL_LOGIN)
    assert code.expires_at - code.created_at == timedelta(minutes=10)
    later(timedelta(minutes=10, seconds=1))
    with pytest.raises(Refused) as refusal:
        authentication.verify_login_code(account, "email", last_code())
    assert refusal.value.reason == "expired_code"


@pytest.mark.django_db
def test_a_login_code_with_five_wrong_attempts_is_dead(account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        authentication.send_login_code(account, "email")
    OneTimeCode.objects.filter(account=account).update(attempts=5)
    with pytest.raises(Refused) as refusal:
        authentication.verify_login_code(account, "email", last_code())
    assert refusal.value.reason == "too_many_attempts"


# --- E-mail address ------------------------------------------------------------------------
def _email_change_token(account) -> str:
    from notifications.models import Notification

    url = Notification.objects.filter(template="ugyfelkapu_email_change").get().context["url"]
    return url.rstrip("/").rsplit("/", 1)[1]


@pytest.mark.django_db
def test_the_email_change_link_shows_neither_address(account):
    accounts.request_email_change(account, PASSWORD, "uj.cim@example.hu")
    token = _email_change_token(account)
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    for address in ("ilona@example.hu", "uj.cim@example.hu"):
        assert address not in token
        assert address.encode() not in decoded
    assert accounts.read_email_change_link(token) == (account, "uj.cim@example.hu")


@pytest.mark.django_db
def test_a_readable_email_change_link_sent_before_encryption_is_refused(account):
    old = signing.dumps(
        {"a": account.pk, "from": account.email, "to": "uj.cim@example.hu"},
        salt=accounts.EMAIL_CHANGE_SALT,
    )
    with pytest.raises(Refused) as refused:
        accounts.confirm_email_change(old)
    assert refused.value.reason == "email_link_invalid"
    account.refresh_from_db()
    assert account.email == "ilona@example.hu"
