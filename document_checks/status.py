"""documents.status: how far the production of a document has got, by receipt number.

The answer is the production state (processing, being issued, in transit, collectable
from a date and where, handed over) and the type of document: nothing about the
holder. A document reported invalid before it was handed over is said to be so, as
it will not be handed over.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appointments.models import Office
from document_checks.check_log import record
from document_checks.forms import described
from document_checks.models import AnonymousCheck
from documents.models import (
    ProductionOrder,
    normalise_receipt_number,
    validate_receipt_number,
)

log = logging.getLogger(__name__)


class StatusForm(forms.Form):
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=30,
        help_text=_(
            "Printed on the application form you got when you applied, e.g. SZ-2026-0001234."
        ),
        validators=[validate_receipt_number],
        error_messages={
            "required": _("Enter the receipt number."),
            "max_length": _("A receipt number is 15 characters long, e.g. SZ-2026-0001234."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receipt_number"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )
        described(self)

    def clean_receipt_number(self) -> str:
        return normalise_receipt_number(self.cleaned_data["receipt_number"])


@dataclass(frozen=True)
class Answer:
    receipt_number: str
    kind_label: str
    state: str
    collectable_from: date | None
    office: Office | None
    withheld: bool  # the document was invalidated before it was handed over

    @property
    def collectable_now(self) -> bool:
        return self.collectable_from is None or self.collectable_from <= timezone.localdate()


def lookup(receipt_number: str) -> Answer | None:
    order = (
        ProductionOrder.objects.select_related("collection_office", "document")
        .filter(receipt_number=receipt_number)
        .first()
    )
    log.info("document status lookup answered")
    if order is None:
        return None
    record(AnonymousCheck.Kind.STATUS, production_order=order)
    handed_over = order.state == ProductionOrder.State.HANDED_OVER
    return Answer(
        receipt_number=order.receipt_number,
        kind_label=order.get_kind_display(),
        state=order.state,
        collectable_from=order.collectable_from,
        office=order.collection_office,
        withheld=bool(order.document and not handed_over and not order.document.is_valid()),
    )
