"""Test cards of the emulator's payment page.

The bank's sandbox offers a drop-down of test cards and documents no numbers;
here the citizen types a number, so each outcome has one. All numbers pass the
Luhn check. Any other valid number is declined with 2071 (wrong card data /
card does not exist), as only test cards work in the bank's sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Outcome(StrEnum):
    SUCCESS = "success"
    DECLINE = "decline"
    # The issuer never answers: the transaction stays INIT until its timeout.
    HOLD = "hold"
    CHALLENGE = "challenge"
    # Authorized (back SUCCESS), then fraud screening says FRAUD: no IPN.
    FRAUD = "fraud"


class IpnBehaviour(StrEnum):
    NORMAL = "normal"
    # The back redirect happens, the IPN waits for a manual send on /sandbox/simplepay/.
    WITHHELD = "withheld"
    # Every IPN of the transaction is delivered twice.
    TWICE = "twice"


@dataclass(frozen=True)
class Card:
    number: str
    outcome: Outcome
    label: str
    result_code: int = 0
    ipn: IpnBehaviour = IpnBehaviour.NORMAL
    # Refunds answer 5029 (bank background processing still running).
    refund_blocked: bool = False


# 3-D Secure simulator codes of the bank's sandbox.
CHALLENGE_PASS = "1234"
CHALLENGE_FAIL = "1111"
# Back `r` when the 3-D Secure check fails: general 3DS error.
CHALLENGE_FAILED_CODE = 3000
# Back `r` of a number that is no test card: wrong card data / card does not exist.
UNKNOWN_CARD_CODE = 2071

CARDS: tuple[Card, ...] = (
    Card("4908366099900425", Outcome.SUCCESS, _("Successful payment")),
    Card("4000000000000028", Outcome.DECLINE, _("Declined: insufficient funds"), result_code=2013),
    Card("4000000000000036", Outcome.DECLINE, _("Declined: card inactive"), result_code=2063),
    Card("4000000000000044", Outcome.DECLINE, _("Declined: wrong card data"), result_code=2071),
    Card("4000000000000051", Outcome.DECLINE, _("Declined: invalid CVC"), result_code=2077),
    Card(
        "4000000000000069",
        Outcome.HOLD,
        _("No answer from the bank: the payment times out at its deadline"),
    ),
    Card(
        "4000000000000077",
        Outcome.CHALLENGE,
        _("3-D Secure check: code 1234 passes, 1111 fails"),
    ),
    Card(
        "4000000000000085",
        Outcome.FRAUD,
        _("Authorized, then stopped by fraud screening (no IPN)"),
    ),
    Card(
        "4000000000000093",
        Outcome.SUCCESS,
        _("Successful payment, IPN held back until sent by hand"),
        ipn=IpnBehaviour.WITHHELD,
    ),
    Card(
        "5555555555554402",
        Outcome.SUCCESS,
        _("Successful payment, every IPN sent twice"),
        ipn=IpnBehaviour.TWICE,
    ),
    Card(
        "5400000000000005",
        Outcome.SUCCESS,
        _("Successful payment, refunds refused for now (5029)"),
        refund_blocked=True,
    ),
)
_BY_NUMBER = {card.number: card for card in CARDS}


def normalize(number: str) -> str:
    return "".join(number.split()).replace("-", "")


def luhn_valid(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_for(number: str) -> Card:
    """The test card with this (normalized, Luhn-valid) number, or a card
    that declines with 2071."""
    return _BY_NUMBER.get(number) or Card(
        number, Outcome.DECLINE, _("Not a test card"), result_code=UNKNOWN_CARD_CODE
    )


def card_behaviour(key: str) -> Card | None:
    """The test card a transaction was paid with, by its stored number."""
    return _BY_NUMBER.get(key)


def grouped(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
