"""The alert service's fee (whole forints), as pure functions.

The Webes Ügysegéd service descriptions (notification address alerts, landlord's
declaration): the administrative service fee covers watching one property for one
year, with any number of alerts by the chosen channel or channels — by letter 3600
Ft a year, by fax 3300, by e-mail 3300, by SMS 3600, and SMS and e-mail combined
4100. Several channels may be chosen at once; the fee is per property. Every other
request of the register's services is free.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import fees

CHANNEL_FEES = {"letter": 3600, "fax": 3300, "email": 3300, "sms": 3600}
SMS_AND_EMAIL = 4100  # the combined service, instead of 3600 + 3300


def _whole(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def alert_fee(channels: Iterable[str], properties: int = 1, years: int = 1) -> int:
    """The yearly alert fee for `channels`, times properties and years, in forints.

    >>> alert_fee(["email"])
    3300
    >>> alert_fee(["sms", "email"])
    4100
    >>> alert_fee(["letter", "sms", "email"], properties=2)
    15400
    """
    if isinstance(channels, str):
        raise TypeError("channels is a collection of channel names, not one string")
    chosen = set()
    for channel in channels:
        if channel not in CHANNEL_FEES:
            raise ValueError(f"unknown alert channel {channel!r}")
        chosen.add(channel)
    if not chosen:
        raise ValueError("an alert package needs at least one channel")
    properties = _whole("properties", properties)
    years = _whole("years", years)
    yearly = sum(CHANNEL_FEES[channel] for channel in chosen)
    if {"sms", "email"} <= chosen:
        yearly += SMS_AND_EMAIL - CHANNEL_FEES["sms"] - CHANNEL_FEES["email"]
    return yearly * properties * years


def _channels_of(case_or_data: Any) -> list[str]:
    return list(fees.value_of(case_or_data, "channels") or [])


def _property_count(case_or_data: Any) -> int:
    found = fees.value_of(case_or_data, "properties")
    if found is None:
        return 1
    if hasattr(found, "count") and not isinstance(found, list | tuple):
        return found.count()  # a related manager on the detail row
    return len(found)


def alerts_quote(case_or_data: Any) -> fees.FeeQuote:
    """The alert request's fee: creating or renewing a package costs the yearly fee,
    changing or revoking one is free (the seeds: packages are created, changed and
    revoked free of charge; the fee is for the service itself)."""
    action = fees.value_of(case_or_data, "action")
    if action is None:
        raise ValueError("the request decides the fee")
    if action not in ("create", "renew"):
        return fees.FREE
    channels = _channels_of(case_or_data)
    count = _property_count(case_or_data)
    return fees.quote(
        fees.FeeLine(
            _("Alert service for %(count)d property for one year (%(channels)s)")
            % {"count": count, "channels": ", ".join(str(CHANNEL_LABELS[c]) for c in channels)},
            alert_fee(channels, properties=count),
        )
    )


def landlord_quote(case_or_data: Any) -> fees.FeeQuote:
    """The declaration is free; alerts asked with it cost the yearly fee for the property."""
    channels = _channels_of(case_or_data)
    if not channels:
        return fees.FREE
    return fees.quote(
        fees.FeeLine(
            _("Alert service for the property for one year (%(channels)s)")
            % {"channels": ", ".join(str(CHANNEL_LABELS[c]) for c in channels)},
            alert_fee(channels),
        )
    )


CHANNEL_LABELS = {
    "letter": _("letter"),
    "fax": _("fax"),
    "email": _("e-mail"),
    "sms": _("SMS"),
}


def alert_fee_summary() -> tuple[fees.FeeLine, ...]:
    """The yearly fees per property for the information page."""
    return (
        fees.FeeLine(gettext("By letter, per property per year"), CHANNEL_FEES["letter"]),
        fees.FeeLine(gettext("By fax, per property per year"), CHANNEL_FEES["fax"]),
        fees.FeeLine(gettext("By e-mail, per property per year"), CHANNEL_FEES["email"]),
        fees.FeeLine(gettext("By SMS, per property per year"), CHANNEL_FEES["sms"]),
        fees.FeeLine(gettext("By SMS and e-mail together, per property per year"), SMS_AND_EMAIL),
        fees.FeeLine(gettext("Creating, changing or revoking a package"), 0),
    )


def landlord_fee_summary() -> tuple[fees.FeeLine, ...]:
    return (
        fees.FeeLine(gettext("The declaration on the way of consent"), 0),
        *alert_fee_summary()[:5],
    )
