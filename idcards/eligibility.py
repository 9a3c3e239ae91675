"""Rules both ID card services read: which card may be reported or replaced online.

A check is `(applicant, answers) -> reason | None` and passes while the answers do
not name a card yet. The effects ask the same rules again under the row lock
(`reportable_reason`, `replaceable_reason`), so a card reported meanwhile, in
another tab or at an office, is caught at submission too.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentKind
from population.models import Person

# Book-format IDs issued before this day cannot be reported online.
BOOK_FORMAT_ONLINE_FROM = date(2000, 1, 1)
# Who may hold a permanent ID card (and so have it replaced).
ENTITLED_TITLES = frozenset(
    {
        Person.LegalTitle.CITIZEN,
        Person.LegalTitle.IMMIGRANT,
        Person.LegalTitle.SETTLED,
        Person.LegalTitle.REFUGEE,
        Person.LegalTitle.PROTECTED,
    }
)


def _day(value) -> str:
    return value.strftime("%Y. %m. %d.")


def is_book_before_2000(card: Document) -> bool:
    return card.format == Document.Format.BOOK and card.issued_on < BOOK_FORMAT_ONLINE_FROM


def already_reported(card: Document) -> str | None:
    if card.validity != Document.Validity.INVALIDATED:
        return None
    when = card.invalidated_at
    if when is None:
        return _("The ID card %(number)s is already invalid in the register.") % {
            "number": card.number
        }
    return _(
        "The ID card %(number)s was already reported %(reason)s on %(date)s and is invalid in "
        "the register."
    ) % {
        "number": card.number,
        "reason": card.get_invalidation_reason_display() or _("missing"),
        "date": _day(timezone.localdate(when)),
    }


def reportable_reason(card: Document) -> str | None:
    """Why `card` cannot be reported online, or None."""
    if is_book_before_2000(card):
        return _(
            "The ID card %(number)s is a book-format ID issued before 1 January 2000: its loss "
            "cannot be reported online. Report it at any district office (government window), "
            "at the Budapest Government Office or, abroad, at a consulate."
        ) % {"number": card.number}
    if card.validity == Document.Validity.REVOKED:
        return _("The ID card %(number)s was withdrawn: it cannot be reported online.") % {
            "number": card.number
        }
    return already_reported(card)


def replaceable_reason(card: Document, person: Person | None, today: date) -> str | None:
    """Why `card` cannot be reported and replaced online, or None."""
    if card.kind == DocumentKind.TEMPORARY_ID_CARD:
        return _(
            "A temporary ID card cannot be replaced. Ask for a permanent ID card in person at "
            "a government window."
        )
    if card.format == Document.Format.BOOK:
        return _(
            "A book-format ID cannot be replaced online. Ask for a new ID card in person at a "
            "government window."
        )
    reported = already_reported(card)
    if reported:
        return (
            reported
            + " "
            + _(
                "A card already reported lost cannot be replaced online: ask for a new ID card in "
                "person at a government window."
            )
        )
    if card.validity != Document.Validity.VALID or not card.is_valid(today):
        return _(
            "The ID card %(number)s is no longer within its validity (it expired on %(date)s): "
            "only a card still valid can be replaced online. Ask for a new ID card in person at "
            "a government window."
        ) % {"number": card.number, "date": _day(card.expires_on) if card.expires_on else "–"}
    if person is None or not person.fingerprints_stored:
        return _(
            "The register holds no fingerprints of yours, so the card cannot be replaced online. "
            "Ask for a new ID card in person at a government window, where your fingerprints "
            "are taken."
        )
    if person.legal_title not in ENTITLED_TITLES:
        return _(
            "A permanent ID card is issued to Hungarian citizens and to immigrant, settled, "
            "refugee or protected persons in the register; your registration is of another "
            "kind, so the card cannot be replaced online."
        )
    return None


def card_reportable(applicant, answers) -> str | None:
    card = answers.get("card")
    if card is None:
        return None
    return reportable_reason(card)


def card_replaceable(applicant, answers) -> str | None:
    card = answers.get("card")
    if card is None:
        return None
    return replaceable_reason(card, getattr(applicant, "person", None), timezone.localdate())
