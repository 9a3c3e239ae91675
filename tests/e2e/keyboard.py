"""Driving a page with the keyboard alone, as a user without a mouse does.

`Keys.tab_to` presses Tab (or Shift-Tab) until the wanted control has the
focus, and at every stop checks that the focus is visible (an outline or a
focus ring drawn by the page) and that, going forward, it moved on in
document order: a control reached out of order, or a stop without a visible
focus, fails the journey. Text is typed into the focused control; choices are
made with Space, buttons and links pressed with Enter.
"""

from __future__ import annotations

from datetime import date

# Where the focused element stands in the document, and whether the user can
# see it: an outline, or a box-shadow ring (the portal's focus style draws both).
_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const all = [...document.querySelectorAll('*')];
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ringed = style.boxShadow !== 'none';
  // Chromium keeps a date input's focus in its own day/month/year parts, which it
  // highlights itself; on the portal's step pages it then reports no element as
  // :focus, so no author style can be read there (the portal's rule for
  // input[type=date]:focus does apply when it does).
  const ownParts = el.matches('input[type=date]') && !el.matches(':focus');
  return {
    position: all.indexOf(el),
    visible: outlined || ringed || ownParts,
    describe: el.outerHTML.slice(0, 160) + ` (outline: ${style.outline}; ring: ${style.boxShadow})`,
  };
}"""


class Keys:
    """The keyboard of one page; `stops` are the focus stops since the last page load."""

    def __init__(self, page, date_order: tuple[str, ...]) -> None:
        self.page = page
        self.date_order = date_order
        self.stops: list[dict] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(_FOCUS)

    def matches(self, selector: str, text: str | None = None) -> bool:
        return self.page.evaluate(
            """([selector, text]) => {
              const el = document.activeElement;
              if (!el || !el.matches(selector)) return false;
              return text === null || el.textContent.includes(text);
            }""",
            [selector, text],
        )

    def autofocused(self, selector: str, timeout: float = 10_000) -> None:
        """Wait until the new page's `autofocus` has put the focus on the control. The
        browser applies autofocus at its next rendering step, which on a busy machine
        can come after the load event `follow` waits for; a focus that never lands
        fails after `timeout` ms."""
        self.page.wait_for_function(
            "selector => document.activeElement && document.activeElement.matches(selector)",
            arg=selector,
            timeout=timeout,
        )

    def tab_to(self, selector: str, text: str | None = None, *, back: bool = False, limit=60):
        """Tab (or Shift-Tab) to the control; every stop on the way is checked."""
        for _ in range(limit):
            before = self.focused()
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            now = self.focused()
            if before is None and now is None:
                continue  # the first Tab on a fresh page may land in the browser's own bar
            assert now is not None, (
                f"{selector} {text or ''} not reached before the page's end: "
                + (" | ".join(stop["describe"] for stop in self.stops[-8:]))
            )
            assert now["visible"], f"focus not visible on {now['describe']}"
            if before is not None:
                # Equal positions: Tab stepping through a date input's own parts.
                moved_on = (
                    now["position"] <= before["position"]
                    if back
                    else now["position"] >= before["position"]
                )
                assert moved_on, f"focus jumped from {before['describe']} to {now['describe']}"
            self.stops.append(now)
            if self.matches(selector, text):
                return now
        raise AssertionError(f"{selector} {text or ''} not reached by keyboard")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def follow(self, key: str = "Enter") -> None:
        """Press a link or a submit button and wait for the next page."""
        with self.page.expect_navigation(wait_until="load"):
            self.page.keyboard.press(key)
        self.stops = []

    def type_date(self, day: date) -> None:
        """A date into the focused date box as Hungarians write it (the portal's
        one-box date field); into a browser date input, segment by segment in the
        order the browser shows them (its own language's, not the page's)."""
        if not self.page.evaluate("document.activeElement.matches('input[type=date]')"):
            self.page.keyboard.type(day.strftime("%Y. %m. %d."))
            return
        parts = {"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"}
        for index, name in enumerate(self.date_order):
            self.page.keyboard.type(parts[name])
            if name == "year" and index < 2:
                self.page.keyboard.press("ArrowRight")  # a year may have six digits


def date_order(browser) -> tuple[str, ...]:
    """Which segment a date input takes first, found by typing into one."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<input type="date" id="d">')
    page.focus("#d")
    page.keyboard.type("01022003")
    value = page.evaluate("document.getElementById('d').value")
    context.close()
    return {
        "2003-01-02": ("month", "day", "year"),
        "2003-02-01": ("day", "month", "year"),
    }.get(value, ("year", "month", "day"))
