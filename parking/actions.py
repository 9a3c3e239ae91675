"""Writes both parking card services share: issuing the new card, recording its posting."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext

from cases.actions import record_event
from cases.models import Case
from cases.workflow import Status, transition
from parking.models import ParkingCard, next_card_number


class NotAllowed(Exception):
    """The step does not fit the state of the request; the message says why."""


def locked_detail(model, case: Case):
    detail = model.objects.select_for_update().select_related("card").get(case=case)
    if case.status not in (Status.SUBMITTED, Status.IN_PROGRESS) or detail.new_card_id:
        raise NotAllowed(gettext("The case is no longer open."))
    return detail


def new_card(old: ParkingCard, *, category: str, basis: str, valid_until: date) -> ParkingCard:
    return ParkingCard.objects.create(
        number=next_card_number(),
        holder=old.holder,
        category=category,
        basis=basis,
        permanent=old.permanent,
        issued_on=timezone.localdate(),
        valid_until=valid_until,
    )


def approve(case: Case, detail, card: ParkingCard, *, by) -> None:
    detail.new_card = card
    detail.save(update_fields=["new_card"])
    transition(
        case,
        Status.DECIDED_APPROVED,
        by=by,
        note=gettext(
            "The new parking card no. %(number)s was issued, valid until %(until)s. It is posted "
            "within 15 days to %(address)s."
        )
        % {
            "number": card.number,
            "until": card.valid_until.strftime("%Y. %m. %d."),
            "address": detail.postal_address,
        },
    )


def record_posting(model, case: Case, *, posted_on: date, by):
    """The new card was posted: the case is complete."""
    detail = model.objects.select_for_update().get(case=case)
    if detail.new_card_id is None:
        raise NotAllowed(gettext("Issue the new card first."))
    if detail.posted_on is not None:
        raise NotAllowed(gettext("The posting is already recorded."))
    if not detail.new_card.issued_on <= posted_on <= timezone.localdate():
        raise NotAllowed(gettext("The posting date must be between the issue and today."))
    detail.posted_on = posted_on
    detail.save(update_fields=["posted_on"])
    record_event(
        case,
        "parking.card_posted",
        by=by,
        note=gettext("The new card was posted on %(date)s to %(address)s.")
        % {"date": posted_on.strftime("%Y. %m. %d."), "address": detail.postal_address},
    )
    transition(case, Status.CLOSED, by=by)
    return detail
