"""Demo accounts for the citizens of the sandbox's demo data (embedded sandbox only).

The citizens themselves (persons, documents) come from the sandbox seed; this adds
their Ügyfélkapu+ accounts. Running it again sets the demo passwords and codes
back and re-arms the demo registration code.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from documents.models import DocumentKind
from population.models import Person
from ugyfelkapu.accounts import set_registration_code
from ugyfelkapu.models import Account

DEMO_PASSWORD = "Demo-jelszo-2026!"  # embedded sandbox only; never in production
DEMO_PHONE = ("nagy.eva", "+36201234567", "123456")
DEMO_TOTP_USER = "kovacs.janos"
DEMO_REGISTRATION_CODE = ("nagy.eva", "DEMO-NAGY-EVA2")

# username, family name, given name, birth date: as the sandbox seed creates them.
DEMO_CITIZENS = [
    ("kovacs.janos", "Kovács", "János", date(1980, 5, 14)),
    ("nagy.eva", "Nagy", "Éva", date(1992, 11, 3)),
    ("szabo.peter", "Szabó", "Péter", date(1952, 2, 28)),
    ("toth.anna", "Tóth", "Anna", date(2001, 7, 19)),
    ("horvath.gabor", "Horváth", "Gábor", date(1975, 9, 9)),
    # The passport services' demo citizens (sandbox/demo_passports.py).
    ("kiss.laszlo", "Kiss", "László", date(1985, 3, 21)),
    ("balogh.maria", "Balogh", "Mária", date(1990, 6, 8)),
    ("fekete.zoltan", "Fekete", "Zoltán", date(1970, 1, 30)),
    ("papp.istvan", "Papp", "István", date(1978, 10, 2)),
    ("muller.anna", "Müller", "Anna", date(1988, 4, 17)),
    # The register services' citizen without a registered residence (sandbox/demo_register.py).
    ("lakatos.ilona", "Lakatos", "Ilona", date(1986, 8, 12)),
    # Not a Hungarian citizen: settled in Hungary (sandbox/demo_residence.py).
    ("petrenko.olena", "Petrenko", "Olena", date(1987, 2, 9)),
]

CLERK_PERMISSIONS = ["view_account", "add_account", "change_account"]


def demo_totp_secret(username: str) -> str:
    """A fixed authenticator key per demo account (base32), so a scanned key stays valid."""
    digest = hashlib.sha256(f"ugysegeg-demo-ugyfelkapu-totp:{username}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


@transaction.atomic
def seed_demo_accounts() -> list[str]:
    """Create or refresh the demo citizens' accounts; return the lines of login hints."""
    lines = [
        f"Ügyfélkapu+ accounts (login at /ugyfelkapu/login/, password {DEMO_PASSWORD!r}):",
    ]
    now = timezone.now()
    for username, family, given, born in DEMO_CITIZENS:
        person = Person.objects.filter(
            family_name=family, given_names=given, birth_date=born
        ).first()
        if person is None:
            lines.append(f"  {username}: no such person in the register (seed it first)")
            continue
        account, _ = Account.objects.update_or_create(
            username=username,
            defaults={
                "person": person,
                "email": f"{username}@example.hu",
                "is_active": True,
                "failed_logins": 0,
                "locked_until": None,
            },
        )
        if not check_password(DEMO_PASSWORD, account.password):
            account.password = make_password(DEMO_PASSWORD)
            account.password_changed_at = now
        if username == DEMO_TOTP_USER:
            account.totp_secret = demo_totp_secret(username)
            account.totp_confirmed_at = account.totp_confirmed_at or now
        if username == DEMO_PHONE[0]:
            account.phone_number = DEMO_PHONE[1]
            if not check_password(DEMO_PHONE[2], account.phone_code):
                account.phone_code = make_password(DEMO_PHONE[2])
        account.save()
        if account.uses_totp:
            second = (
                "authenticator app, key "
                f"{account.totp_secret} (code: `python manage.py ugyfelkapu_totp {username}`)"
            )
        else:
            second = "code by e-mail (see the sandbox mailbox)"
        lines.append(f"  {username}: second step {second}")
        if username == DEMO_PHONE[0]:
            lines.append(
                f"      phone identification: {DEMO_PHONE[1]}, secret code {DEMO_PHONE[2]} "
                "(SMS code in the sandbox mailbox)"
            )
        if username == DEMO_REGISTRATION_CODE[0]:
            card = (
                person.documents.valid_on(now.date())
                .filter(kind=DocumentKind.ID_CARD, has_chip=True)
                .first()
            )
            if card is not None:
                code = set_registration_code(card, DEMO_REGISTRATION_CODE[1])
                lines.append(
                    f"      chip ID card {card.number}, registration code {code}: opens a "
                    "further account (3000 Ft) at /ugyfelkapu/register/"
                )
    _grant_clerks_account_permissions()
    lines.append("  Clerks register accounts in the admin: Ügyfélkapu+ accounts › Add.")
    return lines


def _grant_clerks_account_permissions() -> None:
    group, _ = Group.objects.get_or_create(name="Clerks")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="ugyfelkapu", codename__in=CLERK_PERMISSIONS
        )
    )
