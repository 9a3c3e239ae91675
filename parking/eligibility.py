"""Rules both parking card services read: whose card it is, and to whom it was issued."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from parking.models import Basis, ParkingCard

# The loss must be reported without delay, at most ten days after learning of it.
LOSS_REPORT_DAYS = 10
# A holder whose card was revoked for misuse gets no new card for one year.
REVOCATION_BAR = timedelta(days=365)


def card_refusal(card: ParkingCard | None, person) -> str | None:
    """Why the applicant cannot ask anything online about `card`, or None."""
    if card is None:
        return None
    if not card.issued_to_private_person:
        return _(
            "The card %(number)s was issued to an organisation. Only cards issued to private "
            "persons can be replaced or exchanged online; the organisation applies at a "
            "government window."
        ) % {"number": card.number}
    if person is None or card.holder_id != person.pk:
        return _(
            "The card %(number)s is not registered to you. Only the holder can ask for its "
            "replacement or exchange, for themself."
        ) % {"number": card.number}
    return None


def replacement_refusal(card: ParkingCard) -> str | None:
    """The replacement rules: a valid card whose loss was reported at an office in time."""
    if card.replaced_by_id:
        return _("The card %(number)s has already been replaced.") % {"number": card.number}
    if card.state == ParkingCard.State.VALID:
        return _(
            "The register does not show the loss of the card %(number)s. Report the loss, theft "
            "or destruction at any district office first, without delay and at most 10 days "
            "after you learned of it; then you can ask for the replacement here."
        ) % {"number": card.number}
    if card.state != ParkingCard.State.LOSS_REGISTERED:
        return _(
            "The card %(number)s was not valid when it was lost (%(state)s): only a valid card "
            "can be replaced. Ask for a new card at a government window."
        ) % {"number": card.number, "state": card.get_state_display()}
    learned, reported = card.loss_learned_on, card.loss_reported_on
    if learned and reported and (reported - learned).days > LOSS_REPORT_DAYS:
        return _(
            "The loss of the card %(number)s was reported on %(reported)s, more than 10 days "
            "after you learned of it (%(learned)s), so it cannot be replaced online. Ask for a "
            "new card at a government window."
        ) % {
            "number": card.number,
            "reported": reported.strftime("%Y. %m. %d."),
            "learned": learned.strftime("%Y. %m. %d."),
        }
    if learned and card.valid_until < learned:
        return _(
            "The card %(number)s had expired on %(date)s, before it was lost: only a valid card "
            "can be replaced."
        ) % {"number": card.number, "date": card.valid_until.strftime("%Y. %m. %d.")}
    return None


def exchange_refusal(card: ParkingCard) -> str | None:
    """The exchange rules: permanent condition, not a 7-point card, not barred."""
    if card.basis == Basis.SEVEN_POINT:
        return _(
            "The card %(number)s was issued on a “7-point” medical opinion, which cannot be used "
            "after 31 December 2012. It can be neither exchanged nor extended online: a new "
            "card needs a new expert opinion, at a government window."
        ) % {"number": card.number}
    if not card.permanent:
        return _(
            "The card %(number)s was issued for a condition that is not permanent. Only holders "
            "of a permanent condition can exchange their card online; otherwise a new expert "
            "opinion is needed, at a government window."
        ) % {"number": card.number}
    today = timezone.localdate()
    if card.state == ParkingCard.State.REVOKED:
        if card.state_since and today < card.state_since + REVOCATION_BAR:
            return _(
                "The card %(number)s was revoked on %(date)s. No new card can be issued within "
                "one year of the revocation."
            ) % {"number": card.number, "date": card.state_since.strftime("%Y. %m. %d.")}
        return _("The card %(number)s was revoked: ask for a new card at a government window.") % {
            "number": card.number
        }
    if card.state not in (ParkingCard.State.VALID, ParkingCard.State.EXPIRED):
        return _(
            "The card %(number)s is invalid (%(state)s), so it cannot be exchanged. A lost, "
            "stolen or destroyed card is replaced, not exchanged."
        ) % {"number": card.number, "state": card.get_state_display()}
    if card.replaced_by_id:
        return _("The card %(number)s has already been replaced.") % {"number": card.number}
    return None


def own_card(applicant, answers):
    card = answers.get("card")
    return card_refusal(card, getattr(applicant, "person", None))
