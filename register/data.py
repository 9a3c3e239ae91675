"""What the register holds about a person, item by item.

One reading serves the own-data information (every item, on screen and in the
PDF), the change notices (the items a body is sent) and the data-release
function. Items are named by the codes of `access_log.vocabulary.ITEMS`, so the
citizen's access list names the same items. Values are kept as plain strings:
the own-data case keeps them as they were when asked.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access_log.vocabulary import ITEMS
from documents.models import Document, DocumentKind
from population.models import Address, Person

SECTIONS = (
    (
        "personal",
        _("Personal data"),
        (
            "name",
            "personal_id",
            "birth_name",
            "birth_place",
            "birth_place_naming",
            "birth_date",
            "mother_name",
            "sex",
            "citizenship",
            "marital_status",
            "legal_title",
        ),
    ),
    ("residence", _("Residence"), ("residence",)),
    ("stay", _("Place of stay"), ("stay",)),
    ("foreign_address", _("Foreign address"), ("foreign_address",)),
    ("notification_address", _("Notification address"), ("notification_address",)),
    ("id_card", _("ID card data"), ("id_card",)),
    ("address_card", _("Address card data"), ("address_card",)),
)

LABELS = {
    **ITEMS,
    "birth_place_naming": _("naming of the place of birth"),
}

COUNTRIES = {
    "HU": _("Hungary"),
    "AT": _("Austria"),
    "DE": _("Germany"),
    "RO": _("Romania"),
    "SK": _("Slovakia"),
    "RS": _("Serbia"),
    "UA": _("Ukraine"),
    "GB": _("United Kingdom"),
}
CITIZENSHIPS = {"HU": _("Hungarian")}


def country(code: str) -> str:
    return str(COUNTRIES.get(code, code))


def _address(person: Person, kind: str) -> str:
    address = person.current_address(kind)
    if address is None:
        return ""
    text = str(address)
    if address.country != "HU":
        text = f"{address.street_address}, {address.postal_code} {address.settlement}"
        if address.province:
            text += f", {address.province}"
        text += f", {country(address.country)}"
    return f"{text} ({_since(address.valid_from)})"


def _since(day) -> str:
    return str(_("since %(date)s") % {"date": day.strftime("%Y. %m. %d.")})


def _id_card(person: Person) -> str:
    card = (
        Document.objects.filter(holder=person, kind=DocumentKind.ID_CARD)
        .order_by("-issued_on")
        .first()
    )
    if card is None:
        return ""
    parts = [
        str(_("number %(number)s") % {"number": card.number}),
        str(_("issued on %(date)s") % {"date": card.issued_on.strftime("%Y. %m. %d.")}),
        str(
            _("valid until %(date)s") % {"date": card.expires_on.strftime("%Y. %m. %d.")}
            if card.expires_on
            else _("indefinite validity")
        ),
        str(
            card.get_validity_display()
            if card.effective_validity() == card.validity
            else Document.Validity(card.effective_validity()).label
        ),
    ]
    if card.issuing_authority:
        parts.append(card.issuing_authority)
    return ", ".join(parts)


def _address_card(person: Person) -> str:
    if not person.address_card_number:
        return ""
    return str(_("number %(number)s") % {"number": person.address_card_number})


def value(person: Person, item: str) -> str:
    """The register's current value of one item, as text ("" when none is held)."""
    readers = {
        "name": lambda p: p.full_name,
        "personal_id": lambda p: p.personal_id,
        "birth_name": lambda p: p.birth_name,
        "birth_place": lambda p: (
            p.birth_place
            if p.birth_country == "HU"
            else f"{p.birth_place} ({country(p.birth_country)})"
        ),
        "birth_place_naming": lambda p: str(
            _("Hungarian naming") if p.birth_country == "HU" else _("foreign naming")
        ),
        "birth_date": lambda p: p.birth_date.strftime("%Y. %m. %d."),
        "mother_name": lambda p: p.mother_birth_name,
        "sex": lambda p: str(p.get_sex_display()),
        "citizenship": lambda p: str(CITIZENSHIPS.get(p.citizenship, country(p.citizenship))),
        "marital_status": lambda p: str(p.get_marital_status_display()),
        "legal_title": lambda p: str(p.get_legal_title_display()),
        "residence": lambda p: _address(p, Address.Kind.RESIDENCE),
        "stay": lambda p: _address(p, Address.Kind.STAY),
        "foreign_address": lambda p: _address(p, Address.Kind.FOREIGN),
        "notification_address": lambda p: _address(p, Address.Kind.NOTIFICATION),
        "id_card": _id_card,
        "address_card": _address_card,
    }
    return readers[item](person)


def snapshot(person: Person) -> dict:
    """Every item, by section, for the own-data information: codes and values.

    Labels are not stored: the page and the PDF name each item in the reader's
    language (`labelled`)."""
    return {
        "taken_at": timezone.now().isoformat(),
        "sections": [
            {"code": code, "items": [[item, value(person, item)] for item in items]}
            for code, _title, items in SECTIONS
        ],
    }


def labelled(snap: dict) -> list[dict]:
    """A stored snapshot with its headings and labels in the active language."""
    titles = {code: title for code, title, _items in SECTIONS}
    return [
        {
            "title": titles.get(section["code"], section["code"]),
            "rows": [(LABELS.get(item, item), text) for item, text in section["items"]],
        }
        for section in snap.get("sections", [])
    ]
