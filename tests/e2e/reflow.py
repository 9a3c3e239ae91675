"""Reflow (WCAG 1.4.10): what a page at 320 CSS px must not do."""

from __future__ import annotations

NARROW = {"width": 320, "height": 700}

# The document does not scroll sideways, and a box that scrolls by itself can be
# reached (and so scrolled) by the keyboard.
_FOUND = """() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.querySelectorAll('body *')]
      .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
      .filter(el => !el.closest('.visually-hidden, .skip-link'))
      .map(el => el.outerHTML.slice(0, 80));
    found.push(`scrollWidth ${root.scrollWidth} > ${root.clientWidth}: ${wide.slice(0, 3)}`);
  }
  for (const el of document.querySelectorAll('main *')) {
    if (el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
        && getComputedStyle(el).overflowX !== 'visible'
        && el.tabIndex < 0 && !el.querySelector('a, button, input, select, textarea')) {
      found.push(`scroll container without keyboard access: ${el.outerHTML.slice(0, 80)}`);
    }
  }
  return found;
}"""


def overflow(page) -> list[str]:
    """What makes `page` scroll sideways or hides content from the keyboard; [] if nothing."""
    return page.evaluate(_FOUND)
