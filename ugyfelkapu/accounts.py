"""Writes of the identity provider: registration, activation, login checks and recovery.

Every function is one transaction. A refusal is raised as `Refused` with a reason
code whose message (`MESSAGES`) is shown to the citizen as it is. A failed attempt
is written first and the refusal raised after its transaction ends, so the count
survives the refusal.

What an attacker may learn is chosen with care:

* An unknown username and a wrong password give the same message, after the same
  hashing work; an unknown phone number and a wrong secret phone code likewise.
* Lockout (5 failures in a row lock for 30 minutes) is told to anyone who types that
  username during the lock, without checking the password: guesses made while the
  account is locked teach nothing. To keep the lock message from revealing that an
  account exists, unknown usernames and phone numbers get the same lock after the
  same number of failures (a counter in the cache). The price is that anyone can
  lock a known username for 30 minutes; the owner can still get in at once with
  "Forgotten password", whose link also unlocks the account, and the per-address
  throttle of the views slows down whoever keeps locking it.
* States of a code (used, expired, too many attempts) on the public pages are shown
  only once the code itself is right, so they never tell whether a username exists.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import date, datetime, timedelta

import pyotp
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentKind
from notifications.actions import queue_email, queue_sms
from population.identifiers import normalise_document_number, normalise_phone_number
from population.models import Person
from ugyfelkapu.models import Account, CardRegistrationCode, OneTimeCode, normalise_username

log = logging.getLogger(__name__)

# Source 000: the activation code is valid for 5 days and usable once.
ACTIVATION_CODE_VALIDITY = timedelta(days=5)
LOGIN_CODE_VALIDITY = timedelta(minutes=10)
RESET_LINK_VALIDITY = timedelta(hours=1)
EMAIL_CHANGE_LINK_VALIDITY = timedelta(days=2)
MAX_CODE_ATTEMPTS = 5
LOCK_AFTER_FAILURES = 5
LOCK_DURATION = timedelta(minutes=30)
# Failures further apart than this do not add up, for accounts and unknown names alike.
FAILURE_MEMORY = timedelta(days=1)
# Source 001: the first account is free, each further one 3000 Ft, except one that
# serves an organisation's official gateway (hivatali kapu), with its proof.
FURTHER_ACCOUNT_FEE = 3000
# Source 000: electronic registration needs a chip ID card issued after 2016-01-01,
# the day the eSzemélyi was introduced.
CHIP_CARDS_FROM = date(2016, 1, 1)
# Source 000: a valid ID card, card-format driving licence or passport, shown in person.
OFFICE_DOCUMENT_KINDS = (DocumentKind.ID_CARD, DocumentKind.DRIVING_LICENCE, DocumentKind.PASSPORT)
TOTP_ISSUER = "Ügyfélkapu+"
EMAIL_CHANGE_SALT = "ugyfelkapu.email-change"

MESSAGES: dict[str, Promise] = {
    "login_failed": _("The username or the password is wrong."),
    "locked": _(
        "Too many failed attempts: this account is locked for 30 minutes. Wait and try "
        "again, or set a new password with “Forgotten password”, which also unlocks it."
    ),
    "inactive": _("This account is closed. A government office can tell you more."),
    "wrong_code": _("The code is wrong. Check it and try again."),
    "expired_code": _("This code has expired. Ask for a new one."),
    "used_code": _("This code was already used. Ask for a new one."),
    "too_many_attempts": _(
        "The code was typed wrongly too many times and no longer works. Ask for a new one."
    ),
    "totp_wrong": _("The code from the authenticator app is wrong. Type the code it shows now."),
    "totp_replayed": _(
        "This code was already used. Wait until your app shows a new one "
        "(it changes every 30 seconds)."
    ),
    "totp_not_set_up": _(
        "No authenticator app is set up for this account yet. Log in with a code sent by "
        "e-mail, then set up the app on your account page."
    ),
    "uses_totp": _(
        "This account uses an authenticator app for the second step. Choose "
        "“Ügyfélkapu+ with an authenticator app”."
    ),
    "phone_failed": _("The phone number or the secret phone code is wrong."),
    "activation_failed": _("The username or the activation code is wrong."),
    "activation_used": _(
        "This activation code was already used: the account has a password. Log in, or "
        "set a new password with “Forgotten password”."
    ),
    "activation_expired": _(
        "This activation code has expired (it was valid for 5 days). Set a password with "
        "“Forgotten password”, or ask a government office for a new code."
    ),
    "activation_attempts": _(
        "The activation code was typed wrongly too many times and no longer works. Set a "
        "password with “Forgotten password”, or ask a government office for a new code."
    ),
    "registration_failed": _("The ID card number or the registration code is wrong."),
    "card_too_old": _(
        "Electronic registration needs a chip ID card issued after 1 January 2016. Please "
        "open your account at a government office."
    ),
    "card_not_valid": _(
        "This ID card is not valid. Please open your account at a government office with a "
        "valid document."
    ),
    "registration_code_used": _(
        "This registration code was already used. Further accounts can be opened at a "
        "government office."
    ),
    "person_deceased": _("The register records this person as deceased."),
    "username_taken": _("This username is taken. Please choose another one."),
    "phone_taken": _("This phone number is already registered for phone identification."),
    "document_kind": _(
        "Identity can be proved here with an ID card, a card-format driving licence or a passport."
    ),
    "document_not_found": _(
        "There is no such document in the documents register. Check the kind and the number."
    ),
    "document_other_holder": _("This document belongs to another person in the register."),
    "document_not_valid": _(
        "This document is not valid today (it expired, was invalidated or withdrawn)."
    ),
    "already_activated": _(
        "This account already has a password: the citizen can use “Forgotten password”."
    ),
    "reset_link_invalid": _(
        "This link is not valid. Check that you opened the whole link from the e-mail, or "
        "ask for a new one."
    ),
    "reset_link_used": _("This link was already used. If you need it again, ask for a new one."),
    "reset_link_expired": _(
        "This link has expired: links are valid for 1 hour. Ask for a new one."
    ),
    "email_link_invalid": _(
        "This confirmation link is not valid, was already used or has expired. Ask for the "
        "change again on your account page."
    ),
    "wrong_current_password": _("The current password is wrong."),
    "same_password": _("The new password must differ from the current one."),
}


class Refused(Exception):
    """An action the citizen or clerk asked for is refused; `message` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> Promise:
        return MESSAGES[self.reason]


# --- Codes ------------------------------------------------------------------------
# No 0/O or 1/I: codes are read from paper and phone screens.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_code(value: str) -> str:
    """Drop the spaces and hyphens people type in codes, and upper-case them."""
    return _CODE_SEPARATORS.sub("", str(value)).upper()


def group_code(code: str) -> str:
    """ "ABCDEFGHJKLM" -> "ABCD-EFGH-JKLM", as codes are printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _letter_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))


def _digit_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _url(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=args)


def _issue_code(account: Account, purpose: str, secret: str, validity: timedelta) -> OneTimeCode:
    now = timezone.now()
    # Only the newest code counts: retire the ones issued before.
    account.codes.filter(purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    return OneTimeCode.objects.create(
        account=account,
        purpose=purpose,
        code_hash=make_password(secret),
        created_at=now,
        expires_at=now + validity,
    )


def _check_code(
    account: Account, purpose: str, code: str, *, public: bool
) -> tuple[OneTimeCode | None, str | None]:
    """Find the newest code of `purpose` and tell whether `code` may be used.

    A wrong code costs an attempt; after `MAX_CODE_ATTEMPTS` the code is dead. On a
    `public` page (no password given before) the state of the code is told only when
    the code is right; after the password it is told at once, so the citizen asks for
    a new code instead of typing on.
    """
    record = (
        account.codes.select_for_update()
        .filter(purpose=purpose)
        .order_by("-created_at", "-pk")
        .first()
    )
    if record is None:
        check_password(code, "")  # the same hashing work as a real check
        return None, "wrong_code"
    if not public and record.attempts >= MAX_CODE_ATTEMPTS:
        return record, "too_many_attempts"
    if not check_password(normalise_code(code), record.code_hash):
        OneTimeCode.objects.filter(pk=record.pk).update(attempts=F("attempts") + 1)
        return record, "wrong_code"
    if record.used_at is not None:
        return record, "used_code"
    if record.attempts >= MAX_CODE_ATTEMPTS:
        return record, "too_many_attempts"
    if record.expires_at <= timezone.now():
        return record, "expired_code"
    return record, None


def _use_code(record: OneTimeCode) -> bool:
    """Mark the code used; False if a parallel request used it first."""
    return bool(
        OneTimeCode.objects.filter(pk=record.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
    )


# --- Failures and lockout -----------------------------------------------------------
def _register_failure(account: Account) -> bool:
    """Count a failed attempt; lock the account at the limit. True if it is locked now."""
    now = timezone.now()
    with transaction.atomic():
        current = Account.objects.select_for_update().get(pk=account.pk)
        if current.last_failed_at is None or now - current.last_failed_at > FAILURE_MEMORY:
            current.failed_logins = 0
        current.failed_logins += 1
        current.last_failed_at = now
        locked = current.failed_logins >= LOCK_AFTER_FAILURES
        if locked:
            current.failed_logins = 0
            current.locked_until = now + LOCK_DURATION
        current.save(update_fields=["failed_logins", "last_failed_at", "locked_until"])
    account.failed_logins, account.locked_until = current.failed_logins, current.locked_until
    if locked:
        log.info("ugyfelkapu account %s locked after failed logins", account.pk)
    return locked


def _ghost_key(identifier: str) -> str:
    return "ugyfelkapu:ghost:" + hashlib.sha256(identifier.encode()).hexdigest()


def _ghost_locked(identifier: str) -> bool:
    state = cache.get(_ghost_key(identifier)) or {}
    return state.get("locked_until", 0) > timezone.now().timestamp()


def _register_ghost_failure(identifier: str) -> bool:
    """Count a failure for a username or phone number that has no account.

    The same rules as for accounts, judged by the stored times (not by the
    cache's expiry, which only clears old entries away).
    """
    key, now = _ghost_key(identifier), timezone.now().timestamp()
    state = cache.get(key) or {}
    if now - state.get("last", now) > FAILURE_MEMORY.total_seconds():
        state = {}
    count = state.get("count", 0) + 1
    locked = count >= LOCK_AFTER_FAILURES
    state = {
        "count": 0 if locked else count,
        "last": now,
        "locked_until": now + LOCK_DURATION.total_seconds()
        if locked
        else state.get("locked_until", 0),
    }
    cache.set(key, state, timeout=int((FAILURE_MEMORY + LOCK_DURATION).total_seconds()))
    return locked


def _refuse_unknown(identifier: str, secret: str, reason: str) -> Refused:
    check_password(secret, "")  # the same hashing work as for a real account
    if _ghost_locked(identifier):
        return Refused("locked")
    return Refused("locked" if _register_ghost_failure(identifier) else reason)


def _refuse_wrong(account: Account, reason: str) -> Refused:
    return Refused("locked" if _register_failure(account) else reason)


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
    code = _letter_code()
    record = _issue_code(account, OneTimeCode.Purpose.ACTIVATION, code, ACTIVATION_CODE_VALIDITY)
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
    code = normalise_code(code) if code else _letter_code()
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
        record, reason = _check_code(account, OneTimeCode.Purpose.ACTIVATION, code, public=True)
        if reason is None:
            validate_password(password, user=account)
            if _use_code(record):
                _set_password(account, password)
            else:
                reason = "used_code"
    if reason is not None:
        raise Refused(_ACTIVATION_REASONS[reason])
    log.info("ugyfelkapu account %s activated", account.pk)
    return account


# --- Login ---------------------------------------------------------------------------
def authenticate_password(username: str, password: str) -> Account:
    """The first step of an Ügyfélkapu+ login; the second factor follows."""
    username = normalise_username(username)
    account = Account.objects.select_related("person").filter(username=username).first()
    if account is None:
        raise _refuse_unknown(f"user:{username}", password, "login_failed")
    if account.is_locked():
        check_password(password, "")
        raise Refused("locked")
    if not check_password(password, account.password):
        raise _refuse_wrong(account, "login_failed")
    if not account.is_active:
        raise Refused("inactive")
    return account


def authenticate_phone(phone_number: str, phone_code: str) -> Account:
    """The first step of phone identification; the SMS code follows."""
    number = normalise_phone_number(phone_number)
    account = (
        Account.objects.select_related("person")
        .filter(phone_number=number)
        .exclude(phone_code="")
        .first()
    )
    if account is None:
        raise _refuse_unknown(f"phone:{number}", phone_code, "phone_failed")
    if account.is_locked():
        check_password(phone_code, "")
        raise Refused("locked")
    if not check_password(phone_code, account.phone_code):
        raise _refuse_wrong(account, "phone_failed")
    if not account.is_active:
        raise Refused("inactive")
    return account


@transaction.atomic
def send_login_code(account: Account, method: str, *, language: str = "hu") -> None:
    """Send the one-time code of the second step by e-mail ("email") or SMS ("phone")."""
    code = _digit_code()
    if method == "email":
        _issue_code(account, OneTimeCode.Purpose.EMAIL_LOGIN, code, LOGIN_CODE_VALIDITY)
        queue_email(
            account.email,
            "ugyfelkapu_login_code",
            {"username": account.username, "code": code, "minutes": 10},
            language=language,
        )
    elif method == "phone":
        _issue_code(account, OneTimeCode.Purpose.SMS_LOGIN, code, LOGIN_CODE_VALIDITY)
        queue_sms(
            account.phone_number,
            "ugyfelkapu_login_code",
            {"code": code, "minutes": 10},
            language=language,
        )
    else:
        raise ValueError(f"no code is sent for {method!r}")


def verify_login_code(account: Account, method: str, code: str) -> None:
    """Check the code of the second step; every wrong code counts towards the lock."""
    account.refresh_from_db(fields=["failed_logins", "locked_until", "totp_last_step"])
    if account.is_locked():
        raise Refused("locked")
    if method == "totp":
        reason = _verify_totp(account, code)
    else:
        purpose = {
            "email": OneTimeCode.Purpose.EMAIL_LOGIN,
            "phone": OneTimeCode.Purpose.SMS_LOGIN,
        }[method]
        with transaction.atomic():
            record, reason = _check_code(account, purpose, code, public=False)
            if reason is None and not _use_code(record):
                reason = "used_code"
    if reason in ("wrong_code", "totp_wrong"):
        raise _refuse_wrong(account, reason)
    if reason is not None:
        raise Refused(reason)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code `code` is, allowing one step of clock drift."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    code = normalise_code(code)
    for step in (current, current - 1, current + 1):
        if constant_time_compare(totp.generate_otp(step), code):
            return step
    return None


def _verify_totp(account: Account, code: str) -> str | None:
    step = _matching_step(account.totp_secret, code, timezone.now())
    if step is None:
        return "totp_wrong"
    # Claim the step with a conditional UPDATE: of two requests with the same code
    # (or a replay of an older one) only the first gets through.
    claimed = (
        Account.objects.filter(pk=account.pk)
        .exclude(totp_last_step__gte=step)
        .update(totp_last_step=step)
    )
    return None if claimed else "totp_replayed"


@transaction.atomic
def record_login(account: Account) -> None:
    """Both factors passed: the failure count starts again."""
    Account.objects.filter(pk=account.pk).update(
        failed_logins=0, locked_until=None, last_login_at=timezone.now()
    )


# --- Authenticator app ---------------------------------------------------------------
def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_provisioning_uri(account: Account, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account.username, issuer_name=TOTP_ISSUER)


@transaction.atomic
def enrol_totp(account: Account, secret: str, code: str) -> None:
    """Switch the second step to the authenticator app once it showed a right code."""
    step = _matching_step(secret, code, timezone.now())
    if step is None:
        raise Refused("totp_wrong")
    account.totp_secret, account.totp_confirmed_at = secret, timezone.now()
    account.totp_last_step = step  # the code just typed cannot log in again
    account.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    log.info("ugyfelkapu account %s set up an authenticator app", account.pk)


@transaction.atomic
def reset_authenticator(account: Account, *, by) -> None:
    """Back to e-mail codes, e.g. after the phone with the app was lost."""
    account.totp_secret, account.totp_confirmed_at, account.totp_last_step = "", None, None
    account.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    log.info("ugyfelkapu account %s: authenticator reset by user %s", account.pk, by.pk)


# --- Passwords -------------------------------------------------------------------------
def _check_current_password(account: Account, password: str) -> None:
    if not check_password(password, account.password):
        raise _refuse_wrong(account, "wrong_current_password")


def change_password(account: Account, current_password: str, new_password: str) -> None:
    """Change the password on the account page (the validators ran in the form)."""
    _check_current_password(account, current_password)
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
    record = _issue_code(account, OneTimeCode.Purpose.PASSWORD_RESET, secret, RESET_LINK_VALIDITY)
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
    if not _use_code(record):
        raise Refused("reset_link_used")
    _set_password(account, new_password)
    # An activation code still open would overwrite this password later.
    account.codes.filter(purpose=OneTimeCode.Purpose.ACTIVATION, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    Account.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
    log.info("ugyfelkapu account %s: password reset by e-mail link", account.pk)
    return account


@transaction.atomic
def unlock_account(account: Account, *, by) -> None:
    Account.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
    log.info("ugyfelkapu account %s unlocked by user %s", account.pk, by.pk)


def set_phone_code(account: Account, current_password: str, phone_code: str) -> None:
    """The citizen chooses (or changes) the secret code of phone identification."""
    _check_current_password(account, current_password)
    with transaction.atomic():
        account.phone_code = make_password(phone_code)
        account.save(update_fields=["phone_code"])


# --- E-mail address --------------------------------------------------------------------
def request_email_change(
    account: Account, current_password: str, new_email: str, *, language: str = "hu"
) -> None:
    """Send a signed confirmation link to the new address; nothing changes until used."""
    _check_current_password(account, current_password)
    token = signing.dumps(
        {"a": account.pk, "from": account.email, "to": new_email}, salt=EMAIL_CHANGE_SALT
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
        return signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_LINK_VALIDITY.total_seconds()
        )
    except signing.BadSignature:
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
