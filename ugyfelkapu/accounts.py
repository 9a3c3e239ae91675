"""Writes of the identity provider: registration, activation, passwords and e-mail address.

Every function is one transaction. A refusal is raised as `Refused` (see
`ugyfelkapu.errors`). A password asked again before a change is checked by
`ugyfelkapu.authentication`, so a wrong one counts towards the lock like a failed login.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentKind
from notifications.actions import queue_email
from population.identifiers import normalise_document_number, normalise_phone_number
from population.models import Person
from portal.tokens import TokenExpired, TokenInvalid, seal, unseal
from ugyfelkapu.authentication import check_current_password
from ugyfelkapu.codes import (
    MAX_CODE_ATTEMPTS,
    check_code,
    group_code,
    issue_code,
    letter_code,
    normalise_code,
    use_code,
)
from ugyfelkapu.errors import Refused
from ugyfelkapu.models import Account, CardRegistrationCode, OneTimeCode, normalise_username

log = logging.getLogger(__name__)

# The public Ügyfélkapu guide: the activation code is valid for 5 days and usable once.
ACTIVATION_CODE_VALIDITY = timedelta(days=5)
RESET_LINK_VALIDITY = timedelta(hours=1)
EMAIL_CHANGE_LINK_VALIDITY = timedelta(days=2)
# The Ügyfélkapu registration page: the first account is free, each further one 3000 Ft,
# except one that serves an organisation's official gateway (hivatali kapu), with its proof.
FURTHER_ACCOUNT_FEE = 3000
# The public Ügyfélkapu guide: electronic registration needs a chip ID card issued after
# 2016-01-01, the day the eSzemélyi was introduced.
CHIP_CARDS_FROM = date(2016, 1, 1)
# The public Ügyfélkapu guide: a valid ID card, card-format driving licence or passport,
# shown in person.
OFFICE_DOCUMENT_KINDS = (DocumentKind.ID_CARD, DocumentKind.DRIVING_LICENCE, DocumentKind.PASSPORT)
EMAIL_CHANGE_SALT = "ugyfelkapu.email-change"


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _url(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)


# --- Registration -----------------------------------------------------------------
def fee_for_new_account(person: Person, kind: str) -> int:
    """The fee of one more account: the first personal account is free."""
    if kind == Account.Kind.ORGANISATION_GATEWAY:
        return 0
    has_one = Account.objects.filter(person=person, kind=Account.Kind.PERSONAL).exists()
    return FURTHER_ACCOUNT_FEE if has_one else 0


def check_identity_document(
    person: Person, kind: str, number: str, *, today: date | None = None
) -> Document:
    """The document the clerk was shown, if it proves this person's identity today."""
    if kind not in OFFICE_DOCUMENT_KINDS:
        raise Refused("document_kind")
    # The register has no format field for driving licences: one found in it is taken
    # to be the card the rule asks for, and the clerk holds the document itself.
    document = Document.objects.filter(kind=kind, number=normalise_document_number(number)).first()
    if document is None:
        raise Refused("document_not_found")
    if document.holder_id != person.pk:
        raise Refused("document_other_holder")
    if not document.is_valid(today):
        raise Refused("document_not_valid")
    return document


def _create_account(person: Person, **fields) -> Account:
    try:
        with transaction.atomic():
            return Account.objects.create(person=person, **fields)
    except IntegrityError:
        if Account.objects.filter(username=fields["username"]).exists():
            raise Refused("username_taken") from None
        raise Refused("phone_taken") from None


def _send_activation_code(account: Account, *, language: str) -> None:
    code = letter_code()
    record = issue_code(account, OneTimeCode.Purpose.ACTIVATION, code, ACTIVATION_CODE_VALIDITY)
    # The outbox keeps the message context until delivery, as it keeps every message.
    queue_email(
        account.email,
        "ugyfelkapu_activation",
        {
            "username": account.username,
            "code": group_code(code),
            "valid_until": _local(record.expires_at),
            "url": _url("ugyfelkapu:activate"),
        },
        language=language,
    )


@transaction.atomic
def register_at_office(
    person: Person,
    *,
    document_kind: str,
    document_number: str,
    username: str,
    email: str,
    phone_number: str = "",
    phone_code: str = "",
    kind: str = Account.Kind.PERSONAL,
    gateway_proof: str = "",
    by,
    language: str = "hu",
) -> Account:
    """Open an account for a person whose identity document a clerk has checked."""
    check_identity_document(person, document_kind, document_number)
    if person.died_on is not None:
        raise Refused("person_deceased")
    username = normalise_username(username)
    phone = normalise_phone_number(phone_number) if phone_number else ""
    if Account.objects.filter(username=username).exists():
        raise Refused("username_taken")
    if phone and Account.objects.filter(phone_number=phone).exists():
        raise Refused("phone_taken")
    account = _create_account(
        person,
        username=username,
        email=email,
        kind=kind,
        gateway_proof=gateway_proof if kind == Account.Kind.ORGANISATION_GATEWAY else "",
        fee_due=fee_for_new_account(person, kind),
        registered_via=Account.Channel.OFFICE,
        registered_by=by,
        phone_number=phone,
        phone_code=make_password(phone_code) if phone and phone_code else "",
    )
    _send_activation_code(account, language=language)
    log.info("ugyfelkapu account %s registered at an office by user %s", account.pk, by.pk)
    return account


def register_with_card(
    card_number: str, registration_code: str, *, username: str, email: str, language: str = "hu"
) -> Account:
    """Open an account with a chip ID card's number and its registration code.

    This checks the code from the PIN envelope only; reading the chip itself (and its
    PIN) comes with a later change.
    """
    number = normalise_document_number(card_number)
    record = (
        CardRegistrationCode.objects.select_related("document__holder")
        .filter(document__kind=DocumentKind.ID_CARD, document__number=number)
        .first()
    )
    # After too many wrong codes the card must go to an office: the answer stays the
    # generic one, so the block itself tells nothing about the card.
    if record is None or record.failed_attempts >= MAX_CODE_ATTEMPTS:
        check_password(registration_code, "")
        raise Refused("registration_failed")
    if not check_password(normalise_code(registration_code), record.code_hash):
        with transaction.atomic():
            CardRegistrationCode.objects.filter(pk=record.pk).update(
                failed_attempts=F("failed_attempts") + 1
            )
        raise Refused("registration_failed")
    document, person = record.document, record.document.holder
    if record.used_at is not None:
        raise Refused("registration_code_used")
    if not document.has_chip or document.issued_on < CHIP_CARDS_FROM:
        raise Refused("card_too_old")
    if not document.is_valid():
        raise Refused("card_not_valid")
    if person.died_on is not None:
        raise Refused("person_deceased")
    username = normalise_username(username)
    if Account.objects.filter(username=username).exists():
        raise Refused("username_taken")
    with transaction.atomic():
        if not CardRegistrationCode.objects.filter(pk=record.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            raise Refused("registration_code_used")
        account = _create_account(
            person,
            username=username,
            email=email,
            fee_due=fee_for_new_account(person, Account.Kind.PERSONAL),
            registered_via=Account.Channel.CHIP_CARD,
        )
        CardRegistrationCode.objects.filter(pk=record.pk).update(account=account)
        _send_activation_code(account, language=language)
    log.info("ugyfelkapu account %s registered with a chip card", account.pk)
    return account


@transaction.atomic
def set_registration_code(document: Document, code: str | None = None) -> str:
    """Record the registration code of a chip ID card's PIN envelope; return it."""
    if document.kind != DocumentKind.ID_CARD or not document.has_chip:
        raise ValueError("only a chip ID card has a registration code")
    code = normalise_code(code) if code else letter_code()
    CardRegistrationCode.objects.update_or_create(
        document=document,
        defaults={
            "code_hash": make_password(code),
            "created_at": timezone.now(),
            "failed_attempts": 0,
            "used_at": None,
            "account": None,
        },
    )
    return group_code(code)


@transaction.atomic
def send_activation_code(account: Account, *, by=None, language: str = "hu") -> None:
    """Send a new activation code (the earlier one stops working)."""
    account.refresh_from_db(fields=["password"])
    if account.has_password:
        raise Refused("already_activated")
    _send_activation_code(account, language=language)


def _set_password(account: Account, password: str) -> None:
    account.password = make_password(password)
    account.password_changed_at = timezone.now()
    account.save(update_fields=["password", "password_changed_at"])


_ACTIVATION_REASONS = {
    "wrong_code": "activation_failed",
    "used_code": "activation_used",
    "expired_code": "activation_expired",
    "too_many_attempts": "activation_attempts",
}


def activate_account(username: str, code: str, password: str) -> Account:
    """Set the first password with the activation code.

    Raises `Refused`, or `ValidationError` when the password validators refuse it
    (the code is then left unused).
    """
    account = (
        Account.objects.select_related("person")
        .filter(username=normalise_username(username), is_active=True)
        .first()
    )
    if account is None:
        check_password(code, "")
        raise Refused("activation_failed")
    with transaction.atomic():
        record, reason = check_code(account, OneTimeCode.Purpose.ACTIVATION, code, public=True)
        if reason is None:
            validate_password(password, user=account)
            if use_code(record):
                _set_password(account, password)
            else:
                reason = "used_code"
    if reason is not None:
        raise Refused(_ACTIVATION_REASONS[reason])
    log.info("ugyfelkapu account %s activated", account.pk)
    return account


# --- Passwords -------------------------------------------------------------------------
def change_password(account: Account, current_password: str, new_password: str) -> None:
    """Change the password on the account page (the validators ran in the form)."""
    check_current_password(account, current_password)
    with transaction.atomic():
        _set_password(account, new_password)


@transaction.atomic
def replace_expired_password(account: Account, new_password: str) -> None:
    """The forced change during a login, once both factors were proved."""
    if check_password(new_password, account.password):
        raise Refused("same_password")
    _set_password(account, new_password)


@transaction.atomic
def request_password_reset(username: str, email: str, *, language: str = "hu") -> None:
    """E-mail a reset link if the username and address belong to one active account.

    The caller says the same thing either way, so the form tells nothing about accounts.
    """
    account = Account.objects.filter(
        username=normalise_username(username), email__iexact=email.strip(), is_active=True
    ).first()
    secret = secrets.token_hex(32)
    if account is None:
        make_password(secret)  # about the same work as for a real account
        return
    record = issue_code(account, OneTimeCode.Purpose.PASSWORD_RESET, secret, RESET_LINK_VALIDITY)
    queue_email(
        account.email,
        "ugyfelkapu_password_reset",
        {
            "username": account.username,
            "url": _url("ugyfelkapu:password_reset_confirm", record.pk, secret),
            "valid_until": _local(record.expires_at),
        },
        language=language,
    )


def check_reset_link(code_id: int, secret: str) -> OneTimeCode:
    """The reset link's record, if it can still be used."""
    record = (
        OneTimeCode.objects.select_related("account__person")
        .filter(pk=code_id, purpose=OneTimeCode.Purpose.PASSWORD_RESET)
        .first()
    )
    if record is None or not check_password(secret, record.code_hash):
        raise Refused("reset_link_invalid")
    if record.used_at is not None:
        raise Refused("reset_link_used")
    if record.expires_at <= timezone.now():
        raise Refused("reset_link_expired")
    return record


@transaction.atomic
def reset_password(code_id: int, secret: str, new_password: str) -> Account:
    """Set a new password with a reset link; this also unlocks the account."""
    record = check_reset_link(code_id, secret)
    account = record.account
    validate_password(new_password, user=account)
    if not use_code(record):
        raise Refused("reset_link_used")
    _set_password(account, new_password)
    # An activation code still open would overwrite this password later.
    account.codes.filter(purpose=OneTimeCode.Purpose.ACTIVATION, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    Account.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
    log.info("ugyfelkapu account %s: password reset by e-mail link", account.pk)
    return account


def set_phone_code(account: Account, current_password: str, phone_code: str) -> None:
    """The citizen chooses (or changes) the secret code of phone identification."""
    check_current_password(account, current_password)
    with transaction.atomic():
        account.phone_code = make_password(phone_code)
        account.save(update_fields=["phone_code"])


# --- E-mail address --------------------------------------------------------------------
def request_email_change(
    account: Account, current_password: str, new_email: str, *, language: str = "hu"
) -> None:
    """Send a confirmation link to the new address; nothing changes until used.

    The link carries both addresses encrypted (`portal.tokens`): readable in no log.
    Links made before that (readable signed values) are refused as not valid.
    """
    check_current_password(account, current_password)
    token = seal(
        {"a": account.pk, "from": account.email, "to": new_email}, purpose=EMAIL_CHANGE_SALT
    )
    with transaction.atomic():
        queue_email(
            new_email,
            "ugyfelkapu_email_change",
            {"username": account.username, "url": _url("ugyfelkapu:email_confirm", token)},
            language=language,
        )


def _email_change(token: str) -> dict:
    try:
        return unseal(token, purpose=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_LINK_VALIDITY)
    except (TokenInvalid, TokenExpired):
        raise Refused("email_link_invalid") from None


def _still_open(account: Account | None, change: dict) -> bool:
    # The link names the address it replaces: once used (or overtaken by another
    # change) it no longer matches, so each link works once.
    return account is not None and account.is_active and account.email == change["from"]


def read_email_change_link(token: str) -> tuple[Account, str]:
    """The account and the new address of a confirmation link that can still be used."""
    change = _email_change(token)
    account = Account.objects.filter(pk=change["a"]).first()
    if not _still_open(account, change):
        raise Refused("email_link_invalid")
    return account, change["to"]


@transaction.atomic
def confirm_email_change(token: str, *, language: str = "hu") -> Account:
    """Use the confirmation link: the new address replaces the old, which is told so."""
    change = _email_change(token)
    account = Account.objects.select_for_update().filter(pk=change["a"]).first()
    if not _still_open(account, change):
        raise Refused("email_link_invalid")
    account.email = change["to"]
    account.save(update_fields=["email"])
    queue_email(
        change["from"],
        "ugyfelkapu_email_changed",
        {"username": account.username, "new_email": change["to"]},
        language=language,
    )
    log.info("ugyfelkapu account %s changed its e-mail address", account.pk)
    return account
