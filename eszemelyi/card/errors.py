"""Typed card errors, each with the plain message the citizen sees (Hungarian first).

The bridge turns them into the error shape of docs/card-bridge.md section 6; `code`
and `http_status` are part of that contract. Importable without pyscard.
"""

from __future__ import annotations


class CardError(Exception):
    code = "card_error"
    http_status = 422
    hu = "A kártya nem hajtotta végre a műveletet."
    en = "The card refused the operation."

    def __init__(self, detail: str = "", *, sw: int | None = None):
        super().__init__(detail or self.en)
        self.sw = sw

    def messages(self) -> dict[str, str]:
        return {"hu": self.hu, "en": self.en}

    def as_json(self) -> dict:
        body: dict = {"code": self.code, "message": self.messages()}
        if self.sw is not None:
            body["sw"] = f"{self.sw:04X}"
        return body


class WrongPin(CardError):
    code = "wrong_pin"

    def __init__(self, tries_left: int, *, sw: int | None = None):
        super().__init__(f"wrong PIN, {tries_left} tries left", sw=sw)
        self.tries_left = tries_left

    def messages(self) -> dict[str, str]:
        return {
            "hu": f"Hibás PIN-kód. Még {self.tries_left} próbálkozási lehetősége van.",
            "en": f"Wrong PIN. {self.tries_left} tries left.",
        }

    def as_json(self) -> dict:
        return {**super().as_json(), "triesLeft": self.tries_left}


class WrongPuk(WrongPin):
    code = "wrong_puk"

    def messages(self) -> dict[str, str]:
        return {
            "hu": f"Hibás PUK-kód. Még {self.tries_left} próbálkozási lehetősége van.",
            "en": f"Wrong PUK. {self.tries_left} tries left.",
        }


class WrongCan(CardError):
    code = "wrong_can"
    hu = "Hibás CAN-szám. A hat számjegyű CAN a kártya előlapján található."
    en = "Wrong CAN. The six-digit CAN is printed on the front of the card."

    def __init__(self, tries_left: int | None = None, *, sw: int | None = None):
        super().__init__("wrong CAN", sw=sw)
        self.tries_left = tries_left

    def messages(self) -> dict[str, str]:
        if self.tries_left is None:
            return super().messages()
        return {
            "hu": f"{self.hu} Még {self.tries_left} próbálkozási lehetősége van.",
            "en": f"{self.en} {self.tries_left} tries left.",
        }

    def as_json(self) -> dict:
        body = super().as_json()
        if self.tries_left is not None:
            body["triesLeft"] = self.tries_left
        return body


class CanBlocked(CardError):
    code = "can_blocked"
    hu = "A CAN-szám túl sok hibás próbálkozás miatt letiltásra került. Forduljon kormányablakhoz."
    en = "The CAN is blocked after too many wrong tries. Please visit a government office."


class PinSuspended(CardError):
    code = "pin_suspended"
    hu = "Két hibás próbálkozás után adja meg a kártya előlapján található 6 jegyű CAN-számot is."
    en = "After two wrong tries, enter the six-digit CAN printed on the front of the card too."


class PinBlocked(CardError):
    code = "pin_blocked"
    hu = "A PIN-kód letiltásra került. A feloldáshoz adja meg a 10 karakteres PUK-kódot."
    en = "The PIN is blocked. Unblock it with the 10-character PUK."


class PukBlocked(CardError):
    code = "puk_blocked"
    hu = "A PUK-kód sem használható. Forduljon kormányablakhoz."
    en = "The PUK cannot be used either. Please visit a government office."


class NotActivated(CardError):
    code = "not_activated"
    hu = (
        "A PIN-kód még nincs aktiválva. Adja meg a zöld borítékban kapott "
        "5 jegyű aktiváló PIN-kódot."
    )
    en = "The PIN is not activated yet. Use the 5-digit activation PIN from the green envelope."


class AlreadyActivated(CardError):
    code = "already_activated"
    hu = "A PIN-kód már aktiválva van."
    en = "The PIN is already activated."


class AccessDenied(CardError):
    code = "access_denied"
    hu = "A kártya ehhez a művelethez nem adott hozzáférést."
    en = "The card denied access for this operation."


class NotFound(CardError):
    code = "not_found"
    hu = "A kért alkalmazás vagy adat nincs a kártyán."
    en = "The application or data is not on the card."


class BadCertificate(CardError):
    code = "bad_certificate"
    hu = "A tanúsítvány nem a kártyán előállított kulcshoz tartozik."
    en = "The certificate does not belong to the key generated on the card."


class PinMismatch(CardError):
    code = "pin_mismatch"
    hu = "A két új PIN-kód nem egyezik."
    en = "The two new PINs do not match."


class PinFormat(CardError):
    code = "pin_format"

    def __init__(self, what: str, length: int):
        super().__init__(f"{what} must be {length} characters")
        self.length = length

    def messages(self) -> dict[str, str]:
        return {
            "hu": f"A kódnak {self.length} számjegyből kell állnia.",
            "en": f"The code must have {self.length} digits.",
        }


class Cancelled(CardError):
    code = "cancelled"
    hu = "A PIN-kód megadása megszakadt. A kártyán nem történt változás."
    en = "PIN entry was cancelled. Nothing changed on the card."


# --- the card or reader is not there ------------------------------------------------
class EnvironmentProblem(CardError):
    http_status = 503


class NoService(EnvironmentProblem):
    code = "no_service"
    hu = "Az intelligenskártya-szolgáltatás nem fut."
    en = "The smart card service is not running."


class NoReader(EnvironmentProblem):
    code = "no_reader"
    hu = "Csatlakoztasson kártyaolvasót."
    en = "Please connect a card reader."


class NoCard(EnvironmentProblem):
    code = "no_card"
    hu = "Helyezze be az eSzemélyit a kártyaolvasóba."
    en = "Please insert your eID card into the reader."


class MultipleCards(EnvironmentProblem):
    code = "multiple_cards"
    hu = "Csak egy kártyát helyezzen be."
    en = "Please insert only one card."


class UnknownCard(EnvironmentProblem):
    code = "unknown_card"
    hu = "A behelyezett kártya nem eSzemélyi, vagy nem támogatott."
    en = "The inserted card is not a supported eID card."


class CardRemoved(EnvironmentProblem):
    code = "card_removed"
    hu = "A kártyát kivették a művelet közben. Helyezze vissza, és kezdje újra."
    en = "The card was removed during the operation. Insert it and start again."


class ReaderGone(EnvironmentProblem):
    code = "reader_gone"
    hu = "A kártyaolvasó a művelet közben elérhetetlenné vált."
    en = "The card reader disappeared during the operation."


class SharingViolation(CardError):
    code = "sharing_violation"
    http_status = 409
    hu = "Egy másik program használja a kártyát. Zárja be, és próbálja újra."
    en = "Another program is using the card. Close it and try again."


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
