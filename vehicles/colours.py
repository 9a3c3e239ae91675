"""The vehicle register's colour names, readable in English too.

The register records a vehicle's primary colour as a Hungarian word from a
short list; an English page must not show "ezüst". Each word's msgid is its
English name and its Hungarian translation is the register's own word, so a
Hungarian page shows exactly what the register holds. A word not on the list
is shown as the register wrote it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COLOURS = {
    "fehér": pgettext_lazy("vehicle colour", "white"),
    "fekete": pgettext_lazy("vehicle colour", "black"),
    "szürke": pgettext_lazy("vehicle colour", "grey"),
    "ezüst": pgettext_lazy("vehicle colour", "silver"),
    "piros": pgettext_lazy("vehicle colour", "red"),
    "bordó": pgettext_lazy("vehicle colour", "burgundy"),
    "kék": pgettext_lazy("vehicle colour", "blue"),
    "sötétkék": pgettext_lazy("vehicle colour", "dark blue"),
    "zöld": pgettext_lazy("vehicle colour", "green"),
    "sárga": pgettext_lazy("vehicle colour", "yellow"),
    "narancs": pgettext_lazy("vehicle colour", "orange"),
    "barna": pgettext_lazy("vehicle colour", "brown"),
    "bézs": pgettext_lazy("vehicle colour", "beige"),
    "lila": pgettext_lazy("vehicle colour", "purple"),
    "arany": pgettext_lazy("vehicle colour", "gold"),
}

UNKNOWN = _("no data in the register")


def colour_name(word: str) -> str:
    """The register's colour word in the active language."""
    if not word:
        return str(UNKNOWN)
    name = COLOURS.get(word.strip().lower())
    return str(name) if name is not None else word
