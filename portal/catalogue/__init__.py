"""The service catalogue: what the portal tells citizens about each service.

Every service the portal offers or lists as coming has an information page written in content
files (:mod:`portal.catalogue.content`), found in the ``content/`` folder of every
installed app: a service app keeps its own pages, and ``portal/content/`` holds those of
services whose app is not built yet. Adding a service adds its files and edits no list
here. The facts a case type declares (fee, deadline, login) come from the registry at
request time (:mod:`portal.catalogue.facts`), never from the prose.

The files are read once per process; :func:`clear_cache` makes the next call read them
again (tests that write content files use it).

Usage::

    from portal import catalogue

    service = catalogue.get_service("vehicles.data_lookup")
    service.title.get("en")
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.apps import apps

from portal.catalogue.content import (
    LANGUAGES,
    SECTIONS,
    Catalogue,
    ContentError,
    Group,
    Service,
    Text,
    load,
)

__all__ = [
    "LANGUAGES",
    "SECTIONS",
    "ContentError",
    "Group",
    "Service",
    "Text",
    "all_services",
    "clear_cache",
    "content_roots",
    "get_group",
    "get_service",
    "groups",
]

# The home page's groups, in order, with their headings: content too, not code.
GROUPS_FOLDER = Path(__file__).resolve().parent.parent / "content" / "groups"


def content_roots() -> list[Path]:
    """The ``content/`` folder of every installed app that has one."""
    return [
        root
        for config in apps.get_app_configs()
        if (root := Path(config.path) / "content").is_dir()
    ]


@cache
def _catalogue() -> Catalogue:
    return load(content_roots(), GROUPS_FOLDER)


def clear_cache() -> None:
    _catalogue.cache_clear()


def groups() -> tuple[Group, ...]:
    """The groups in home-page order, each with its services in order."""
    return _catalogue().groups


def all_services() -> tuple[Service, ...]:
    """Every service, group by group, in catalogue order."""
    return tuple(service for group in groups() for service in group.services)


def get_service(code: str) -> Service:
    """The service with ``code``; raises :class:`KeyError` for an unknown code."""
    return _catalogue().services[code]


def get_group(slug: str) -> Group:
    """The group with ``slug``; raises :class:`KeyError` for an unknown slug."""
    for group in groups():
        if group.slug == slug:
            return group
    raise KeyError(slug)
