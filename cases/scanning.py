"""A small client of the ClamAV daemon (`clamd`): its INSTREAM command.

The file is sent over clamd's Unix or TCP socket in length-prefixed chunks and
clamd answers one line: `stream: OK`, `stream: <signature> FOUND` or
`<reason> ERROR`. Every call has a deadline; failures are typed so callers
know whether trying again later can help:

- `ScannerUnavailable` (retryable): nothing answered, the connection was
  refused or dropped, or the answer did not come in time.
- `ScanFailed` (final): clamd answered that it could not scan this file (for
  example because it is over clamd's `StreamMaxLength`); the same file will
  fail again.

The package `clamd` on PyPI is unmaintained, and the protocol is this small.
Nothing about the file's owner is logged here.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

CHUNK_BYTES = 64 * 1024
MAX_REPLY_BYTES = 4096


class ScanError(Exception):
    retryable = False


class ScannerUnavailable(ScanError):
    retryable = True


class ScanFailed(ScanError):
    pass


@dataclass(frozen=True)
class Verdict:
    """What clamd found: the name of the signature that matched, or nothing."""

    signature: str | None = None

    @property
    def infected(self) -> bool:
        return self.signature is not None


def parse_address(address: str) -> str | tuple[str, int]:
    """A socket path from `unix:/run/clamav/clamd.ctl` or `/run/clamav/clamd.ctl`;
    (host, port) from `tcp://host:3310`."""
    if address.startswith("unix:"):
        path = address.removeprefix("unix:")
        return "/" + path.lstrip("/") if path.startswith("//") else path
    if address.startswith("/"):
        return address
    if address.startswith("tcp://"):
        parts = urlsplit(address)
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.hostname and port:
            return parts.hostname, port
    raise ValueError(f"clamd address must be unix:/path, /path or tcp://host:port, got {address!r}")


class Clamd:
    """One clamd daemon. Each call opens its own connection (clamd's default)."""

    def __init__(self, address: str, *, timeout: float = 30.0, connect_timeout: float = 5.0):
        self.address = address
        self.endpoint = parse_address(address)
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)

    def ping(self) -> None:
        """Return when clamd answers PONG; raise `ScannerUnavailable` otherwise."""
        reply = self._exchange([b"zPING\0"])
        if reply != "PONG":
            raise ScannerUnavailable(f"clamd answered {reply!r} to PING")

    def scan(self, data: bytes | Iterable[bytes]) -> Verdict:
        """Scan the bytes (or an iterable of byte chunks) through INSTREAM."""
        chunks = _chunked([data] if isinstance(data, bytes | bytearray) else data)
        reply = self._exchange(_instream(chunks))
        # "stream: OK", "stream: Eicar-Test-Signature FOUND", "... ERROR"
        if reply.endswith(" ERROR"):
            raise ScanFailed(reply.removesuffix(" ERROR").strip())
        label, _, result = reply.partition(": ")
        if label != "stream":
            raise ScanFailed(f"unexpected reply {reply[:200]!r}")
        if result == "OK":
            return Verdict()
        if result.endswith(" FOUND") and len(result) > len(" FOUND"):
            return Verdict(signature=result.removesuffix(" FOUND"))
        raise ScanFailed(f"unexpected reply {reply[:200]!r}")

    def _exchange(self, messages: Iterable[bytes]) -> str:
        deadline = time.monotonic() + self.timeout
        try:
            sock = self._connect()
        except OSError as error:  # missing socket file, refused, timed out
            raise ScannerUnavailable(f"cannot reach clamd at {self.address}: {error}") from error
        with sock:
            sent_all = True
            try:
                for message in messages:
                    sock.settimeout(_remaining(deadline))
                    sock.sendall(message)
            except TimeoutError as error:
                raise ScannerUnavailable("clamd did not take the file in time") from error
            except OSError:
                # clamd closes the stream early when it refuses it (over its size
                # limit); its reason is still waiting to be read.
                sent_all = False
            reply = self._reply(sock, deadline)
        if not reply and not sent_all:
            raise ScannerUnavailable("clamd closed the connection while the file was sent")
        if not reply:
            raise ScannerUnavailable("clamd closed the connection without an answer")
        return reply

    def _connect(self) -> socket.socket:
        if isinstance(self.endpoint, tuple):
            return socket.create_connection(self.endpoint, timeout=self.connect_timeout)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.connect_timeout)
            sock.connect(self.endpoint)
        except OSError:
            sock.close()
            raise
        return sock

    def _reply(self, sock: socket.socket, deadline: float) -> str:
        received = b""
        try:
            while not received.endswith(b"\0") and len(received) < MAX_REPLY_BYTES:
                sock.settimeout(_remaining(deadline))
                chunk = sock.recv(MAX_REPLY_BYTES)
                if not chunk:
                    break
                received += chunk
        except TimeoutError as error:
            raise ScannerUnavailable("clamd did not answer in time") from error
        except OSError:
            pass  # a reset after the answer (or instead of it): judged by what arrived
        return received.rstrip(b"\0\n").decode("utf-8", "replace")


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _chunked(pieces: Iterable[bytes]) -> Iterable[bytes]:
    for piece in pieces:
        for start in range(0, len(piece), CHUNK_BYTES):
            yield bytes(piece[start : start + CHUNK_BYTES])


def _instream(chunks: Iterable[bytes]) -> Iterable[bytes]:
    # The "z" prefix makes clamd end its reply with NUL instead of a newline.
    yield b"zINSTREAM\0"
    for chunk in chunks:
        if chunk:
            yield struct.pack(">I", len(chunk)) + chunk
    yield struct.pack(">I", 0)


def from_settings() -> Clamd:
    return Clamd(settings.CLAMD_ADDRESS, timeout=settings.CLAMD_TIMEOUT_SECONDS)
