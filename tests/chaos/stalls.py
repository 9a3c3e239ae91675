"""Chaos-only: hold a worker in the middle of a piece of work until the test lets go.

The test creates the file `<PORTAL_DATA_DIR>/stall-<point>` (its lines, when any, name
the subjects to hold, e.g. case references; an empty file holds every subject); the
worker reaching `point` for a held subject writes "<subject> <pid>" to
`reached-<point>` and waits while the file exists. So the test knows the worker is in
the middle of the work before it kills it, and none of this runs unless a test asked.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings

# A stall the test forgot to lift ends by itself, well within the task's time limit.
LONGEST = 100


def _flag(point: str) -> Path:
    return Path(settings.DATA_DIR) / f"stall-{point}"


def stall(point: str, subject: str) -> None:
    flag = _flag(point)
    try:
        held = flag.read_text().split()
    except FileNotFoundError:
        return
    if held and subject not in held:
        return
    with open(Path(settings.DATA_DIR) / f"reached-{point}", "a") as reached:
        reached.write(f"{subject} {os.getpid()}\n")
    deadline = time.monotonic() + LONGEST
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def install() -> None:
    """Hold PDF rendering (point "pdf", subject: the template) and the effect of a
    fault-test case's submission (point "effect", subject: the case reference)."""
    from cases import pdf

    render = pdf._render_pdf

    def held_render(template: str, context: dict, **kwargs) -> bytes:
        stall("pdf", template)
        return render(template, context, **kwargs)

    pdf._render_pdf = held_render


def held_effect(case) -> None:
    """The `on_submit` of the fault-test paid request: nothing but the hold."""
    stall("effect", case.reference)
