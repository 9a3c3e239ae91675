"""Writes several register services share: alert packages and the alerts themselves."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

import access_log
from access_log.models import AccessRecord
from notifications.actions import queue_email, queue_message, queue_sms
from notifications.models import Notification
from register.eligibility import active_packages
from register.models import AlertPackage, Channel, Property

PACKAGE_YEARS = 1

CONTACT_FIELDS = ("email", "phone", "fax", "letter_address")


def one_year_from(day: date) -> date:
    """The last day of a year-long period starting on `day` (29 February: 28 February)."""
    try:
        return day.replace(year=day.year + PACKAGE_YEARS) - timedelta(days=1)
    except ValueError:
        return day.replace(year=day.year + PACKAGE_YEARS, day=28) - timedelta(days=1)


def contacts_of(source) -> dict[str, str]:
    """The contact fields of a form's answers or a detail row, for the chosen channels."""
    get = (
        source.get
        if isinstance(source, dict)
        else lambda name, default="": getattr(source, name, default)
    )
    return {name: get(name, "") or "" for name in CONTACT_FIELDS}


def create_package(
    holder, prop: Property, channels, contacts: dict, *, case=None, starts_on=None, ends_on=None
) -> AlertPackage:
    starts_on = starts_on or timezone.localdate()
    return AlertPackage.objects.create(
        holder=holder,
        property=prop,
        channels=sorted(set(channels)),
        starts_on=starts_on,
        ends_on=ends_on or one_year_from(starts_on),
        case=case,
        **contacts,
    )


def end_package(package: AlertPackage, ending: str, day: date | None = None) -> None:
    package.ended_on = day or timezone.localdate()
    package.ending = ending
    package.save(update_fields=["ended_on", "ending"])


def _holder_language(package: AlertPackage) -> str:
    user = getattr(package.holder, "user", None)
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _recipient(package: AlertPackage, channel: str) -> str:
    return {
        Channel.EMAIL: package.email,
        Channel.SMS: package.phone,
        Channel.LETTER: package.letter_address,
        Channel.FAX: package.fax,
    }.get(channel, "")


ALERT_TEMPLATE = "register_address_alert"
_QUEUE = {
    Channel.EMAIL: lambda to, context, **kw: queue_email(to, ALERT_TEMPLATE, context, **kw),
    Channel.SMS: lambda to, context, **kw: queue_sms(to, ALERT_TEMPLATE, context, **kw),
    Channel.LETTER: lambda to, context, **kw: queue_message(
        Notification.Channel.LETTER, to, ALERT_TEMPLATE, context, **kw
    ),
    Channel.FAX: lambda to, context, **kw: queue_message(
        Notification.Channel.FAX, to, ALERT_TEMPLATE, context, **kw
    ),
}


def send_address_alerts(prop: Property, *, registrant, registered_on: date, case=None) -> int:
    """Tell the address holder of `prop`, on every channel of every active package, that
    `registrant` registered the address. Returns the number of messages queued.

    Each message goes through the outbox (delivered after the commit, retried); its
    deduplication key makes a repeated call for the same case send nothing twice."""
    queued = 0
    for package in active_packages(prop.holder, registered_on).filter(property=prop):
        language = _holder_language(package)
        with translation.override(language):
            context = {
                "address": str(prop),
                "registrant": registrant.full_name,
                "date": registered_on.strftime("%Y. %m. %d."),
                "reference": case.reference if case else "",
            }
        key = f"address-alert-{case.pk if case else registrant.pk}-{package.pk}"
        sent_now = 0
        for channel in package.channels:
            recipient = _recipient(package, channel)
            dedupe_key = f"{key}-{channel}"
            if not recipient or Notification.objects.filter(dedupe_key=dedupe_key).exists():
                continue
            # Not attached to the registrant's case: the holder's contacts are not theirs to see.
            _QUEUE[channel](recipient, context, language=language, dedupe_key=dedupe_key)
            sent_now += 1
        queued += sent_now
        if not sent_now:
            continue
        access_log.record(
            registrant,
            data=AccessRecord.Data.DATA_RELEASE,
            body=gettext_noop("The address holder (alert service)"),
            items=["name", "notification_address"],
            purpose=gettext_noop("Alert of a registration at the holder's address"),
            case_reference=case.reference if case else "",
        )
    return queued
