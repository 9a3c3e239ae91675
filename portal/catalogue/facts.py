"""The facts of a service page that its case type declares: fee, deadline, login, start.

A registered service states these once, in its `CaseType`; the page reads them here and
its content files do not repeat them (a test holds the files to that). A service that is
not a case type yet has only its prose and the login flag of its front matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, ngettext

from cases import registry
from cases.registry import CaseType
from portal.catalogue.content import Service


@dataclass(frozen=True)
class Facts:
    needs_login: bool
    # From the registry, each line with `label` and `amount` (forints); an empty
    # sequence is a free service; None: not a case type, the prose says the cost.
    fee_lines: Sequence[Any] | None
    deadline: str | None  # one sentence from the registry; None: the prose says it
    start_url: str | None  # None: not yet available online here


def case_type_of(service: Service) -> CaseType | None:
    return registry.get(service.code) if registry.is_registered(service.code) else None


def facts_of(service: Service) -> Facts:
    kind = case_type_of(service)
    if kind is None:
        if service.needs_login is None:
            # A page must say whether login is needed: nothing else would.
            raise ValueError(f"{service.code}: not a case type, so its pages set needs_login")
        return Facts(service.needs_login, None, None, _start_of_page(service))
    if service.needs_login is not None:
        raise ValueError(f"{service.code}: login is its case type's to say, not its pages'")
    return Facts(kind.needs_login, fee_lines(kind), deadline_text(kind), _start_url(kind))


def needs_login(service: Service) -> bool:
    kind = case_type_of(service)
    return kind.needs_login if kind else bool(service.needs_login)


def fee_lines(kind: CaseType) -> tuple[Any, ...]:
    """What the page shows as the fee; lines of no amount are kept only from a summary."""
    if kind.fee_summary is not None:
        return tuple(kind.fee_summary())
    if kind.fee is None:
        return ()
    # A fee that does not depend on the answers gives its amount for none; one that
    # does must declare `fee_summary` (this raises for it, and the page tests say so).
    return tuple(kind.fee({}).lines)


def deadline_text(kind: CaseType) -> str | None:
    days = kind.deadline_days
    if days is not None and kind.immediate:
        return ngettext(
            "As a rule the deadline is %(days)d day, but the register changes as soon as the "
            "request is submitted.",
            "As a rule the deadline is %(days)d days, but the register changes as soon as the "
            "request is submitted.",
            days,
        ) % {"days": days}
    if days is not None:
        return ngettext("The deadline is %(days)d day.", "The deadline is %(days)d days.", days) % {
            "days": days
        }
    if kind.immediate:
        return gettext("Immediate: dealt with as soon as the request is submitted.")
    return None


def _start_of_page(service: Service) -> str | None:
    """Where a service that is not a case type starts. A start view whose app is
    switched off (the built-in identity provider in production) gives no Start button."""
    if not service.start_view:
        return None
    try:
        return reverse(service.start_view)
    except NoReverseMatch:
        return None


def _start_url(kind: CaseType) -> str | None:
    if kind.start_view:
        return reverse(kind.start_view)
    if kind.forms:
        return reverse("flow:start", args=[kind.slug])
    return None
