"""The service catalogue: what the portal tells citizens about each service.

Every service the portal offers (or points to) has an information page built from one
:class:`ServiceInfo`; the home page lists the :data:`GROUPS` in order. The texts follow the
Hungarian source documents in ``shared/seeds`` (the authority on rules, fees and deadlines),
with an English translation. Codes are the stable case-type identifiers of
``shared/domain/services.md``.

Usage::

    from portal.catalogue import GROUPS, get_service

    service = get_service("vehicles.data_lookup")
    service.cost.get("en")
"""

from __future__ import annotations

from portal.catalogue import (
    anonymous,
    civil_registry,
    criminal_records,
    entrepreneurs,
    eszemelyi,
    idcards,
    offices,
    parking,
    passports,
    register,
    residence,
    ugyfelkapu,
    vehicles,
)
from portal.catalogue.base import LANGUAGES, SEEDS, ServiceGroup, ServiceInfo, Text

__all__ = [
    "GROUPS",
    "LANGUAGES",
    "SEEDS",
    "ServiceGroup",
    "ServiceInfo",
    "Text",
    "all_services",
    "get_group",
    "get_service",
    "group_of",
]

GROUPS: tuple[ServiceGroup, ...] = (
    anonymous.GROUP,
    criminal_records.GROUP,
    vehicles.GROUP,
    passports.GROUP,
    residence.GROUP,
    civil_registry.GROUP,
    register.GROUP,
    idcards.GROUP,
    parking.GROUP,
    eszemelyi.GROUP,
    ugyfelkapu.GROUP,
    offices.GROUP,
    entrepreneurs.GROUP,
)


def _index() -> tuple[dict[str, ServiceGroup], dict[str, ServiceInfo]]:
    groups: dict[str, ServiceGroup] = {}
    services: dict[str, ServiceInfo] = {}
    for group in GROUPS:
        if group.slug in groups:
            raise ValueError(f"duplicate service group slug: {group.slug}")
        groups[group.slug] = group
        for service in group.services:
            if service.code in services:
                raise ValueError(f"duplicate service code: {service.code}")
            services[service.code] = service
    return groups, services


_GROUPS_BY_SLUG, _SERVICES_BY_CODE = _index()
_ALL_SERVICES: tuple[ServiceInfo, ...] = tuple(_SERVICES_BY_CODE.values())
_GROUP_SLUG_BY_CODE = {s.code: g.slug for g in GROUPS for s in g.services}


def all_services() -> tuple[ServiceInfo, ...]:
    """Every service, group by group, in catalogue order."""
    return _ALL_SERVICES


def get_service(code: str) -> ServiceInfo:
    """The service with ``code``; raises :class:`KeyError` for an unknown code."""
    return _SERVICES_BY_CODE[code]


def get_group(slug: str) -> ServiceGroup:
    """The group with ``slug``; raises :class:`KeyError` for an unknown slug."""
    return _GROUPS_BY_SLUG[slug]


def group_of(code: str) -> ServiceGroup:
    """The group the service with ``code`` belongs to; raises :class:`KeyError` if unknown."""
    return _GROUPS_BY_SLUG[_GROUP_SLUG_BY_CODE[code]]
