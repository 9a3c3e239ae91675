"""What the clerk pages show of a case's applicant and timeline, shared by the
case queue and the service apps' admin pages.

The personal identifier is shown in full only to clerks holding
`cases.view_personal_identifier`; everyone else sees enough of it to compare
with a document held in their hand, and no more.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.events import event_label
from cases.models import Case, CaseEvent
from cases.workflow import Status

PERSONAL_ID_PERMISSION = "cases.view_personal_identifier"

_PERSONAL_ID = re.compile(r"\d{11}")


def can_see_personal_id(user) -> bool:
    return user.has_perm(PERSONAL_ID_PERMISSION)


def mask_personal_id(personal_id: str) -> str:
    """`38001011234` -> `3*******234`: the sex and century digit and the last
    three, as on a clerk's screen where the person stands at the counter."""
    if len(personal_id) < 5:
        return "*" * len(personal_id)
    return personal_id[0] + "*" * (len(personal_id) - 4) + personal_id[-3:]


def personal_id_for(case: Case, *, full: bool) -> str:
    person = case.applicant.person if case.applicant_id else None
    if person is None:
        return "—"
    return person.personal_id if full else mask_personal_id(person.personal_id)


def applicant_name(case: Case) -> str:
    """The name in Hungarian order (family name first), as the register has it."""
    user = case.applicant
    if user is not None:
        name = f"{user.last_name} {user.first_name}".strip()
        return name or user.get_username()
    return case.applicant_name or "—"


def applicant_cell(case: Case) -> str:
    """Name and date of birth in one cell: enough to tell two namesakes apart."""
    born = case.applicant.birth_date if case.applicant_id else None
    if born is None:
        return applicant_name(case)
    return format_html(
        '{}<br><span class="quiet">{} {}</span>',
        applicant_name(case),
        _("born"),
        date_format(born),
    )


def birth_data(case: Case) -> str:
    user = case.applicant
    if user is None:
        return "—"
    parts = [
        f"{user.birth_family_name} {user.birth_given_names}".strip(),
        user.birth_place,
        date_format(user.birth_date) if user.birth_date else "",
    ]
    return ", ".join(part for part in parts if part) or "—"


def mother_name(case: Case) -> str:
    user = case.applicant
    if user is None:
        return "—"
    return f"{user.mother_family_name} {user.mother_given_names}".strip() or "—"


def search_applicants(queryset: QuerySet, term: str, *, prefix: str = "") -> QuerySet | None:
    """Cases whose applicant the search term names, or None if it names nobody.

    A personal identifier matches only whole (11 digits, spaces allowed): a
    search by part of it would let anyone narrow down a person's identifier.
    """
    compact = re.sub(r"[\s-]", "", term)
    if _PERSONAL_ID.fullmatch(compact):
        return queryset.filter(**{f"{prefix}applicant__person__personal_id": compact})
    words = term.split()
    if not words or any(word.isdigit() for word in words):
        return None
    condition = Q()
    for word in words:
        condition &= (
            Q(**{f"{prefix}applicant__last_name__icontains": word})
            | Q(**{f"{prefix}applicant__first_name__icontains": word})
            | Q(**{f"{prefix}applicant_name__icontains": word})
        )
    return queryset.filter(condition)


def event_word(event: CaseEvent) -> str:
    return event_label(event.kind, event.to_status)


def status_word(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value
