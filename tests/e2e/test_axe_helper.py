"""The axe helper runs the best-practice rules as well as the WCAG ones."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

# Valid for every WCAG rule, wrong for two best practices: the headings skip a level,
# and a paragraph stands outside every landmark.
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Headings</title></head><body>
<main><h1>Title</h1><h3>Skipped a level</h3></main><p>Outside the landmarks</p>
</body></html>"""


def test_best_practice_rules_are_reported(page, axe_check):
    page.set_content(PAGE)
    found = {violation.split(" ", 1)[0] for violation in axe_check(page)}
    assert found == {"heading-order", "region"}
