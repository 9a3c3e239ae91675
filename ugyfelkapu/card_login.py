"""Login with the chip ID card: a card signature over the identity provider's challenge.

The page asks for a challenge (a 256-bit nonce kept in the session, single use, five
minutes), hands it to the card bridge on the citizen's computer, which has the card
sign origin, nonce and operation with the eID PIN (`docs/card-bridge.md`, kind
`authenticate`), and posts the token back. The card's authentication certificate,
issued by the trusted card issuer, names the ID card; the holder of that valid chip ID
card in the register is the person logging in.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.utils import timezone

from documents.models import Document, DocumentKind
from eszemelyi import audit
from eszemelyi.operations import card_issuer
from eszemelyi.tokens import TokenRefused, verify_token
from ugyfelkapu.errors import Refused
from ugyfelkapu.models import Account

CHALLENGE = "ugyfelkapu:card_challenge"
CHALLENGE_SECONDS = 5 * 60
KIND = "authenticate"


def issue_challenge(request) -> dict:
    """A new challenge for this session (replacing any earlier one): what the page
    hands to the bridge."""
    challenge = {
        "opId": str(uuid.uuid4()),
        "nonce": secrets.token_urlsafe(32),
        "expires": timezone.now().timestamp() + CHALLENGE_SECONDS,
    }
    request.session[CHALLENGE] = challenge
    return {"opId": challenge["opId"], "nonce": challenge["nonce"], "kind": KIND, "params": {}}


def _refuse(request, code: str, reason: str = "card_failed") -> Refused:
    audit.record("login.card_refused", code=code, request=request)
    return Refused(reason)


def authenticate_card(request, token) -> Account:
    """The account of the card's holder, or raise `Refused`. The challenge is used up
    whatever the outcome."""
    challenge = request.session.pop(CHALLENGE, None)
    if challenge is None:
        raise _refuse(request, "no_challenge", "card_timed_out")
    if timezone.now().timestamp() > challenge["expires"]:
        raise _refuse(request, "expired", "card_timed_out")
    try:
        verified = verify_token(
            token,
            origin=settings.UGYFELKAPU_CARD_ORIGIN,
            nonce=challenge["nonce"],
            op_id=challenge["opId"],
            kind=KIND,
            params={},
            issuer=card_issuer(),
        )
    except TokenRefused as refusal:
        raise _refuse(request, refusal.code) from None
    if verified.result.get("documentNumber") != verified.document_number:
        raise _refuse(request, "document_mismatch")
    card = (
        Document.objects.valid_on(timezone.localdate())
        .filter(kind=DocumentKind.ID_CARD, has_chip=True, number=verified.document_number)
        .select_related("holder")
        .first()
    )
    if card is None:
        raise _refuse(request, "card_not_valid", "card_not_valid")
    accounts = Account.objects.of_person(card.holder).filter(kind=Account.Kind.PERSONAL)
    # The person's first personal account that is still open (a closed one only if
    # there is nothing else, to say so).
    account = accounts.filter(is_active=True).first() or accounts.first()
    if account is None:
        raise _refuse(request, "no_account", "card_no_account")
    if not account.is_active:
        raise _refuse(request, "inactive", "inactive")
    if account.is_locked():
        raise _refuse(request, "locked", "locked")
    audit.record("login.card", code="ok", request=request, bridge_version=verified.app_version)
    return account
