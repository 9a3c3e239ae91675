"""Hungarian and English side by side for the card layer and the card bridge.

Both run on the citizen's computer without Django (the `card-bridge` import contract
keeps it out), and every answer carries both languages at once (docs/card-bridge.md
section 6), so there is no active language to switch to. Their texts are therefore
gettext msgids in English, marked with `N_`; the Hungarian comes from the package's own
catalogue `<package>/locale/hu/LC_MESSAGES/<domain>.po`, read with the standard
library's `gettext` once `scripts/compile_messages.py` (`make messages`) has compiled it.
`N_` is not one of the names `makemessages` extracts, so these texts never land in the
portal's Django catalogues; after changing one, update the `.po` by hand or with
`xgettext --language=Python --keyword=N_ --from-code=UTF-8` and `msgmerge`.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path


def N_(msgid: str) -> str:  # the gettext convention: mark now, translate where shown
    return msgid


class Catalogue:
    """The Hungarian translations of one package's texts."""

    def __init__(self, domain: str, package_dir: Path) -> None:
        self.domain = domain
        self.localedir = package_dir / "locale"

    def load(self) -> None:
        """Raise FileNotFoundError unless the compiled catalogue is there.

        Called when the bridge starts, so that a missing `.mo` stops it at once instead
        of turning its first refusal into a failure."""
        _hungarian(self.domain, self.localedir)

    def both(self, msgid: str, **values: object) -> dict[str, str]:
        """`{"hu": ..., "en": ...}` for `msgid`, with `%(name)s` filled in from `values`."""
        hungarian = _hungarian(self.domain, self.localedir).gettext(msgid)
        if not values:
            return {"hu": hungarian, "en": msgid}
        return {"hu": hungarian % values, "en": msgid % values}

    def side_by_side(self, msgid: str, **values: object) -> str:
        """ "Hungarian / English", for the bridge's terminal, which has no language choice."""
        texts = self.both(msgid, **values)
        return f"{texts['hu']} / {texts['en']}"


@cache
def _hungarian(domain: str, localedir: Path) -> gettext.NullTranslations:
    try:
        return gettext.translation(domain, localedir, languages=["hu"])
    except FileNotFoundError:
        # Without it every answer would silently be English twice.
        raise FileNotFoundError(
            f"{localedir / 'hu' / 'LC_MESSAGES' / domain}.mo is missing: "
            "run `make messages` (scripts/compile_messages.py)"
        ) from None
