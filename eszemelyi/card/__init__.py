"""The card command layer: ISO 7816-4 over PC/SC (pyscard) for the eSzemélyi.

`open_card()` finds the one supported card, connects exclusively and yields an
`EszemelyiCard`; errors are the typed ones in `eszemelyi.card.errors`. pyscard is
imported only when a card is actually opened (it is the optional `[card]` extra).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from eszemelyi.card.errors import CardError


@contextmanager
def open_card(reader: str | None = None) -> Iterator[EszemelyiCard]:  # noqa: F821
    from eszemelyi.card.commands import EszemelyiCard
    from eszemelyi.card.pcsc import Connection, Context
    from eszemelyi.card.profile import profile_for_atr

    with Context() as context:
        if reader is None:
            reader, _atr, profile = context.find_card()
        else:
            states = {state.name: state for state in context.reader_states()}
            if reader not in states:
                from eszemelyi.card.errors import ReaderGone

                raise ReaderGone()
            profile = profile_for_atr(states[reader].atr)
            if profile is None:
                from eszemelyi.card.errors import NoCard, UnknownCard

                raise NoCard() if not states[reader].present else UnknownCard()
        connection = Connection(context, reader)
        try:
            yield EszemelyiCard(connection, profile)
        finally:
            connection.close()


__all__ = ["CardError", "open_card"]
