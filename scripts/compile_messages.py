"""Compile every message catalogue to .mo without GNU gettext.

The project catalogue is `locale/`; an app may keep its own in `<app>/locale/`
(Django finds it because the app is installed), so that services developed side
by side do not edit one file. A package that runs without Django keeps its own
too, one level deeper (`eszemelyi/card/locale/`, `eszemelyi/bridge/locale/`,
read by the standard library's gettext: see `eszemelyi/card/i18n.py`).

`make` runs this so that a fresh machine needs only Python; `makemessages`
(which does need gettext) is only for developers who change UI strings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib


def catalogues(root: Path) -> list[Path]:
    found = list(root.glob("locale/*/LC_MESSAGES/*.po"))
    found += root.glob("*/locale/*/LC_MESSAGES/*.po")
    found += root.glob("*/*/locale/*/LC_MESSAGES/*.po")
    # Not the virtualenv's (Django ships compiled catalogues) nor the npm packages'.
    skipped = {"node_modules"}
    return sorted(
        path
        for path in found
        if not path.parts[len(root.parts)].startswith(".")
        and path.parts[len(root.parts)] not in skipped
    )


def main(root: Path) -> int:
    compiled = 0
    for po_path in catalogues(root):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    print(f"compiled {compiled} message catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent.parent))
