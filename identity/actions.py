"""Writes on citizen users."""

from __future__ import annotations

import hashlib

from django.db import transaction

from identity.models import User
from identity.saml import identity_fields
from population.models import Person


@transaction.atomic
def user_from_login(result: dict) -> User:
    """Find or create the citizen keyed by the IdP's subject; refresh the 4T data.

    The assertion's natural identity data overwrite what the portal held: the
    identity provider follows the register. Its e-mail address fills in the
    profile, but the portal sends its letters there only after the citizen has
    confirmed it by a link (first-login completion), and a changed address
    must be confirmed again. Fields the assertion leaves out are kept.
    """
    fields = identity_fields(result["attributes"])
    subject = f"{result['issuer']}!{result['subject']}"
    user = User.objects.select_for_update().filter(idp_subject=subject).first()
    if user is None:
        digest = hashlib.sha256(subject.encode()).hexdigest()[:24]
        user = User(username=f"citizen-{digest}", idp_subject=subject, idp_entity=result["issuer"])
        user.set_unusable_password()  # citizens never log in with a password here
    email = fields.get("email")
    if email and email != user.email:
        user.email_confirmed_at = None
    for name, value in fields.items():
        setattr(user, name, value)
    if user.person_id is None:
        user.person = _person_by_identity(user)
    user.save()
    return user


def _person_by_identity(user: User) -> Person | None:
    """The register's record of the natural identity data, when exactly one matches."""
    if not (user.birth_family_name and user.mother_family_name and user.birth_date):
        return None
    matches = list(
        Person.objects.filter(
            birth_family_name=user.birth_family_name,
            birth_given_names=user.birth_given_names,
            mother_family_name=user.mother_family_name,
            mother_given_names=user.mother_given_names,
            birth_place=user.birth_place,
            birth_date=user.birth_date,
            user__isnull=True,
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None
