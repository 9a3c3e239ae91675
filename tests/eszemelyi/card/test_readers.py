"""Reader events through pcscd: a second card, an unknown card, a real removal."""

from __future__ import annotations

import pytest

from eszemelyi.card import errors, open_card
from tests.eszemelyi.conftest import VirtualCard, make_state

pytestmark = pytest.mark.pcsc


@pytest.fixture
def second_slot(pcsc_stack, vcard):
    cards = []

    def insert(**kwargs):
        card = VirtualCard(pcsc_stack, slot=1, state=make_state("active"))
        if "atr" in kwargs:
            card.client.atr = kwargs["atr"]
        card.insert()
        cards.append(card)
        return card

    yield insert
    for card in cards:
        card.remove()
        card.stop()


def test_two_eid_cards_are_refused(second_slot):
    second_slot()
    with pytest.raises(errors.MultipleCards), open_card():
        pass


def test_an_unknown_card_beside_ours_is_ignored_and_alone_is_refused(second_slot, vcard):
    second_slot(atr=bytes.fromhex("3b8f8001804f0ca000000306030001000000006a"))
    with open_card() as card:
        assert card.connection.reader.endswith("00 00")
    vcard.remove()
    with pytest.raises(errors.UnknownCard), open_card():
        pass


def test_removal_and_reinsertion_are_seen(vcard):
    vcard.remove()
    with pytest.raises(errors.NoCard), open_card():
        pass
    vcard.insert()
    with open_card() as card:
        assert card.read_card_info()["documentNumber"] == "700001AE"
