"""What the register says: the facts a certificate may state, checked on a day.

Read by the clerk's queue (what to certify against the register), by the issue
(under the lock: the register must still allow every fact), by the refusal and by
the answer on one's own data.

A certificate that the applicant "meets the conditions of a named law" is given
here when the register shows nothing those conditions usually exclude: no
conviction in effect and no ban in effect. The clerk reads the law named and may
refuse if it asks more than the register can prove.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext

from criminal_records.models import Statement, statements_of


def convictions_in_effect(person, day: date) -> list:
    return [c for c in person.convictions.all() if c.in_effect_on(day)]


def public_affairs_bans_in_effect(person, day: date) -> list:
    return [b for b in person.public_affairs_bans.all() if b.in_effect_on(day)]


def occupation_bans_in_effect(person, day: date, occupation: str | None = None) -> list:
    wanted = " ".join((occupation or "").split()).casefold()
    return [
        ban
        for ban in person.occupation_bans.all()
        if ban.in_effect_on(day)
        and (occupation is None or " ".join(ban.occupation.split()).casefold() == wanted)
    ]


@dataclass(frozen=True)
class Finding:
    statement: str  # the fact asked, as the certificate would state it
    certifiable: bool
    register: str  # what the register shows, for the clerk


def assess(person, content, day: date | None = None) -> list[Finding]:
    """Each fact `content` asks, with whether the register lets it be certified."""
    day = day or timezone.localdate()
    sentences = iter(statements_of(content))
    findings = []
    convictions = convictions_in_effect(person, day)
    public_bans = public_affairs_bans_in_effect(person, day)
    all_occupation_bans = occupation_bans_in_effect(person, day)
    if content.law_name:
        findings.append(
            Finding(
                next(sentences),
                not (convictions or public_bans or all_occupation_bans),
                _summary(convictions, public_bans, all_occupation_bans),
            )
        )
    if content.clean_record:
        findings.append(
            Finding(
                next(sentences),
                not convictions,
                gettext("%(count)d conviction(s) in effect") % {"count": len(convictions)},
            )
        )
    if content.no_public_affairs_ban:
        findings.append(
            Finding(
                next(sentences),
                not public_bans,
                gettext("%(count)d ban(s) from public affairs in effect")
                % {"count": len(public_bans)},
            )
        )
    if content.occupation_statement:
        bans = occupation_bans_in_effect(person, day, content.occupation)
        banned = content.occupation_statement == Statement.BANNED
        findings.append(
            Finding(
                next(sentences),
                bool(bans) if banned else not bans,
                gettext("bans in effect from this occupation: %(count)d") % {"count": len(bans)},
            )
        )
    return findings


def _summary(convictions, public_bans, occupation_bans) -> str:
    return gettext(
        "convictions in effect: %(convictions)d; bans from public affairs: %(public)d; "
        "occupation bans: %(occupation)d"
    ) % {
        "convictions": len(convictions),
        "public": len(public_bans),
        "occupation": len(occupation_bans),
    }


def all_certifiable(findings: list[Finding]) -> bool:
    return bool(findings) and all(f.certifiable for f in findings)


def has_person(applicant, answers):
    """The certificate states the applicant's data from the register: they must be in it."""
    if getattr(applicant, "person", None) is None:
        return gettext(
            "Your natural identity data are not linked to your account, so a certificate "
            "cannot be requested online. Ask for one at a government window."
        )
    return None
