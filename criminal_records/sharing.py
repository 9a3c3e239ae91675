"""Share links: the holder of a valid certificate lets a named recipient see it.

A link is valid 72 hours from its creation and for a set number of openings; the
holder sees every opening and can withdraw it; a certificate that expires or is
revoked takes its links with it. The recipient sees only the certificate's type,
content, date of issue and whether it is valid now: no address, no birth data.

The token is 32 random bytes (URL-safe base64); only its SHA-256 is stored, so the
table cannot be turned back into working links. The holder is shown the link
once, right after creating it (ADR 0011's rule on secrets in URLs is bent on
purpose here: the link is the secret the holder hands over, like a password-reset
link, and it dies after 72 hours or its openings).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.flow import style_control
from criminal_records.models import Certificate, ShareLink, ShareOpening

LIFETIME = timedelta(hours=72)
MAX_OPENINGS = 20


class ShareForm(forms.Form):
    recipient = forms.CharField(label=_("Recipient (person or organisation)"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    max_openings = forms.IntegerField(
        label=_("How many times may it be opened?"),
        min_value=1,
        max_value=MAX_OPENINGS,
        initial=3,
        help_text=_("At most 20. The link expires 72 hours after it is made in any case."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            described = [f"id_{self.add_prefix(name)}_error"]
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}_helptext")
            field.widget.attrs.setdefault("aria-describedby", " ".join(described))
            style_control(field.widget)


class NotShareable(Exception):
    pass


def create_link(certificate: Certificate, *, recipient: str, purpose: str, max_openings: int):
    """Make a link; returns (link, token). The token is not stored."""
    if not certificate.is_valid():
        raise NotShareable(gettext("Only a valid certificate can be shared."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = ShareLink.objects.create(
        certificate=certificate,
        token_hash=ShareLink.hash_of(token),
        recipient=recipient.strip(),
        purpose=purpose.strip(),
        max_openings=max_openings,
        created_at=now,
        expires_at=now + LIFETIME,
    )
    return link, token


def withdraw(link: ShareLink) -> None:
    ShareLink.objects.filter(pk=link.pk, withdrawn_at=None).update(withdrawn_at=timezone.now())


def find(token: str) -> ShareLink | None:
    if not token or len(token) > 100:
        return None
    return (
        ShareLink.objects.select_related("certificate", "certificate__person")
        .filter(token_hash=ShareLink.hash_of(token))
        .first()
    )


def state(link: ShareLink) -> str:
    """ "open", or why the link shows nothing: withdrawn / expired / used up / invalid."""
    if link.withdrawn_at is not None:
        return "withdrawn"
    if timezone.now() >= link.expires_at:
        return "expired"
    if not link.certificate.is_valid():
        return "invalid"
    if link.openings.count() >= link.max_openings:
        return "used_up"
    return "open"


@dataclass(frozen=True)
class SharedView:
    title: str
    statements: list[str]
    issued_on: object
    valid_now: bool


@transaction.atomic
def open_link(link: ShareLink) -> SharedView | None:
    """Count one opening and return what the recipient may see, or None when the
    link shows nothing any more. The lock keeps two openings from passing the limit."""
    locked = ShareLink.objects.select_for_update().get(pk=link.pk)
    if state(locked) != "open":
        return None
    ShareOpening.objects.create(link=locked)
    certificate = locked.certificate
    return SharedView(
        title=gettext("Official criminal record certificate"),
        statements=certificate.statements(),
        issued_on=certificate.issued_on,
        valid_now=certificate.is_valid(),
    )
