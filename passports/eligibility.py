"""Conditions the three passport services share, checked against the registers.

Every refusal names the condition in plain words and says what to do instead. A
check passes while the answers do not name what it looks at yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentKind, FingerprintExemption
from passports.models import TravelRestriction

ADULT_AGE = 18
# Only passports applied for after this day can be replaced online (or serve as
# the base of a second passport).
EARLIEST_APPLICATION = date(2013, 1, 1)
# The passport must be valid for at least this many days after the day of the request.
MIN_DAYS_LEFT = 12


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day`."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def person_of(applicant):
    return getattr(applicant, "person", None)


def birth_date_of(applicant) -> date | None:
    person = person_of(applicant)
    if person is not None:
        return person.birth_date
    return getattr(applicant, "birth_date", None)


def duty_kind(document) -> str | None:
    """The line of the duty tables a passport (a `Document` or a `ProductionOrder`)
    belongs to (None: not a passport the tables name, or its validity period is not
    recorded)."""
    years = document.validity_years
    if document.kind == DocumentKind.PASSPORT:
        return {1: "private_1y", 5: "private_5y", 10: "private_10y"}.get(years)
    if document.kind == DocumentKind.SECOND_PASSPORT:
        return {1: "second_1y", 2: "second_2y"}.get(years)
    if document.kind == DocumentKind.SERVICE_PASSPORT:
        return "service_1y" if years == 1 else "service"
    if document.kind == DocumentKind.SEAMAN_PASSPORT:
        return "seaman_1y" if years == 1 else "seaman"
    return None


def adult_and_capable(applicant, answers) -> str | None:
    """Fully capable adult: 18 or older, legal capacity not restricted."""
    born = birth_date_of(applicant)
    if born is not None and age_on(born, timezone.localdate()) < ADULT_AGE:
        return _(
            "Only an adult (18 or older) can file this request online. A passport for a "
            "minor is requested in person by the parent or guardian at a government office."
        )
    person = person_of(applicant)
    if person is not None and person.capacity_restricted:
        return _(
            "The register shows that your legal capacity is restricted by a court, and "
            "only a fully capable person can file this request online. Please apply in "
            "person at a government office, together with your guardian."
        )
    return None


def no_travel_restriction(applicant, answers) -> str | None:
    """Nobody under a travel restriction in force gets a passport."""
    person = person_of(applicant)
    if person is None:
        return None
    restriction = TravelRestriction.in_force(person, timezone.localdate()).first()
    if restriction is None:
        return None
    return _(
        "You are under a travel restriction (%(kind)s), so the passport authority refuses "
        "any application for a travel document while it is in force. For information, "
        "contact the authority that ordered it or a government office."
    ) % {"kind": restriction.get_kind_display()}


def citizenship_proven(person) -> bool:
    """The register holds the person as a Hungarian citizen."""
    return (
        person is not None
        and person.citizenship == "HU"
        and person.legal_title == person.LegalTitle.CITIZEN
    )


def passport_problems(document: Document, *, today: date | None = None) -> list[str]:
    """Why `document` cannot be the passport a request rests on (replaced, or the base
    of a second passport): the conditions on the passport itself. A passport whose
    loss was reported counts as valid here, apart from that loss."""
    today = today or timezone.localdate()
    problems = []
    if document.kind == DocumentKind.TEMPORARY_PASSPORT:
        problems.append(
            _(
                "A temporary passport cannot be replaced online. Please apply for a new "
                "passport in person at a government office."
            )
        )
    if document.validity == Document.Validity.REVOKED or (
        document.validity == Document.Validity.INVALIDATED and not document.loss_reported
    ):
        problems.append(
            _(
                "The register shows this passport as %(state)s, so it is not valid under the "
                "travel law. Please apply for a new passport in person at a government office."
            )
            % {"state": document.get_validity_display()}
        )
    if document.applied_on is None or document.applied_on <= EARLIEST_APPLICATION:
        problems.append(
            _(
                "Only a passport applied for after 1 January 2013 can be used online; the "
                "register does not show this one as such. Please apply in person at a "
                "government office."
            )
        )
    last_day = today + timedelta(days=MIN_DAYS_LEFT)
    if document.expires_on is None or document.expires_on < last_day:
        problems.append(
            _(
                "The passport must still be valid for at least %(days)d days after the day of "
                "the request (until %(date)s at least), but it expires on %(expiry)s. Please "
                "apply for a new passport in person at a government office."
            )
            % {
                "days": MIN_DAYS_LEFT,
                "date": last_day.strftime("%Y. %m. %d."),
                "expiry": document.expires_on.strftime("%Y. %m. %d.")
                if document.expires_on
                else "–",
            }
        )
    if not document.fingerprints_stored and document.fingerprint_exemption not in (
        FingerprintExemption.values
    ):
        problems.append(
            _(
                "At the passport's application you did not consent in writing to the storage "
                "of your fingerprints, and no reason for taking none is recorded (temporarily "
                "or permanently unable to give them, or unable to appear for health reasons). "
                "Please apply in person at a government office."
            )
        )
    return problems


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def data_changed(document: Document, person) -> bool:
    """Whether the holder's data in the register differ from those printed in the passport."""
    if not document.printed_family_name or document.printed_birth_date is None:
        return True
    return not (
        _same(document.printed_family_name, person.family_name)
        and _same(document.printed_given_names, person.given_names)
        and document.printed_birth_date == person.birth_date
        and _same(document.printed_birth_place, person.birth_place)
    )


def matches_printed(document: Document, answers) -> bool:
    """For a holder not in the register: the data entered equal the passport's."""
    if not document.printed_family_name or document.printed_birth_date is None:
        return False
    return (
        _same(document.printed_family_name, answers.get("family_name") or "")
        and _same(document.printed_given_names, answers.get("given_names") or "")
        and document.printed_birth_date == answers.get("birth_date")
        and _same(document.printed_birth_place, answers.get("birth_place") or "")
    )


def matches_login(applicant, answers) -> bool:
    """The data entered are the logged-in citizen's own (from the login's 4T data)."""
    return (
        _same(getattr(applicant, "last_name", ""), answers.get("family_name") or "")
        and _same(getattr(applicant, "first_name", ""), answers.get("given_names") or "")
        and getattr(applicant, "birth_date", None) == answers.get("birth_date")
    )
