"""Logging in to the identity provider: both steps, the failure counters and the lock.

The first step is a password, or a phone number with its secret phone code; the second
a code sent by e-mail or SMS, or one from an authenticator app. Every function is one
transaction. A failed attempt is written first and the refusal (`Refused`) raised after
its transaction ends, so the count survives the refusal.

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
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

import pyotp
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from notifications.actions import queue_email, queue_sms
from population.identifiers import normalise_phone_number
from ugyfelkapu.codes import check_code, digit_code, issue_code, normalise_code, use_code
from ugyfelkapu.errors import Refused
from ugyfelkapu.models import Account, OneTimeCode, normalise_username

log = logging.getLogger(__name__)

LOGIN_CODE_VALIDITY = timedelta(minutes=10)
LOCK_AFTER_FAILURES = 5
LOCK_DURATION = timedelta(minutes=30)
# Failures further apart than this do not add up, for accounts and unknown names alike.
FAILURE_MEMORY = timedelta(days=1)
TOTP_ISSUER = "Ügyfélkapu+"


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


def check_current_password(account: Account, password: str) -> None:
    """The password asked again before a change; a wrong one counts towards the lock."""
    if not check_password(password, account.password):
        raise _refuse_wrong(account, "wrong_current_password")


@transaction.atomic
def send_login_code(account: Account, method: str, *, language: str = "hu") -> None:
    """Send the one-time code of the second step by e-mail ("email") or SMS ("phone")."""
    code = digit_code()
    if method == "email":
        issue_code(account, OneTimeCode.Purpose.EMAIL_LOGIN, code, LOGIN_CODE_VALIDITY)
        queue_email(
            account.email,
            "ugyfelkapu_login_code",
            {"username": account.username, "code": code, "minutes": 10},
            language=language,
        )
    elif method == "phone":
        issue_code(account, OneTimeCode.Purpose.SMS_LOGIN, code, LOGIN_CODE_VALIDITY)
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
            record, reason = check_code(account, purpose, code, public=False)
            if reason is None and not use_code(record):
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


@transaction.atomic
def unlock_account(account: Account, *, by) -> None:
    Account.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
    log.info("ugyfelkapu account %s unlocked by user %s", account.pk, by.pk)


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
