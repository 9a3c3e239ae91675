"""Typed card errors, each with the plain message the citizen sees.

The bridge turns them into the error shape of docs/card-bridge.md section 6; `code`
and `http_status` are part of that contract. Importable without pyscard. `text` is the
English message and the msgid of its Hungarian in locale/hu/LC_MESSAGES/card.po
(see `eszemelyi.card.i18n`).
"""

from __future__ import annotations

from pathlib import Path

from eszemelyi.card.i18n import N_, Catalogue

CATALOGUE = Catalogue("card", Path(__file__).resolve().parent)


class CardError(Exception):
    code = "card_error"
    http_status = 422
    text = N_("The card refused the operation.")
    catalogue = CATALOGUE

    def __init__(self, detail: str = "", *, sw: int | None = None):
        super().__init__(detail or self.text)
        self.sw = sw

    def messages(self) -> dict[str, str]:
        """The message in Hungarian and in English: the page shows the one it needs."""
        return self.catalogue.both(self.text)

    def as_json(self) -> dict:
        body: dict = {"code": self.code, "message": self.messages()}
        if self.sw is not None:
            body["sw"] = f"{self.sw:04X}"
        return body


class WrongPin(CardError):
    code = "wrong_pin"
    text = N_("Wrong PIN. %(tries_left)s tries left.")

    def __init__(self, tries_left: int, *, sw: int | None = None):
        super().__init__(f"wrong PIN, {tries_left} tries left", sw=sw)
        self.tries_left = tries_left

    def messages(self) -> dict[str, str]:
        return self.catalogue.both(self.text, tries_left=self.tries_left)

    def as_json(self) -> dict:
        return {**super().as_json(), "triesLeft": self.tries_left}


class WrongPuk(WrongPin):
    code = "wrong_puk"
    text = N_("Wrong PUK. %(tries_left)s tries left.")


class WrongCan(CardError):
    code = "wrong_can"
    text = N_("Wrong CAN. The six-digit CAN is printed on the front of the card.")

    def __init__(self, tries_left: int | None = None, *, sw: int | None = None):
        super().__init__("wrong CAN", sw=sw)
        self.tries_left = tries_left

    def messages(self) -> dict[str, str]:
        if self.tries_left is None:
            return super().messages()
        return self.catalogue.both(
            N_(
                "Wrong CAN. The six-digit CAN is printed on the front of the card. "
                "%(tries_left)s tries left."
            ),
            tries_left=self.tries_left,
        )

    def as_json(self) -> dict:
        body = super().as_json()
        if self.tries_left is not None:
            body["triesLeft"] = self.tries_left
        return body


class CanBlocked(CardError):
    code = "can_blocked"
    text = N_("The CAN is blocked after too many wrong tries. Please visit a government office.")


class PinSuspended(CardError):
    code = "pin_suspended"
    text = N_(
        "After two wrong tries, enter the six-digit CAN printed on the front of the card too."
    )


class PinBlocked(CardError):
    code = "pin_blocked"
    text = N_("The PIN is blocked. Unblock it with the 10-character PUK.")


class PukBlocked(CardError):
    code = "puk_blocked"
    text = N_("The PUK cannot be used either. Please visit a government office.")


class NotActivated(CardError):
    code = "not_activated"
    text = N_(
        "The PIN is not activated yet. Use the 5-digit activation PIN from the green envelope."
    )


class AlreadyActivated(CardError):
    code = "already_activated"
    text = N_("The PIN is already activated.")


class AccessDenied(CardError):
    code = "access_denied"
    text = N_("The card denied access for this operation.")


class NotFound(CardError):
    code = "not_found"
    text = N_("The application or data is not on the card.")


class BadCertificate(CardError):
    code = "bad_certificate"
    text = N_("The certificate does not belong to the key generated on the card.")


class PinMismatch(CardError):
    code = "pin_mismatch"
    text = N_("The two new PINs do not match.")


class PinFormat(CardError):
    code = "pin_format"
    text = N_("The code must have %(length)s digits.")

    def __init__(self, what: str, length: int):
        super().__init__(f"{what} must be {length} characters")
        self.length = length

    def messages(self) -> dict[str, str]:
        return self.catalogue.both(self.text, length=self.length)


class Cancelled(CardError):
    code = "cancelled"
    text = N_("PIN entry was cancelled. Nothing changed on the card.")


# --- the card or reader is not there ------------------------------------------------
class EnvironmentProblem(CardError):
    http_status = 503


class NoService(EnvironmentProblem):
    code = "no_service"
    text = N_("The smart card service is not running.")


class NoReader(EnvironmentProblem):
    code = "no_reader"
    text = N_("Please connect a card reader.")


class NoCard(EnvironmentProblem):
    code = "no_card"
    text = N_("Please insert your eID card into the reader.")


class MultipleCards(EnvironmentProblem):
    code = "multiple_cards"
    text = N_("Please insert only one card.")


class UnknownCard(EnvironmentProblem):
    code = "unknown_card"
    text = N_("The inserted card is not a supported eID card.")


class CardRemoved(EnvironmentProblem):
    code = "card_removed"
    text = N_("The card was removed during the operation. Insert it and start again.")


class ReaderGone(EnvironmentProblem):
    code = "reader_gone"
    text = N_("The card reader disappeared during the operation.")


class SharingViolation(CardError):
    code = "sharing_violation"
    http_status = 409
    text = N_("Another program is using the card. Close it and try again.")


def error_for_sw(sw: int, *, pin_kind: str = "pin") -> CardError | None:
    """Map a status word to a typed error; None for success."""
    if sw == 0x9000:
        return None
    if pin_kind == "can":
        # The CAN has its own retry counter (63Cx); 6300 is a card that keeps none.
        if sw & 0xFFF0 == 0x63C0:
            return WrongCan(sw & 0x0F, sw=sw)
        if sw == 0x6300:
            return WrongCan(sw=sw)
        if sw == 0x6983:
            return CanBlocked(sw=sw)
    if sw & 0xFFF0 == 0x63C0:
        tries = sw & 0x0F
        return WrongPuk(tries, sw=sw) if pin_kind == "puk" else WrongPin(tries, sw=sw)
    if sw == 0x6983:
        return PukBlocked(sw=sw) if pin_kind == "puk" else PinBlocked(sw=sw)
    if sw == 0x6984:
        return NotActivated(sw=sw)
    if sw == 0x6985 and pin_kind == "pin":
        return PinSuspended(sw=sw)
    if sw == 0x6982:
        return AccessDenied(sw=sw)
    if sw in (0x6A82, 0x6A88):
        return NotFound(sw=sw)
    return CardError(f"card answered {sw:04X}", sw=sw)
