"""SMS delivery hooks. Production names its gateway in PORTAL_SMS_BACKEND."""

from __future__ import annotations


class SmsNotConfigured(RuntimeError):
    pass


def unconfigured(recipient: str, text: str) -> None:
    raise SmsNotConfigured("PORTAL_SMS_BACKEND names no SMS gateway")
