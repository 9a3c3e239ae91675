"""`parking.replacement`: replace a lost, stolen or destroyed parking card.

The Webes Ügysegéd service description ("Magánszemélyek részére kiadott parkolási
igazolvány pótlása"): a private person who had a valid card that was stolen, destroyed
or lost; the loss must have been reported at a district office without delay, at most
ten days after learning of it. Free. Issued and posted within 15 days; the old card
stays invalid (its loss is registered).
"""

from __future__ import annotations

from django.db import transaction

from cases.models import Case
from parking import actions, eligibility
from parking.forms import CardStep, DeliveryStep, HoldingRulesField
from parking.models import CardReplacement, ParkingCard

__all__ = ["CardStep", "ReplacementDeliveryStep"]


class ReplacementDeliveryStep(DeliveryStep):
    holding_rules = HoldingRulesField()


def replaceable(applicant, answers):
    card = answers.get("card")
    if card is None or eligibility.card_refusal(card, getattr(applicant, "person", None)):
        return None  # `eligibility.own_card` says why
    return eligibility.replacement_refusal(card)


def save_detail(case: Case, data) -> CardReplacement:
    return CardReplacement.objects.create(
        case=case,
        card=data["card"],
        postal_code=data["postal_code"],
        settlement=data["settlement"].strip(),
        street_address=data["street_address"].strip(),
    )


@transaction.atomic
def issue_replacement(case: Case, *, by) -> CardReplacement:
    """Issue the new card with the old one's data and validity; the old one stays invalid."""
    detail = actions.locked_detail(CardReplacement, case)
    old = ParkingCard.objects.select_for_update().get(pk=detail.card_id)
    refusal = eligibility.replacement_refusal(old)
    if refusal:
        raise actions.NotAllowed(refusal)
    card = actions.new_card(
        old, category=old.category, basis=old.basis, valid_until=old.valid_until
    )
    old.replaced_by = card
    old.save(update_fields=["replaced_by"])
    actions.approve(case, detail, card, by=by)
    return detail
