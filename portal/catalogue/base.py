"""Building blocks of the service catalogue: bilingual texts, services and service groups.

The catalogue is plain data. It holds no Django imports so that it can be read by views,
templates, management commands and tests alike.
"""

from __future__ import annotations

from dataclasses import dataclass

# Seed documents the entries are taken from (see ``shared/seeds/README.md``).
SEED_OFFICES = "000_e6fdf346af6e3905.txt"
SEED_UGYFELKAPU = "001_19ac3f2811c59ff0.txt"
SEED_WEBES_UGYSEGED = "002_1c333257468f6a15.txt"
SEED_IDCARD = "003_fcea1fc76d3bbf60.txt"
SEED_ESZEMELYI = "004_ee3d45eaba18bd75.txt"

SEEDS = (SEED_OFFICES, SEED_UGYFELKAPU, SEED_WEBES_UGYSEGED, SEED_IDCARD, SEED_ESZEMELYI)

LANGUAGES = ("hu", "en")


@dataclass(frozen=True)
class Text:
    """A short text in Hungarian (the authoritative wording) and in English."""

    hu: str
    en: str

    def get(self, language: str) -> str:
        """Return the text in ``language`` ("hu" or "en", also "en-gb" and the like).

        Anything else, or an empty English text, falls back to Hungarian.
        """
        code = (language or "").replace("_", "-").split("-", 1)[0].lower()
        if code == "en" and self.en:
            return self.en
        return self.hu

    def __str__(self) -> str:
        return self.hu


@dataclass(frozen=True)
class ServiceInfo:
    """The information page of one service."""

    code: str
    title: Text
    summary: Text
    who: tuple[Text, ...]
    cost: Text
    deadline: Text
    prepare: tuple[Text, ...]
    notes: tuple[Text, ...]
    needs_login: bool
    source: str
    # Where a service that is not a case type starts (URL name), e.g. card PINs.
    start_view: str | None = None


@dataclass(frozen=True)
class ServiceGroup:
    """A group of services as shown on the home page."""

    slug: str
    title: Text
    intro: Text
    services: tuple[ServiceInfo, ...]
