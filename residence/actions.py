"""Writes both residence services share: the foreign address into the register, the
longer deadline when the facts are not clear."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cases import deadlines
from cases.actions import record_event
from cases.models import Case
from cases.workflow import Status
from population.models import Address, Person


class NotAllowed(Exception):
    """The step does not fit the state of the case; the message says why."""


def ensure_open(case: Case) -> None:
    """Refuse unless the case, as stored now (row locked), still waits for the office."""
    stored = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
    if stored not in (Status.SUBMITTED, Status.IN_PROGRESS):
        raise NotAllowed(gettext("The case is no longer open."))


def write_foreign_address(person: Person, detail, *, today: date) -> Address:
    """The reported address becomes the person's current foreign address."""
    Address.objects.filter(person=person, kind=Address.Kind.FOREIGN, valid_to=None).update(
        valid_to=today
    )
    return Address.objects.create(
        person=person,
        kind=Address.Kind.FOREIGN,
        country=detail.country,
        province=detail.province,
        postal_code=detail.postal_code,
        settlement=detail.settlement,
        street_address=detail.street_address,
        valid_from=today,
    )


@transaction.atomic
def extend_deadline(case: Case, *, days: int, by) -> Case:
    """The facts are not clear from the request and the authority's data: the longer
    deadline of the service applies, counted from the same day of receipt."""
    ensure_open(case)
    case.refresh_from_db(fields=["deadline_days", "received_on", "suspended_days"])
    if case.deadline_days == days:
        raise NotAllowed(gettext("The longer deadline already applies."))
    due = deadlines.due_date(case.received_on, days + case.suspended_days)
    Case.objects.filter(pk=case.pk).update(deadline_days=days, deadline=due)
    case.deadline_days, case.deadline = days, due
    record_event(
        case,
        "residence.deadline_extended",
        by=by,
        note=gettext("The facts need clarifying, so the deadline is %(days)d days: %(date)s.")
        % {"days": days, "date": due.strftime("%Y. %m. %d.")},
    )
    return case


def today() -> date:
    return timezone.localdate()
