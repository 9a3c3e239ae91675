"""The citizen's profile page: the identity data the portal holds, and the settings
and records other apps add as sections of their own.

An app registers a section at start-up (its AppConfig.ready) with a template and a
function that returns the template's context for the logged-in citizen. The identity
app knows nothing of the sections' subjects (reminders, signed-in devices, who looked
at the citizen's data); a section handles its own forms with views of its own app and
sends the citizen back here (`identity:profile`, with an anchor at its heading).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@dataclass(frozen=True)
class Section:
    key: str  # also the id of the section's element: /account/profile/#<key>
    template: str
    context: Callable[[HttpRequest], dict]
    order: int = 100


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add `section` to the profile page (a second registration of a key replaces it)."""
    _sections[section.key] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    shown = [
        {"key": s.key, "template": s.template, "context": s.context(request)} for s in sections()
    ]
    return render(request, "identity/profile.html", {"sections": shown})
