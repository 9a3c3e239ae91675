"""The items of the personal data and address register, as the access log names them.

The register's services (own data, change notices, data release) name the items
they touch by these codes, so that the citizen's list says which data were seen.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ITEMS = {
    "name": _("name"),
    "personal_id": _("personal identifier"),
    "birth_name": _("birth name"),
    "birth_place": _("place of birth"),
    "birth_date": _("date of birth"),
    "mother_name": _("mother's birth name"),
    "sex": _("sex"),
    "citizenship": _("citizenship"),
    "marital_status": _("marital status"),
    "legal_title": _("legal title of registration"),
    "residence": _("residence"),
    "stay": _("place of stay"),
    "foreign_address": _("foreign address"),
    "notification_address": _("notification address"),
    "id_card": _("ID card data"),
    "address_card": _("address card data"),
}


def item_label(code: str) -> str:
    label = ITEMS.get(code)
    return str(label) if label is not None else code
