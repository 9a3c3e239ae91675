"""Who may use the card services: checks `(applicant, data) -> reason | None`.

The rules come from the Webes Ügysegéd service texts (NEK applet, emergency numbers,
e-signature) and the eSzemélyi pages on validity and envelopes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentKind

# Cards issued from this day carry the NEK application already ("a 2016. november
# 14-től kiállított személyazonosító igazolványokon lévő chipeken már ... rajta van").
NEK_PREINSTALLED_FROM = date(2016, 11, 14)
# "A tanúsítvány megújítását a lejáratot megelőző 60 napon belül kérheti a polgár."
ESIGN_RENEWAL_WINDOW = timedelta(days=60)
# Limited capacity starts at 14 (Ptk. 2:11. §); under that a minor has none and may not
# request the service ("korlátozottan cselekvőképes kiskorú ... nyújthat be").
ESIGN_MINIMUM_AGE = 14
# Persons entitled to a chip ID card under the Nytv.: citizens and immigrated, settled,
# refugee or protected persons (not those with the right of free movement only).
ESIGN_LEGAL_TITLES = {"citizen", "immigrant", "settled", "refugee", "protected"}


def id_cards(applicant, today: date | None = None):
    person = getattr(applicant, "person", None)
    if person is None:
        return Document.objects.none()
    today = today or timezone.localdate()
    return person.documents.valid_on(today).filter(kind=DocumentKind.ID_CARD)


def chip_card(applicant, today: date | None = None) -> Document | None:
    """The applicant's valid ID card with a chip (the newest one), or None."""
    return id_cards(applicant, today).filter(has_chip=True).order_by("-issued_on").first()


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- Shared ----------------------------------------------------------------------------
def holds_chip_card(applicant, data: Mapping[str, Any]) -> str | None:
    if chip_card(applicant) is not None:
        return None
    if id_cards(applicant).filter(has_chip=False).exists():
        return _(
            "Your ID card has no chip (cards of indefinite validity issued after 65 have "
            "none), so it cannot be used electronically."
        )
    return _("You have no valid ID card with a chip (eSzemélyi) in the register.")


# --- NEK applet --------------------------------------------------------------------------
def card_needs_nek(applicant, data: Mapping[str, Any]) -> str | None:
    card = chip_card(applicant)
    if card is None:
        return holds_chip_card(applicant, data)
    if card.issued_on >= NEK_PREINSTALLED_FROM:
        return _(
            "Your ID card was issued on or after 14 November 2016: the NEK application is on "
            "its chip already, there is nothing to install."
        )
    return None


# --- E-signature -------------------------------------------------------------------------
def esign_capacity(applicant, data: Mapping[str, Any]) -> str | None:
    person = getattr(applicant, "person", None)
    if person is None:
        return _("Your data are not in the population register.")
    if age_on(person.birth_date, timezone.localdate()) < ESIGN_MINIMUM_AGE:
        return _(
            "The e-signature service can be requested from the age of 14 (a minor with "
            "limited capacity) or by an adult."
        )
    if person.legal_title not in ESIGN_LEGAL_TITLES:
        return _(
            "The e-signature service is for Hungarian citizens and for immigrated, settled, "
            "refugee or protected persons entitled to a chip ID card."
        )
    return None


def current_certificate(applicant, card: Document | None, now: datetime | None = None):
    """The applicant's certificate for `card` that is still valid, or None."""
    from eszemelyi.models import EsignCertificate

    if card is None:
        return None
    now = now or timezone.now()
    return (
        EsignCertificate.objects.filter(
            user=applicant, document=card, revoked_at__isnull=True, not_after__gt=now
        )
        .order_by("-not_after")
        .first()
    )


def esign_renewal_window(applicant, data: Mapping[str, Any]) -> str | None:
    now = timezone.now()
    certificate = current_certificate(applicant, chip_card(applicant), now)
    if certificate is None or certificate.not_after - now <= ESIGN_RENEWAL_WINDOW:
        return None
    opens = timezone.localdate(certificate.not_after - ESIGN_RENEWAL_WINDOW)
    return _(
        "Your e-signature certificate is valid until %(until)s. It can be renewed within the "
        "last 60 days, from %(opens)s."
    ) % {
        "until": timezone.localdate(certificate.not_after).isoformat(),
        "opens": opens.isoformat(),
    }


def has_email(applicant, data: Mapping[str, Any]) -> str | None:
    if data.get("email") or getattr(applicant, "email", ""):
        return None
    return _("The e-signature service needs an e-mail address.")


def reasons(checks, applicant, data: Mapping[str, Any] | None = None) -> list[str]:
    """Every reason the checks give, in order (empty: eligible)."""
    data = data or {}
    found = []
    for check in checks:
        reason = check(applicant, data)
        if reason and reason not in found:
            found.append(reason)
    return found
