"""PC/SC transport over pyscard's low-level API: readers, exclusive connection, transmit.

The low-level API (`smartcard.scard`) gives the exact PC/SC result codes, which map to
the typed errors, and lets every context be released explicitly (pyscard's high-level
objects release theirs in `__del__`, which warns once pcscd is gone). pyscard reads
PCSCLITE_CSOCK_NAME once per process, so tests set it before the first call here.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from eszemelyi.card import errors
from eszemelyi.card.profile import CardProfile, profile_for_atr

log = logging.getLogger(__name__)


def _scard():
    # Imported on first use: the portal imports eszemelyi.card.errors without pyscard.
    from smartcard import scard

    return scard


@dataclass(frozen=True)
class ReaderState:
    name: str
    present: bool
    atr: bytes


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == 0x9000


@dataclass(frozen=True)
class TraceEntry:
    """One APDU round trip as logged: instruction and status word, never data."""

    cla: int
    ins: int
    sw: int
    ms: float

    def __str__(self) -> str:
        return f"{self.cla:02X} {self.ins:02X} -> {self.sw:04X} ({self.ms:.1f} ms)"


def _raise_for(hresult: int, what: str) -> None:
    s = _scard()
    if hresult == s.SCARD_S_SUCCESS:
        return
    mapping = {
        s.SCARD_E_NO_SERVICE: errors.NoService,
        s.SCARD_E_SERVICE_STOPPED: errors.NoService,
        s.SCARD_E_NO_READERS_AVAILABLE: errors.NoReader,
        s.SCARD_W_REMOVED_CARD: errors.CardRemoved,
        s.SCARD_E_NO_SMARTCARD: errors.CardRemoved,
        s.SCARD_W_RESET_CARD: errors.CardRemoved,
        s.SCARD_E_READER_UNAVAILABLE: errors.ReaderGone,
        s.SCARD_E_UNKNOWN_READER: errors.ReaderGone,
        s.SCARD_E_SHARING_VIOLATION: errors.SharingViolation,
        s.SCARD_W_UNRESPONSIVE_CARD: errors.UnknownCard,
        s.SCARD_W_UNPOWERED_CARD: errors.CardRemoved,
    }
    error = mapping.get(hresult)
    if error is None:
        raise errors.CardError(f"{what}: {s.SCardGetErrorMessage(hresult)}")
    raise error(f"{what}: {s.SCardGetErrorMessage(hresult)}")


class Context:
    """A PC/SC context; use as a context manager."""

    def __init__(self) -> None:
        s = _scard()
        hresult, self.handle = s.SCardEstablishContext(s.SCARD_SCOPE_USER)
        _raise_for(hresult, "establish context")

    def close(self) -> None:
        if self.handle is not None:
            _scard().SCardReleaseContext(self.handle)
            self.handle = None

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def readers(self) -> list[str]:
        s = _scard()
        hresult, names = s.SCardListReaders(self.handle, [])
        if hresult == s.SCARD_E_NO_READERS_AVAILABLE:
            return []
        _raise_for(hresult, "list readers")
        return list(names)

    def reader_states(self) -> list[ReaderState]:
        s = _scard()
        names = self.readers()
        if not names:
            return []
        hresult, states = s.SCardGetStatusChange(
            self.handle, 0, [(name, s.SCARD_STATE_UNAWARE) for name in names]
        )
        if hresult == s.SCARD_E_TIMEOUT:
            hresult = s.SCARD_S_SUCCESS
        _raise_for(hresult, "reader status")
        return [
            ReaderState(name, bool(event & s.SCARD_STATE_PRESENT), bytes(atr))
            for name, event, atr in states
        ]

    def find_card(self) -> tuple[str, bytes, CardProfile]:
        """The one reader holding a supported card, or a typed error saying why not."""
        states = self.reader_states()
        if not states:
            raise errors.NoReader()
        with_card = [state for state in states if state.present]
        if not with_card:
            raise errors.NoCard()
        known = [(st, profile_for_atr(st.atr)) for st in with_card if profile_for_atr(st.atr)]
        if len(known) > 1:
            raise errors.MultipleCards()
        if not known:
            raise errors.UnknownCard()
        state, profile = known[0]
        return state.name, state.atr, profile


class Connection:
    """An exclusive connection to the card in one reader.

    Exclusive because the card's security state (verified PIN, secure channel) belongs
    to this connection: other middleware must not interleave commands, and pcscd
    powers the card down after the last handle closes, which clears that state.
    """

    def __init__(self, context: Context, reader: str):
        s = _scard()
        self.context, self.reader = context, reader
        self.trace: list[TraceEntry] = []
        hresult, self.handle, self.protocol = s.SCardConnect(
            context.handle,
            reader,
            s.SCARD_SHARE_EXCLUSIVE,
            s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1,
        )
        _raise_for(hresult, "connect")

    def close(self) -> None:
        if self.handle is not None:
            s = _scard()
            # Reset on the way out: nothing verified in this operation outlives it.
            s.SCardDisconnect(self.handle, s.SCARD_RESET_CARD)
            self.handle = None

    def _diagnose(self, hresult: int) -> None:
        """Transmit failed: say whether the card or the reader went away.

        pcscd notices a removal only at its next poll of the reader (about 400 ms),
        so a failed transmit waits up to a second for the reader state to settle.
        """
        s = _scard()
        deadline = time.monotonic() + 1.0
        while True:
            try:
                states = {st.name: st for st in self.context.reader_states()}
            except errors.CardError:
                break
            if self.reader not in states:
                raise errors.ReaderGone("reader disappeared during transmit")
            if not states[self.reader].present:
                raise errors.CardRemoved("card removed during transmit")
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        log.info("transmit failed: %s", s.SCardGetErrorMessage(hresult))
        _raise_for(hresult, "transmit")

    def transmit_raw(self, apdu: bytes) -> Response:
        s = _scard()
        if self.handle is None:
            raise errors.CardRemoved("connection closed")
        started = time.perf_counter()
        hresult, answer = s.SCardTransmit(self.handle, self.protocol, list(apdu))
        if hresult != s.SCARD_S_SUCCESS or len(answer) < 2:
            self._diagnose(hresult)
            raise errors.CardError("card returned no valid response")
        answer = bytes(answer)
        response = Response(answer[:-2], int.from_bytes(answer[-2:], "big"))
        entry = TraceEntry(apdu[0], apdu[1], response.sw, (time.perf_counter() - started) * 1000)
        self.trace.append(entry)
        log.debug("apdu %s", entry)
        return response

    def transmit(self, apdu: bytes) -> Response:
        """Send one APDU; follow 61xx with GET RESPONSE and re-send on 6Cxx with Le."""
        response = self.transmit_raw(apdu)
        if response.sw & 0xFF00 == 0x6C00:
            response = self.transmit_raw(_with_le(apdu, response.sw & 0xFF))
        data = response.data
        while response.sw & 0xFF00 == 0x6100:
            response = self.transmit_raw(bytes([apdu[0] & 0x03, 0xC0, 0, 0, response.sw & 0xFF]))
            data += response.data
        return Response(data, response.sw)


def _with_le(apdu: bytes, le: int) -> bytes:
    header, body = apdu[:4], apdu[4:]
    if len(body) <= 1:
        return header + bytes([le])
    lc = body[0]
    return header + body[: 1 + lc] + bytes([le])
