"""Writing the access log.

`record` is called where an official opens one citizen's data (a case page in
the admin, a person's register page) and where the register hands data to a
joined body (change notices, the data-release function). List pages never
record: a queue of fifty cases is not fifty looks at fifty people's data, and a
log flooded with list rows would hide the accesses that matter.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils.translation import gettext_noop

from access_log.models import AccessRecord
from access_log.vocabulary import ITEMS

log = logging.getLogger(__name__)

# Stored as message ids, translated when the citizen reads them.
ROLE_CLERK = gettext_noop("Clerk")
ROLE_SUPERVISOR = gettext_noop("Supervisor")
PURPOSE_CASE_WORK = gettext_noop("Working on a case")
PURPOSE_REGISTER_CHECK = gettext_noop("Checking the register")


def official_role(user) -> str:
    return ROLE_SUPERVISOR if getattr(user, "is_superuser", False) else ROLE_CLERK


def official_office(user) -> str:
    office = getattr(user, "office", None)
    return office.name if office is not None else ""


def record(
    person,
    *,
    data: str,
    by=None,
    body: str = "",
    body_register: str = "",
    items: Iterable[str] = (),
    purpose: str = "",
    case_reference: str = "",
) -> AccessRecord | None:
    """Record one access to `person`'s data.

    `by` is the official (a staff user) who looked; for a joined body, `body` is
    its name and `body_register` the register the data went to. A citizen looking
    at their own data, or an access with no person behind it, is not recorded.
    `items` are codes of `access_log.vocabulary.ITEMS`; `purpose` a message id or
    a free text.
    """
    if person is None:
        return None
    if body:
        accessor, role, office = AccessRecord.Accessor.BODY, body_register or body, body
    else:
        if by is None or not getattr(by, "is_staff", False):
            return None
        if getattr(by, "person_id", None) == person.pk:
            return None  # an official opening their own case is not someone else's look
        accessor, role, office = (
            AccessRecord.Accessor.OFFICIAL,
            official_role(by),
            official_office(by),
        )
    codes = [code for code in items if code in ITEMS]
    unknown = [code for code in items if code not in ITEMS]
    if unknown:
        raise ValueError(f"unknown register items: {unknown}")
    entry = AccessRecord.objects.create(
        person=person,
        accessor_kind=accessor,
        official=by if accessor == AccessRecord.Accessor.OFFICIAL else None,
        role=role[:200],
        office=office[:300],
        data=data,
        items=codes,
        purpose=purpose[:300],
        case_reference=case_reference,
    )
    log.info("access recorded: %s by %s", data, accessor)
    return entry


def record_case_opened(case, *, by) -> AccessRecord | None:
    """An official opened one case's page: the applicant's data were seen."""
    applicant = getattr(case, "applicant", None)
    person = getattr(applicant, "person", None) if applicant is not None else None
    return record(
        person,
        data=AccessRecord.Data.CASE,
        by=by,
        purpose=PURPOSE_CASE_WORK,
        case_reference=case.reference,
    )


def record_person_opened(person, *, by) -> AccessRecord | None:
    """An official opened one person's register page."""
    return record(person, data=AccessRecord.Data.REGISTER, by=by, purpose=PURPOSE_REGISTER_CHECK)
