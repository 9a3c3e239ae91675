"""Compile every locale/*/LC_MESSAGES/*.po to .mo without GNU gettext.

`make` runs this so that a fresh machine needs only Python; `makemessages`
(which does need gettext) is only for developers who change UI strings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib


def main(root: Path) -> int:
    compiled = 0
    for po_path in sorted(root.glob("locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    print(f"compiled {compiled} message catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent.parent))
