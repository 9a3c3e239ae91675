"""Checks and rules shared by the register's services.

Checks are `(applicant, answers) -> reason | None` and pass while the answers do
not name what they look at yet. Rules the effects ask again under the lock are
plain functions here, read by both.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from population.models import Address
from register.models import AddressRefusal, AlertPackage, NotificationAddress


def person_of(applicant):
    return getattr(applicant, "person", None)


def in_register(applicant, answers):
    """Login alone is not enough: the citizen must be a person in the register."""
    person = person_of(applicant)
    if person is None:
        return _(
            "Your account is not linked to a person in the personal data and address register, "
            "so this service cannot be used online. Please turn to any government window."
        )
    if person.died_on is not None:
        return _("The register records this person as deceased.")
    return None


def has_residence(person) -> bool:
    return person is not None and person.current_address(Address.Kind.RESIDENCE) is not None


def registered_residence(applicant, answers):
    """Notification address: only with a residence registered in the register."""
    person = person_of(applicant)
    if person is not None and not has_residence(person):
        return _(
            "A notification address can be registered only by a person with a registered "
            "residence (lakóhely), and the register holds none for you. Register your residence "
            "first at a government window."
        )
    return None


def current_notification_address(person) -> NotificationAddress | None:
    if person is None:
        return None
    return NotificationAddress.objects.filter(person=person, ended_on__isnull=True).first()


def refusal_of(*, property=None, po_box=None) -> AddressRefusal | None:
    """The refusal in force for an address or a box, if any."""
    if property is None and po_box is None:
        return None
    query = Q(property=property) if property is not None else Q(po_box=po_box)
    return AddressRefusal.objects.filter(query, revoked_on__isnull=True).first()


def holds(person, prop) -> bool:
    """Whether `person` is the address holder (landlord) of the property."""
    return person is not None and prop is not None and prop.holder_id == person.pk


def active_packages(person, today=None):
    today = today or timezone.localdate()
    return AlertPackage.objects.filter(
        holder=person, ended_on__isnull=True, starts_on__lte=today, ends_on__gte=today
    ).select_related("property")
