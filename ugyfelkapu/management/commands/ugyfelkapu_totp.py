from __future__ import annotations

import time

import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ugyfelkapu.models import Account


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo Ügyfélkapu+ account (sandbox only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        if not settings.PORTAL_SANDBOX:
            raise CommandError("only in the sandbox: real accounts' codes are never printed")
        account = Account.objects.filter(username=username).first()
        if account is None or not account.uses_totp:
            raise CommandError(f"{username} has no authenticator app; run seed_demo first")
        totp = pyotp.TOTP(account.totp_secret)
        remaining = totp.interval - int(time.time()) % totp.interval
        self.stdout.write(f"{totp.now()}  (valid for {remaining} more seconds)")
