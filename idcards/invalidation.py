"""`idcards.invalidation`: report a lost, stolen or destroyed ID card.

The Webes Ügysegéd service description ("Személyazonosító igazolvány
érvénytelenítése"): whoever no longer holds their ID card because it was stolen,
destroyed or lost must report it within three working days; reported online, the
card is invalidated at once. Only card-format IDs: book-format IDs issued before
2000-01-01 cannot be reported online. Free, immediate.

A card reported here cannot be replaced online afterwards (the replacement needs a
card not yet reported): the intro and the last step say so, and point to
`idcards.replacement`, which reports and replaces in one request.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.actions import record_event
from cases.flow import StepForm
from cases.models import Case
from documents.models import Document
from idcards.eligibility import reportable_reason
from idcards.forms import CardStep
from idcards.models import Invalidation

__all__ = ["CardStep", "ConfirmStep", "save_detail", "invalidate"]


class ConfirmStep(StepForm):
    """The warning before submitting, acknowledged."""

    title = _("Before you report")

    understood = forms.BooleanField(
        label=_(
            "I understand that the ID card becomes invalid at once, and that a card reported "
            "here cannot afterwards be replaced online."
        ),
        error_messages={
            "required": _(
                "Tick the box to confirm that you read the warning. If you want a replacement "
                "card online, use the combined report and replacement instead."
            )
        },
    )

    def warnings(self) -> list:
        return [
            format_html(
                '{} <a href="{}">{}</a>',
                gettext(
                    "A card reported lost here cannot afterwards be replaced online. To report "
                    "the loss and ask for a replacement card in one step, use"
                ),
                reverse("flow:start", args=["idcards.replacement"]),
                gettext("the report and replacement of the permanent ID card"),
            )
        ]


class CardChanged(Exception):
    """The register no longer allows the report (checked under the lock)."""


def save_detail(case: Case, answers) -> Invalidation:
    card = answers["card"]
    return Invalidation.objects.create(
        case=case, document=card, document_number=card.number, reason=answers["reason"]
    )


@transaction.atomic
def invalidate(case: Case) -> Document:
    """The effect on submission: the card is invalid in the register at once."""
    detail = Invalidation.objects.get(case=case)
    card = Document.objects.select_for_update().get(pk=detail.document_id)
    reason = reportable_reason(card)
    if reason:
        raise CardChanged(f"{case.reference}: {reason}")
    card.validity = Document.Validity.INVALIDATED
    card.invalidation_reason = detail.reason
    card.invalidated_at = timezone.now()
    card.save(update_fields=["validity", "invalidation_reason", "invalidated_at"])
    record_event(
        case,
        "idcards.invalidated",
        by=case.applicant,
        note=gettext("The ID card %(number)s was reported %(reason)s and is now invalid.")
        % {"number": card.number, "reason": card.get_invalidation_reason_display()},
    )
    return card
