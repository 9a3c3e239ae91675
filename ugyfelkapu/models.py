"""Ügyfélkapu+ accounts, their one-time codes and the chip cards' registration codes.

Every secret here (password, secret phone code, one-time codes, registration codes)
is stored only as a Django password hash; the TOTP key is the one exception, since
codes cannot be checked without it.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from population.identifiers import validate_phone_number

# How long a password stays valid after it was set ("Mennyi ideig érvényes a jelszó?").
# The operator may change it with the setting of the same name.

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,49}")


def new_subject() -> str:
    return uuid.uuid4().hex


def normalise_username(value: str) -> str:
    """Usernames are compared without case and surrounding spaces."""
    return str(value).strip().lower()


def validate_username(value: str) -> None:
    if not _USERNAME.fullmatch(value):
        raise ValidationError(
            _(
                "A username is 3 to 50 characters: lower-case letters without accents, digits, "
                "dots, hyphens and underscores, starting with a letter or digit."
            ),
            code="username_format",
        )


def password_max_age() -> timedelta:
    days = settings.UGYFELKAPU_PASSWORD_MAX_AGE_DAYS
    return timedelta(days=days)


class AccountQuerySet(models.QuerySet):
    def of_person(self, person) -> AccountQuerySet:
        return self.filter(person=person).order_by("registered_at")


class Account(models.Model):
    """A citizen's Ügyfélkapu+ account: a natural person from the population register.

    A person may hold several accounts (the first is free, each further one costs a
    fee); the identity data are never copied here, they are read from the register.
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("personal")
        ORGANISATION_GATEWAY = "organisation_gateway", _("for an organisation's official gateway")

    class Channel(models.TextChoices):
        OFFICE = "office", _("in person at a government office")
        CHIP_CARD = "chip_card", _("electronically, with the chip ID card's registration code")

    # Random, so it tells nothing about the person, and never changed. It was the
    # persistent SAML NameID for every service provider; now each one gets its own
    # (`PairwiseSubject`), and this one lives on as the portal's, whose users are
    # keyed on it (migration 0003).
    subject = models.CharField(
        _("subject identifier"), max_length=32, unique=True, default=new_subject, editable=False
    )
    person = models.ForeignKey(
        "population.Person",
        verbose_name=_("person in the register"),
        on_delete=models.PROTECT,
        related_name="ugyfelkapu_accounts",
    )
    username = models.CharField(
        _("username"), max_length=50, unique=True, validators=[validate_username]
    )
    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.PERSONAL)
    gateway_proof = models.TextField(
        _("proof of the official gateway"),
        blank=True,
        help_text=_("The organisation's certificate that the account serves its official gateway."),
    )
    # Payments come with a later change; until then the fee is only recorded.
    fee_due = models.PositiveIntegerField(_("fee due (HUF)"), default=0)
    fee_paid = models.BooleanField(_("fee paid"), default=False)
    registered_via = models.CharField(
        _("registered"), max_length=20, choices=Channel.choices, default=Channel.OFFICE
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    is_active = models.BooleanField(_("active"), default=True)

    # Empty until the citizen sets one with the activation code.
    password = models.CharField(_("password"), max_length=128, blank=True)
    password_changed_at = models.DateTimeField(_("password set at"), null=True, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("failed logins in a row"), default=0)
    last_failed_at = models.DateTimeField(_("last failed login"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    totp_secret = models.CharField(_("authenticator key"), max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(_("authenticator set up at"), null=True, blank=True)
    # The last time step whose code was accepted: a code is never accepted twice.
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)

    phone_number = models.CharField(
        _("phone number for phone identification"),
        max_length=20,
        blank=True,
        validators=[validate_phone_number],
    )
    phone_code = models.CharField(_("secret phone code"), max_length=128, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ügyfélkapu+ account")
        verbose_name_plural = _("Ügyfélkapu+ accounts")
        ordering = ["username"]
        constraints = [
            # Phone identification finds the account by the number alone.
            models.UniqueConstraint(
                fields=["phone_number"],
                condition=~Q(phone_number=""),
                name="ugyfelkapu_one_account_per_phone_number",
            )
        ]

    def __str__(self) -> str:
        return self.username

    # The password validators compare a new password with these.
    @property
    def first_name(self) -> str:
        return self.person.given_names

    @property
    def last_name(self) -> str:
        return self.person.family_name

    @property
    def has_password(self) -> bool:
        return bool(self.password)

    @property
    def uses_totp(self) -> bool:
        return bool(self.totp_secret) and self.totp_confirmed_at is not None

    @property
    def has_phone_identification(self) -> bool:
        return bool(self.phone_number and self.phone_code)

    @property
    def password_expires_at(self) -> datetime | None:
        if self.password_changed_at is None:
            return None
        return self.password_changed_at + password_max_age()

    def password_expired(self, now: datetime | None = None) -> bool:
        expires = self.password_expires_at
        return expires is not None and expires <= (now or timezone.now())

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    def is_usable(self) -> bool:
        """May log in: active, not locked and its password (if set) not expired."""
        return self.is_active and not self.is_locked() and not self.password_expired()


class OneTimeCode(models.Model):
    """An activation code, a login code or a password reset link; single use.

    Only the newest code of a purpose counts: issuing one retires the earlier ones.
    """

    class Purpose(models.TextChoices):
        ACTIVATION = "activation", _("activation")
        EMAIL_LOGIN = "email_login", _("login code by e-mail")
        SMS_LOGIN = "sms_login", _("login code by SMS")
        PASSWORD_RESET = "password_reset", _("password reset link")

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="codes")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["account", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class CardRegistrationCode(models.Model):
    """The registration code printed in a chip ID card's green PIN envelope.

    The card production writes it here when it prints the envelope (the demo data
    do it with `accounts.set_registration_code`). It opens one account
    electronically; reading the chip itself comes with a later change.
    """

    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("ID card"),
        on_delete=models.CASCADE,
        related_name="ugyfelkapu_registration_code",
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    account = models.ForeignKey(
        Account,
        verbose_name=_("account opened with it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration code")
        verbose_name_plural = _("registration codes")

    def __str__(self) -> str:
        return str(self.document)


class PairwiseSubject(models.Model):
    """The persistent NameID of one account at one service provider.

    Each service provider gets its own random value for the same citizen, so two
    services cannot link a person by the identifier the IdP gives them. A value is
    unique across all service providers, and never changes once issued.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="pairwise_subjects")
    # SAML entity ids are URIs of at most 1024 characters (SAML core 8.3.6).
    sp_entity_id = models.CharField(_("service provider"), max_length=1024)
    value = models.CharField(
        _("subject identifier"), max_length=32, unique=True, default=new_subject, editable=False
    )
    created_at = models.DateTimeField(_("first login"), default=timezone.now)

    class Meta:
        verbose_name = _("subject identifier at a service provider")
        verbose_name_plural = _("subject identifiers at service providers")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "sp_entity_id"], name="ugyfelkapu_one_subject_per_sp"
            )
        ]

    def __str__(self) -> str:
        return self.sp_entity_id


class IdPSession(AbstractBaseSession):
    """A browser's session at the identity provider, kept apart from the portal's.

    The IdP acts as a site of its own (`ugyfelkapu.sessions`): a key of this table
    is never a portal session key, and the other way round.
    """

    @classmethod
    def get_session_store_class(cls):
        from ugyfelkapu.sessions import SessionStore

        return SessionStore

    class Meta:
        verbose_name = _("identity provider session")
        verbose_name_plural = _("identity provider sessions")
