"""The portal's users: citizens (who log in through the identity provider) and clerks."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A citizen or a clerk.

    Citizens are linked to their record in the population register; clerks are
    staff members attached to an office and log in to the admin with TOTP.
    """

    person = models.OneToOneField(
        "population.Person",
        verbose_name=_("person in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )
    office = models.ForeignKey(
        "appointments.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clerks",
    )
    # The identity provider's stable identifier (persistent NameID): the key of a
    # citizen user. Names and e-mail follow the assertion at every login.
    idp_subject = models.CharField(
        _("identity provider subject"), max_length=200, unique=True, null=True, blank=True
    )
    idp_entity = models.CharField(_("identity provider"), max_length=200, blank=True)
    # The natural identity data ("4T"): current name (first_name / last_name),
    # birth name, mother's birth name, place and date of birth.
    birth_family_name = models.CharField(_("birth family name"), max_length=100, blank=True)
    birth_given_names = models.CharField(_("birth given names"), max_length=100, blank=True)
    mother_family_name = models.CharField(
        _("mother's birth family name"), max_length=100, blank=True
    )
    mother_given_names = models.CharField(
        _("mother's birth given names"), max_length=100, blank=True
    )
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        default="hu",
        choices=[("hu", "Magyar"), ("en", "English")],
    )
    # "Előzetes értesítést kérek okmányaim lejáratáról": e-mails before the citizen's
    # ID card or passport expires (idcards.tasks.send_expiry_reminders); on unless
    # refused on the profile page.
    document_expiry_reminders = models.BooleanField(
        _("e-mail reminders before my documents expire"), default=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_clerk(self) -> bool:
        return self.is_staff and self.is_active

    def missing_identity_data(self) -> list[str]:
        """Names of the 4T fields and e-mail the citizen still has to give."""
        required = [
            "last_name",
            "first_name",
            "birth_family_name",
            "birth_given_names",
            "mother_family_name",
            "mother_given_names",
            "birth_place",
            "birth_date",
            "email",
        ]
        return [name for name in required if not getattr(self, name)]


class SeenAssertion(models.Model):
    """An assertion id already accepted: the same assertion never logs in twice.

    Kept until the assertion would have expired anyway; the nightly job
    `identity.tasks.forget_expired_assertions` removes older rows.
    """

    assertion_id = models.CharField(max_length=200, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.assertion_id


class PendingRequest(models.Model):
    """A SAML request the portal sent and is waiting to see answered.

    The answer comes back as a cross-site POST (or GET) from the identity
    provider, which carries no `SameSite=Lax` session cookie; so the request is
    kept here, keyed by its id, bound to the browser that started it by the
    hash of a secret that only that browser holds in a short-lived cookie
    (`identity.pending`, ADR 0010). A row is used once: it is deleted when its
    answer is accepted, and `identity.tasks.forget_expired_assertions` removes
    rows past `expires_at`.
    """

    class Kind(models.TextChoices):
        LOGIN = "login"
        LOGOUT = "logout"

    request_id = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # SHA-256 of the browser's binding secret, never the secret itself: a copy
    # of this table does not let anyone answer in the citizen's place.
    browser = models.CharField(max_length=64, db_index=True)
    # Where to go after login: always a path inside the portal.
    next_url = models.CharField(max_length=2000, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.request_id}"
