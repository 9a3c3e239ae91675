"""What the citizen reads when the portal refuses a card result, and the page's own texts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REFUSALS = {
    "unknown_operation": _("This card operation does not exist or is not yours."),
    "wrong_session": _(
        "This card operation was started in another browser window or login. Please start "
        "it again here."
    ),
    "wrong_nonce": _("The card's answer belongs to another operation. Please start again."),
    "already_used": _(
        "This card answer was already used once and cannot be used again. Please start again."
    ),
    "expired": _("The five minutes for this card operation ran out. Please start again."),
    "bad_format": _("The card bridge's answer could not be read. Please start again."),
    "foreign_origin": _(
        "The card's answer was made for another website, not for this portal. It was refused."
    ),
    "wrong_operation": _("The card's answer is for another operation. It was refused."),
    "params_mismatch": _(
        "The card's answer does not match the data you gave here: it may have been altered. "
        "It was refused."
    ),
    "state_mismatch": _(
        "What was read back from the card does not match what was to be written. Nothing "
        "was recorded; please start again."
    ),
    "unsigned": _("The card's answer carries no card signature. It was refused."),
    "bad_algorithm": _("The card's signature is of an unknown kind. It was refused."),
    "bad_key": _("The card's key could not be read. It was refused."),
    "untrusted_certificate": _(
        "The card's certificate was not issued by the ID card issuer. It was refused."
    ),
    "no_card_issuer": _(
        "The portal cannot check card answers at the moment. Please try again later or call 1818."
    ),
    "certificate_expired": _("The card's certificate is not valid now. It was refused."),
    "key_mismatch": _("The card's key does not match its certificate. It was refused."),
    "bad_signature": _(
        "The card's signature does not match the answer: it may have been altered. It was refused."
    ),
    "not_your_card": _(
        "This card is not your valid chip ID card in the register. Please use your own card."
    ),
    "wrong_card": _(
        "This is not the card connected to your account. Please use the card you used before."
    ),
    "not_completed": _("The card did not carry out the whole operation. Please start again."),
    "superseded": _("You started another card operation, so this one was cancelled."),
    "cancelled": _("You cancelled the card operation."),
    "gp_failed": _(
        "The card did not accept the portal's secure channel. Nothing was installed; please "
        "start again."
    ),
    "nek_already_installed": _(
        "The NEK applet is already on your card. Choose “Update” to replace it with the "
        "current version."
    ),
    "nek_not_installed": _(
        "The NEK applet is not on your card yet, so there is nothing to update. Choose “Install”."
    ),
    "transcript_mismatch": _(
        "The card's answers relayed by the page do not match what the card signed. It was refused."
    ),
}

FALLBACK = _("The card operation could not be completed. Please start again.")


def refusal_text(code: str) -> str:
    return str(REFUSALS.get(code, FALLBACK))
