"""Who may file which vehicle service, judged against the register.

Each check is `(applicant, answers) -> reason | None`; it passes (None) while
the answers do not yet name a vehicle, so that it can run after every step.
The reasons are shown to the citizen as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from vehicles.models import Vehicle


def _subject(applicant, answers: Mapping[str, Any]):
    vehicle = answers.get("vehicle")
    person = getattr(applicant, "person", None)
    return vehicle, person


def _owners(vehicle: Vehicle) -> list:
    return list(vehicle.current_owners())


# The owner-and-keeper rule, in one place: the checks below give the citizen the
# reason, and the effects (`withdrawal.withdraw`, `reinstatement.reinstate`) ask
# `is_owner_and_keeper` again under the row lock before they change the register.


class RegisterChanged(Exception):
    """The register no longer allows what was paid for (checked under the lock);
    the payment flow keeps the case waiting and shows it to clerks."""


def owns(vehicle: Vehicle, person) -> bool:
    return person is not None and vehicle.current_owners().filter(person=person).exists()


def keeps(vehicle: Vehicle, person) -> bool:
    return person is not None and vehicle.keeper_id == person.pk


def is_owner_and_keeper(vehicle: Vehicle, person) -> bool:
    return owns(vehicle, person) and keeps(vehicle, person)


def is_owner(applicant, answers):
    vehicle, person = _subject(applicant, answers)
    if vehicle is None:
        return None
    if not owns(vehicle, person):
        return _(
            "You are not an owner of the vehicle %(plate)s in the vehicle register. Only its "
            "owner can file this request, for themself."
        ) % {"plate": vehicle.plate}
    return None


def sole_owner(applicant, answers):
    vehicle, person = _subject(applicant, answers)
    not_owner = is_owner(applicant, answers)
    if vehicle is None or not_owner:
        return not_owner
    owners = _owners(vehicle)
    mine = [o for o in owners if o.person_id == person.pk]
    if len(owners) != 1 or mine[0].share != 1:
        return _(
            "The vehicle %(plate)s has more than one owner. A change of ownership can be "
            "reported online only by the sole (1/1) owner; co-owners report it at a "
            "government window."
        ) % {"plate": vehicle.plate}
    return None


def no_sales_ban(applicant, answers):
    vehicle = answers.get("vehicle")
    if vehicle is not None and vehicle.sales_ban:
        return _(
            "A sales-ban clause is recorded on the vehicle %(plate)s, so its ownership "
            "cannot change. Ask the beneficiary of the ban to have it lifted first."
        ) % {"plate": vehicle.plate}
    return None


def is_keeper(applicant, answers):
    vehicle, person = _subject(applicant, answers)
    if vehicle is None or is_owner(applicant, answers):
        return None
    if not keeps(vehicle, person):
        return _(
            "You own the vehicle %(plate)s but another person is recorded as its keeper. "
            "This request can be filed only by an owner who is also the keeper."
        ) % {"plate": vehicle.plate}
    return None
