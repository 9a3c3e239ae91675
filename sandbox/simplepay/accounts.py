"""The emulator's merchant account, made from the portal's own settings.

At the bank an account has one currency, an IPN URL set in the merchant
admin, and flags that the bank's support switches on (two-step payments,
IPNs for failed final states). Here they come from SANDBOX_SIMPLEPAY_*.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Account:
    merchant: str
    secret_key: str
    currency: str
    two_step: bool
    failure_ipns: bool
    ipn_url: str


def configured_account() -> Account | None:
    merchant = settings.SIMPLEPAY_MERCHANT
    if not merchant or not settings.SIMPLEPAY_SECRET_KEY:
        return None
    return Account(
        merchant=merchant,
        secret_key=settings.SIMPLEPAY_SECRET_KEY,
        currency=getattr(settings, "SANDBOX_SIMPLEPAY_CURRENCY", "HUF"),
        two_step=getattr(settings, "SANDBOX_SIMPLEPAY_TWO_STEP", False),
        failure_ipns=getattr(settings, "SANDBOX_SIMPLEPAY_FAILURE_IPNS", True),
        ipn_url=settings.SIMPLEPAY_IPN_URL,
    )


def find_account(merchant: object) -> Account | None:
    account = configured_account()
    if account is None or not isinstance(merchant, str) or merchant != account.merchant:
        return None
    return account
