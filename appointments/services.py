"""The matters a citizen can book an appointment for, and the desks that handle them.

The list is the in-person list of the published texts on government offices and the
mobile office bus: ID card, passport, address card and change of address, driving
licence, parking card for people with reduced mobility, vehicle transfer, shop
operating licence, Ügyfélkapu registration and the NEK data sheet for a student card.
A service belongs to one desk group; an office's capacity is a number of desks per
group, and every appointment of a group lasts the group's slot length, so that one
desk holds at most one appointment at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DeskGroup(models.TextChoices):
    DOCUMENTS = "documents", _("Personal documents")
    TRANSPORT = "transport", _("Transport")
    GENERAL = "general", _("Other matters")


# Minutes of one appointment at a desk of the group.
SLOT_MINUTES = {
    DeskGroup.DOCUMENTS: 20,
    DeskGroup.TRANSPORT: 20,
    DeskGroup.GENERAL: 15,
}


@dataclass(frozen=True)
class Service:
    code: str
    label: Promise
    group: DeskGroup

    @property
    def slot_minutes(self) -> int:
        return SLOT_MINUTES[self.group]


SERVICES = {
    service.code: service
    for service in (
        Service("id_card", _("ID card (new, replacement, exchange)"), DeskGroup.DOCUMENTS),
        Service("passport", _("Passport"), DeskGroup.DOCUMENTS),
        Service("address", _("Address card and change of address"), DeskGroup.DOCUMENTS),
        Service("driving_licence", _("Driving licence"), DeskGroup.TRANSPORT),
        Service(
            "parking_card", _("Parking card for people with reduced mobility"), DeskGroup.TRANSPORT
        ),
        Service("vehicle_transfer", _("Vehicle transfer"), DeskGroup.TRANSPORT),
        Service("shop_licence", _("Shop operating licence"), DeskGroup.GENERAL),
        Service("ugyfelkapu", _("Ügyfélkapu registration"), DeskGroup.GENERAL),
        Service("nek", _("NEK data sheet for a student card"), DeskGroup.GENERAL),
    )
}

SERVICE_CHOICES = [(service.code, service.label) for service in SERVICES.values()]


def get_service(code: str | None) -> Service | None:
    return SERVICES.get(code or "")
