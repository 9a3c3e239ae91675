"""Accounts, codes and clients of the identity provider's tests."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pyotp
import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from documents.models import DocumentKind
from tests import factories
from ugyfelkapu.authentication import new_totp_secret
from ugyfelkapu.errors import MESSAGES
from ugyfelkapu.models import Account

PASSWORD = "Titkos-jelszo-2026!"
NEW_PASSWORD = "Masik-hosszu-jelszo-77"
PHONE = "+36301234567"
PHONE_CODE = "246810"


@pytest.fixture(autouse=True)
def _clean_slate():
    """SMS are kept in a module list. (Cache counters are isolated per test by the
    project conftest's key prefix.)"""
    factories.SENT_SMS.clear()


@pytest.fixture
def client(client):
    """Pages in English, so the messages read the same before and after translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def hu_client(db):
    return Client()


def make_account(person=None, **fields) -> Account:
    person = person or factories.PersonFactory()
    fields.setdefault("username", f"user{Account.objects.count() + 1}")
    fields.setdefault("email", f"{fields['username']}@example.hu")
    password = fields.pop("password", PASSWORD)
    if password:
        fields["password"] = make_password(password)
        fields.setdefault("password_changed_at", timezone.now())
    return Account.objects.create(person=person, **fields)


@pytest.fixture
def person(db):
    return factories.PersonFactory(family_name="Kerekes", given_names="Ilona")


@pytest.fixture
def id_card(person):
    return factories.DocumentFactory(
        holder=person,
        kind=DocumentKind.ID_CARD,
        number="234567AB",
        issued_on=date(2021, 3, 1),
        expires_on=timezone.localdate() + timedelta(days=900),
        has_chip=True,
    )


@pytest.fixture
def account(person):
    """An activated account whose second step is an e-mail code."""
    return make_account(person, username="kerekes.ilona", email="ilona@example.hu")


@pytest.fixture
def totp_account(db):
    return make_account(
        username="totp.user", totp_secret=new_totp_secret(), totp_confirmed_at=timezone.now()
    )


@pytest.fixture
def phone_account(db):
    return make_account(
        username="phone.user", phone_number=PHONE, phone_code=make_password(PHONE_CODE)
    )


@pytest.fixture
def account_clerk_client(clerk_client, clerk):
    """A clerk (password and TOTP passed) who may register and manage accounts."""
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ugyfelkapu",
            codename__in=["view_account", "add_account", "change_account"],
        )
    )
    return clerk_client


@pytest.fixture
def completed(monkeypatch):
    """Record the logins handed to the SAML side instead of answering a provider."""
    calls: list[tuple[int, str]] = []

    def complete(request, account, method):
        calls.append((account.pk, method))
        return HttpResponse("authenticated")

    monkeypatch.setattr("ugyfelkapu.login_views._complete", complete)
    return calls


@pytest.fixture
def logged_in(monkeypatch):
    """Make `account` the one logged in at the IdP (the seam of the SAML side)."""

    def log_in(account: Account) -> None:
        monkeypatch.setattr(
            "ugyfelkapu.views._current_account",
            lambda request: Account.objects.select_related("person").get(pk=account.pk),
        )

    return log_in


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward for `timezone.now()` and `time.time()` (signed links)."""
    real_now, real_time = timezone.now, time.time

    def advance(delta: timedelta) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)
        monkeypatch.setattr(time, "time", lambda: real_time() + delta.total_seconds())

    return advance


def message(reason: str) -> str:
    """A refusal as the page shows it (HTML-escaped, English)."""
    from django.utils.html import escape
    from django.utils.translation import override

    with override("en"):
        return escape(str(MESSAGES[reason]))


def last_code(pattern: str = r"\b([0-9]{6})\b") -> str:
    return re.search(pattern, mail.outbox[-1].body).group(1)


def activation_code() -> str:
    return last_code(r"\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b")


def wrong_totp(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    valid = {totp.at(now + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
