"""`parking.exchange`: exchange (or extend) the card of a permanent condition.

The Webes Ügysegéd service description ("Magánszemélyek részére kiadott parkolási
igazolvány cseréje"): a private person whose condition is permanent, established
otherwise than by the "7-point" medical opinion that cannot be used after 2012-12-31,
in one of the categories of the decree; the entitlement is proven by a medical expert
opinion or a specialist authority's position (Government Decree 218/2003). Free. The
card is issued and posted within 15 days by the Budapest XIII district office and is
valid for 5 years; at its end it can be extended by 5 years without a new opinion
(not a card issued on a 7-point opinion).
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.flow import DocumentField, StepForm
from cases.models import Attachment, Case
from parking import actions, eligibility
from parking.forms import CardStep, DeliveryStep, HoldingRulesField
from parking.models import Basis, CardExchange, Category, ParkingCard

__all__ = ["CardStep", "EntitlementStep", "ExchangeDeliveryStep"]
VALIDITY_YEARS = 5


def five_years_from(day: date) -> date:
    try:
        return day.replace(year=day.year + VALIDITY_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + VALIDITY_YEARS, day=28)


class EntitlementStep(StepForm):
    title = _("The entitlement")
    attachment_kinds = {"opinion": Attachment.Kind.OTHER}
    conditionally_required = ("opinion",)

    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=CardExchange.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "An extension keeps the entitlement of your card for 5 more years without a new "
            "opinion. An exchange issues the card on the opinion or position you attach."
        ),
    )
    category = forms.ChoiceField(
        label=_("Category of the entitlement"), choices=Category.choices, widget=forms.RadioSelect
    )
    basis = forms.ChoiceField(
        label=_("The entitlement is proven by"),
        choices=[
            (Basis.EXPERT_OPINION, Basis.EXPERT_OPINION.label),
            (
                Basis.AUTHORITY_POSITION,
                Basis.AUTHORITY_POSITION.label,
            ),
        ],
        widget=forms.RadioSelect,
    )
    opinion = DocumentField(
        label=_("The expert opinion or the authority's position"),
        required=False,
        help_text=_(
            "A scan or photo (PDF, JPEG or PNG) of the document named in Government Decree "
            "218/2003 (XII. 11.). A clerk checks it. Required for an exchange."
        ),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == CardExchange.Kind.EXCHANGE
            and not data.get("opinion")
            and "opinion" not in self.errors
        ):
            self.add_error(
                "opinion",
                ValidationError(
                    _("Attach the expert opinion or the authority's position."), code="required"
                ),
            )
        card = self.previous.get("card")
        if (
            card is not None
            and data.get("kind") == CardExchange.Kind.EXTENSION
            and data.get("category")
            and data["category"] != card.category
        ):
            self.add_error(
                "category",
                ValidationError(
                    _(
                        "An extension keeps the category of your card (%(category)s). For "
                        "another category ask for an exchange with the new opinion."
                    )
                    % {"category": card.get_category_display()},
                    code="category_changed",
                ),
            )
        return data


class ExchangeDeliveryStep(DeliveryStep):
    holding_rules = HoldingRulesField()


def exchangeable(applicant, answers):
    card = answers.get("card")
    if card is None or eligibility.card_refusal(card, getattr(applicant, "person", None)):
        return None
    return eligibility.exchange_refusal(card)


def save_detail(case: Case, data) -> CardExchange:
    return CardExchange.objects.create(
        case=case,
        card=data["card"],
        kind=data["kind"],
        category=data["category"],
        basis=data["basis"],
        postal_code=data["postal_code"],
        settlement=data["settlement"].strip(),
        street_address=data["street_address"].strip(),
    )


def new_validity(detail: CardExchange, today: date) -> date:
    """Five years from the issue; an extension adds five years to the old card's end
    when that is later."""
    start = today
    if detail.kind == CardExchange.Kind.EXTENSION and detail.card.valid_until > today:
        start = detail.card.valid_until
    return five_years_from(start)


@transaction.atomic
def issue_exchange(case: Case, *, by) -> CardExchange:
    """The clerk checked the entitlement: the new card is issued, the old one invalid."""
    detail = actions.locked_detail(CardExchange, case)
    old = ParkingCard.objects.select_for_update().get(pk=detail.card_id)
    refusal = eligibility.exchange_refusal(old)
    if refusal:
        raise actions.NotAllowed(refusal)
    today = timezone.localdate()
    card = actions.new_card(
        old, category=detail.category, basis=detail.basis, valid_until=new_validity(detail, today)
    )
    old.state = ParkingCard.State.EXCHANGED
    old.state_since = today
    old.replaced_by = card
    old.save(update_fields=["state", "state_since", "replaced_by"])
    actions.approve(case, detail, card, by=by)
    return detail
