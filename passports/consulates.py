"""Where a passport can be delivered abroad, and the consular fee there.

The Webes Ügysegéd service descriptions (information of the foreign ministry): the
consulate's fee for a passport delivered abroad, on top of the duty, is 20 EUR in a
country neighbouring Hungary, 40 EUR in another European country and 45 EUR outside
Europe. It is paid abroad, not to the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NEIGHBOURING = frozenset({"AT", "SK", "UA", "RO", "RS", "HR", "SI"})
EUROPEAN = frozenset(
    {
        "AD", "AL", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
        "FR", "GB", "GR", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK",
        "MT", "NL", "NO", "PL", "PT", "SE", "SM", "TR", "VA", "XK",
    }
)  # fmt: skip

NEIGHBOURING_FEE_EUR = 20
EUROPEAN_FEE_EUR = 40
OUTSIDE_EUROPE_FEE_EUR = 45


def consular_fee_eur(country: str) -> int:
    """The consulate's fee for delivering a passport in `country` (ISO code)."""
    if len(country) != 2 or not country.isalpha() or country.upper() == "HU":
        raise ValueError(f"not a foreign country code: {country!r}")
    country = country.upper()
    if country in NEIGHBOURING:
        return NEIGHBOURING_FEE_EUR
    if country in EUROPEAN:
        return EUROPEAN_FEE_EUR
    return OUTSIDE_EUROPE_FEE_EUR


@dataclass(frozen=True)
class Consulate:
    code: str
    city: str
    country: str  # ISO 3166 code
    country_name: object  # lazy translated

    @property
    def label(self) -> str:
        return f"{self.city} ({self.country_name})"

    @property
    def fee_eur(self) -> int:
        return consular_fee_eur(self.country)


CONSULATES = (
    Consulate("vienna", "Wien", "AT", _("Austria")),
    Consulate("bratislava", "Bratislava", "SK", _("Slovakia")),
    Consulate("kosice", "Košice", "SK", _("Slovakia")),
    Consulate("uzhhorod", "Uzhhorod", "UA", _("Ukraine")),
    Consulate("bucharest", "București", "RO", _("Romania")),
    Consulate("cluj", "Cluj-Napoca", "RO", _("Romania")),
    Consulate("miercurea_ciuc", "Miercurea Ciuc", "RO", _("Romania")),
    Consulate("belgrade", "Beograd", "RS", _("Serbia")),
    Consulate("subotica", "Subotica", "RS", _("Serbia")),
    Consulate("zagreb", "Zagreb", "HR", _("Croatia")),
    Consulate("ljubljana", "Ljubljana", "SI", _("Slovenia")),
    Consulate("berlin", "Berlin", "DE", _("Germany")),
    Consulate("munich", "München", "DE", _("Germany")),
    Consulate("london", "London", "GB", _("United Kingdom")),
    Consulate("paris", "Paris", "FR", _("France")),
    Consulate("brussels", "Bruxelles", "BE", _("Belgium")),
    Consulate("the_hague", "Den Haag", "NL", _("Netherlands")),
    Consulate("rome", "Roma", "IT", _("Italy")),
    Consulate("madrid", "Madrid", "ES", _("Spain")),
    Consulate("stockholm", "Stockholm", "SE", _("Sweden")),
    Consulate("warsaw", "Warszawa", "PL", _("Poland")),
    Consulate("prague", "Praha", "CZ", _("Czechia")),
    Consulate("new_york", "New York", "US", _("United States")),
    Consulate("toronto", "Toronto", "CA", _("Canada")),
    Consulate("sydney", "Sydney", "AU", _("Australia")),
    Consulate("tokyo", "Tokyo", "JP", _("Japan")),
    Consulate("buenos_aires", "Buenos Aires", "AR", _("Argentina")),
    Consulate("sao_paulo", "São Paulo", "BR", _("Brazil")),
)

BY_CODE = {consulate.code: consulate for consulate in CONSULATES}


def choices() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in CONSULATES]
