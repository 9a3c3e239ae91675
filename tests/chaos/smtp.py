"""An SMTP server in the test process that records what it accepted, and can stall.

A message counts as delivered only when the server answered 250 to its end of data,
as a real mail server takes responsibility for it only then. While `stalling` is
set, the server holds up to `stall_budget` messages at their end of data without an
answer (a slow or hung mail server): the worker sending one is then in the middle of
it, and a worker killed there has delivered nothing.
"""

from __future__ import annotations

import select
import socket
import socketserver
import threading
from collections import Counter
from email import message_from_bytes


class Sink:
    def __init__(self) -> None:
        self.delivered: Counter = Counter()  # X-Portal-Notification -> times accepted
        self.stalling = False
        self.stall_budget = 0
        self.stalled = 0  # messages held right now
        self.dropped = 0  # held messages whose sender went away
        self.lock = threading.Lock()
        self.resume = threading.Event()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 120

            def handle(self) -> None:
                sink._session(self.connection, self.rfile, self.wfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.resume.set()
        self.server.shutdown()
        self.server.server_close()

    def release(self) -> None:
        """Stop stalling: held messages whose sender is still there are accepted."""
        with self.lock:
            self.stalling = False
        self.resume.set()

    def _hold(self) -> bool:
        with self.lock:
            if not self.stalling or self.stalled >= self.stall_budget:
                return False
            self.stalled += 1
            return True

    def _wait_for_release(self, connection: socket.socket) -> bool:
        """Hold until released; True when the sender went away meanwhile (a sender
        waiting for our answer sends nothing, so a readable socket means closed)."""
        while not self.resume.wait(0.2):
            try:
                readable, _, _ = select.select([connection], [], [], 0)
                if readable and not connection.recv(1, socket.MSG_PEEK):
                    return True
            except OSError:
                return True
        return False

    def _session(self, connection: socket.socket, rfile, wfile) -> None:
        def reply(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 chaos-sink ESMTP")
        while True:
            line = rfile.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                reply("250-chaos-sink")
                reply("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                reply("250 OK")
            elif verb == "QUIT":
                reply("221 Bye")
                return
            elif verb == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := rfile.readline()) not in (b".\r\n", b".\n"):
                    if not chunk:
                        return  # the sender went away mid-message
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = message_from_bytes(b"".join(data))
                if self._hold():
                    gone = self._wait_for_release(connection)
                    with self.lock:
                        self.stalled -= 1
                        self.dropped += gone
                    if gone:  # a killed sender: nothing was accepted
                        return
                with self.lock:
                    self.delivered[message.get("X-Portal-Notification", "?")] += 1
                reply("250 OK")
            else:
                reply("502 Command not implemented")
