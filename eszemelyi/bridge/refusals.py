"""Requests the bridge refuses before the card is touched (docs/card-bridge.md section 6).

The page shows `message[lang]` as it is, so every code says in plain words what went
wrong, in Hungarian and English. Most of these are only ever seen by a developer whose
page or client is wrong; the citizen sees `busy`, `timeout` and the step refusals.
"""

from __future__ import annotations

from eszemelyi.bridge import CATALOGUE
from eszemelyi.card import errors
from eszemelyi.card.i18n import N_

# code -> (HTTP status, the message in English, which is also the msgid of its Hungarian
# in locale/hu/LC_MESSAGES/bridge.po)
REFUSALS: dict[str, tuple[int, str]] = {
    "bad_request": (400, N_("The card bridge could not read the request.")),
    "bad_length": (
        400,
        N_(
            "A request gives its length in one Content-Length of plain digits (no "
            "Transfer-Encoding), and its body has that many bytes."
        ),
    ),
    "too_deep": (400, N_("The request's JSON is nested too deeply.")),
    "duplicate_header": (400, N_("The request repeats a header that may appear only once.")),
    "bad_nonce": (
        400,
        N_("The portal's one-time code in the request is malformed. Please start again."),
    ),
    "unknown_kind": (400, N_("The card bridge does not know this operation.")),
    "bad_params": (400, N_("The operation's data is invalid, so nothing was sent to the card.")),
    "apdu_not_allowed": (400, N_("The card bridge does not relay this card command.")),
    "origin_not_allowed": (403, N_("This website may not use the card bridge.")),
    "unknown_operation": (
        404,
        N_("This card operation is not running (it ended or was cancelled)."),
    ),
    "unknown_path": (404, N_("The card bridge has no such address.")),
    "method_not_allowed": (405, N_("The card bridge accepts only GET, POST and OPTIONS requests.")),
    "busy": (409, N_("Another card operation is still running. Wait for it to end or cancel it.")),
    "not_gp_operation": (409, N_("This operation does not relay card commands.")),
    "step_not_expected": (
        409,
        N_(
            "The operation is not waiting for card commands now (it may still be asking "
            "for the PIN)."
        ),
    ),
    "too_large": (413, N_("The request is too large.")),
    "unsupported_media_type": (415, N_("The card bridge accepts JSON requests only.")),
    "host_not_allowed": (
        421,
        N_("The request is not addressed to the card bridge's local address."),
    ),
    "timeout": (504, N_("The card operation waited too long and was stopped. Please start again.")),
    "internal": (500, N_("The card bridge failed. Nothing is known about the card.")),
}


class Refused(errors.CardError):
    """The request is refused before the card is touched (or, for `timeout`, after it
    was released)."""

    catalogue = CATALOGUE

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.http_status, self.text = REFUSALS[code]
