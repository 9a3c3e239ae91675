"""The answer of a vehicle data lookup, ready for the case page and the PDF."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import gettext as _

from portal.money import format_number
from vehicles.colours import colour_name
from vehicles.data_lookup import ITEMS_BY_KEY, MATCH, MISMATCH, display_value
from vehicles.fees import data_lookup_fee
from vehicles.models import DataLookup, OdometerReading

register = template.Library()


def _day(value: str | None) -> str:
    return date.fromisoformat(value).strftime("%Y. %m. %d.") if value else ""


def _result_text(code: str) -> str:
    if code == MATCH:
        return _("matches")
    if code == MISMATCH:
        return _("does not match")
    return _("no data in the register")


def _dash(value) -> str:
    return value if value not in (None, "") else _("no data in the register")


def _vehicle(answer: dict) -> dict:
    if not answer.get("found"):
        return {"plate": answer["plate"], "found": False}
    if answer["in_traffic"]:
        traffic = _("yes")
    else:
        traffic = _("no, temporarily withdrawn until %(date)s") % {
            "date": _day(answer.get("withdrawn_until"))
        }
    sources = dict(OdometerReading.Source.choices)
    return {
        "plate": answer["plate"],
        "found": True,
        "wanted": bool(answer["wanted"]),
        "facts": [
            (_("Registration plate"), answer["plate"]),
            (_("Make"), _dash(answer["make"])),
            (_("Type"), _dash(answer["model_name"])),
            (_("Primary colour"), colour_name(answer["colour"])),
            (_("Colour code"), _dash(answer["colour_code"])),
            (_("In traffic"), traffic),
            (
                _("Wanted (domestic records)"),
                _("yes, the vehicle is wanted") if answer["wanted"] else _("no"),
            ),
        ],
        "odometer": [
            (_day(r["read_on"]), format_number(r["km"]), str(sources.get(r["source"], r["source"])))
            for r in answer["odometer"]
        ],
        "checks": [
            (
                ITEMS_BY_KEY[c["item"]].label,
                display_value(c["item"], c["entered"]),
                _result_text(c["result"]),
                c["result"],
            )
            for c in answer["checks"]
        ],
    }


@register.simple_tag
def lookup_results(lookup: DataLookup | None) -> list[dict]:
    if lookup is None or lookup.answered_at is None:
        return []
    return [_vehicle(answer) for answer in lookup.answers]


@register.simple_tag
def lookup_fee(lookup: DataLookup) -> int:
    return data_lookup_fee(lookup.vehicle_count)
