"""A dependency-free client for the vpcd virtual reader (Debian `vsmartcard-vpcd`).

vpcd is a pcscd reader driver that listens on TCP; a virtual card connects to it, which
pcscd sees as a card insertion (closing the connection is a removal). Every message
either way is a 2-byte big-endian length plus a payload. A 1-byte payload from vpcd is a
control code (0 power off, 1 power on, 2 reset, 4 send the ATR); anything longer is an
APDU, answered with the response APDU. That is the whole protocol.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time

from sandbox.vcard.cardos import ATR, REMOVED, CardOS

log = logging.getLogger(__name__)

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


class VpcdCard:
    """Connects a CardOS to vpcd and answers until stopped or "removed"."""

    def __init__(
        self,
        card: CardOS,
        host: str = "127.0.0.1",
        port: int = 35963,
        on_change=None,
        atr: bytes = ATR,
    ):
        self.card, self.atr = card, atr
        self.host, self.port = host, port
        self.on_change = on_change  # called after each APDU (persistence)
        self._sock: socket.socket | None = None
        self._stop = threading.Event()
        self.connected = threading.Event()

    # --- connection -----------------------------------------------------------------
    def connect(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2)
                break
            except OSError:
                # vpcd only listens once pcscd has loaded the driver.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self.connected.set()

    def remove(self) -> None:
        """Pull the card out: pcscd sees the reader empty."""
        sock, self._sock = self._sock, None
        self.connected.clear()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.card.reset()

    def stop(self) -> None:
        self._stop.set()
        self.remove()

    # --- wire ----------------------------------------------------------------------------
    def _recv_exact(self, sock: socket.socket, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            # Delayed ACK on our side plus Nagle on vpcd's costs ~40 ms per APDU;
            # re-arming QUICKACK before each read brings it to ~0.1 ms.
            if hasattr(socket, "TCP_QUICKACK"):
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            try:
                chunk = sock.recv(size - len(data))
            except OSError:
                return None
            if not chunk:
                return None
            data += chunk
        return data

    def _send(self, sock: socket.socket, payload: bytes) -> None:
        sock.sendall(len(payload).to_bytes(2, "big") + payload)

    def serve_once(self) -> bool:
        """Handle one message; False when the connection is gone."""
        sock = self._sock
        if sock is None:
            return False
        header = self._recv_exact(sock, 2)
        if header is None:
            return False
        payload = self._recv_exact(sock, int.from_bytes(header, "big"))
        if payload is None:
            return False
        if len(payload) == 1:
            code = payload[0]
            if code in (POWER_OFF, POWER_ON, RESET):
                self.card.reset()
            elif code == GET_ATR:
                self._send(sock, self.atr)
            return True
        answer = self.card.process(payload)
        if answer is REMOVED:
            log.info("fault injection: card removed before answering")
            self.remove()
            return False
        try:
            self._send(sock, answer)
        except OSError:
            return False
        if self.on_change is not None:
            self.on_change()
        return True

    def run(self, *, reconnect: bool = False) -> None:
        """Serve until stop(). After a removal wait to be re-inserted, or with
        `reconnect` insert again by itself (a restarted pcscd, a card process that lives
        on its own)."""
        while not self._stop.is_set():
            if self._sock is None:
                if reconnect:
                    with contextlib.suppress(OSError):
                        self.connect(timeout=1.0)
                    if self._sock is None:
                        self._stop.wait(0.5)
                else:
                    self.connected.wait(0.1)
                continue
            if not self.serve_once() and self._sock is not None:
                self.remove()

    def insert(self, timeout: float = 10.0) -> None:
        if self._sock is None:
            self.connect(timeout)
