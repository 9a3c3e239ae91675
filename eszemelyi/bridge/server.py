"""The loopback HTTP agent (docs/card-bridge.md sections 1 and 2), stdlib only.

Every request passes the framing checks (400: one Host, one Origin, one plain
Content-Length), the Host check (421, against DNS rebinding) and the exact Origin check
(403) before anything else; every method but GET, POST and OPTIONS then gets a JSON 405.
One operation at a time: it runs in its own worker thread that owns the exclusive card
connection for the whole operation, including the pauses between GP steps, so PC/SC
handles never cross threads. Cancelling sets the operation's event, which closes an
open PIN prompt, and waits for the worker to let go of the card.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eszemelyi.bridge import APP, CATALOGUE, VERSION
from eszemelyi.bridge.operations import GP_KINDS, Flow, check_gp_step, check_request
from eszemelyi.bridge.pins import PinProvider
from eszemelyi.bridge.refusals import Refused
from eszemelyi.card import errors

log = logging.getLogger(__name__)

MAX_BODY = 8192
# Our bodies nest three levels at most; a limit far below the interpreter's recursion
# limit keeps json.loads from ever raising RecursionError in a handler thread.
MAX_DEPTH = 16
GP_STEP_TIMEOUT = 60.0
ANSWER_TIMEOUT = 600.0  # the citizen may take a while at the PIN prompt
# How long a cancel waits for the worker to close the card connection. A prompt notices
# the cancellation within 0.1 s and a card command takes milliseconds; only the getpass
# fallback (no terminal) cannot be interrupted.
CANCEL_WAIT = 5.0
CANCEL = object()
# Headers that must appear once: two Hosts or two Content-Lengths are how requests are
# smuggled past a check that reads one copy while another part reads the other.
SINGLE_HEADERS = ("Host", "Origin", "Content-Length", "Content-Type", "Transfer-Encoding")
CONTENT_LENGTH = re.compile(r"[0-9]{1,9}")
ALLOWED_METHODS = "GET, POST, OPTIONS"


class CardMonitor(threading.Thread):
    """Polls the readers so /v1/status answers at once; counts insertions and removals."""

    def __init__(self, interval: float = 0.25):
        super().__init__(daemon=True, name="card-monitor")
        self.interval = interval
        self.snapshot: dict = {"service": False, "readers": [], "card": None, "cardEvents": 0}
        self._presence: dict[str, bool] = {}
        self._events = 0
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def poll(self) -> None:
        from eszemelyi.card.pcsc import Context
        from eszemelyi.card.profile import profile_for_atr

        try:
            with Context() as context:
                states = context.reader_states()
        except (errors.CardError, ImportError):  # pcscd down, or pyscard missing
            self.snapshot = {**self.snapshot, "service": False, "readers": [], "card": None}
            return
        for state in states:
            if self._presence.get(state.name, False) != state.present:
                self._events += 1
        self._presence = {state.name: state.present for state in states}
        first = next((state for state in states if state.present), None)
        card = {"present": False, "reader": None, "atr": None, "known": False}
        if first is not None:
            card = {
                "present": True,
                "reader": first.name,
                "atr": first.atr.hex(),
                "known": profile_for_atr(first.atr) is not None,
            }
        self.snapshot = {
            "service": True,
            "readers": [{"name": s.name, "cardPresent": s.present} for s in states],
            "card": card,
            "cardEvents": self._events,
        }

    def run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(self.interval)


class ActiveOperation:
    """One operation in its worker thread; answers come back through a queue."""

    def __init__(self, bridge: Bridge, origin: str, op_id: str, nonce: str, kind: str, params):
        self.bridge, self.op_id, self.kind = bridge, op_id, kind
        self.args = (origin, op_id, nonce, kind, params)
        self.inbox: queue.Queue = queue.Queue()
        self.outbox: queue.Queue = queue.Queue()
        self.cancelled = threading.Event()
        # True only while the worker waits for the next gp-step: a step posted at any
        # other moment (the PIN prompt still open, a batch still running) would steal
        # the answer meant for the request that is already waiting.
        self._awaiting_step = False
        self._step_lock = threading.Lock()
        self.thread = threading.Thread(target=self._work, daemon=True, name=f"op-{op_id}")

    def cancel(self) -> None:
        self.cancelled.set()
        self.inbox.put(CANCEL)

    def take_step(self) -> bool:
        """Claim the one gp-step the worker is waiting for; False when it waits for none."""
        with self._step_lock:
            awaiting, self._awaiting_step = self._awaiting_step, False
        return awaiting

    def _work(self) -> None:
        origin, op_id, nonce, kind, params = self.args
        final: dict | Exception | None = None
        timed_out = False
        try:
            with self.bridge.open_card() as card:
                flow = Flow(
                    card,
                    self.bridge.pins,
                    origin,
                    op_id,
                    nonce,
                    kind,
                    params,
                    APP,
                    cancelled=self.cancelled,
                )
                answer = flow.run()
                while answer.get("status") in ("gp_ready", "gp_step"):
                    # Between GP steps the connection (and its secure channel) stays open.
                    with self._step_lock:
                        self._awaiting_step = True
                    self.outbox.put(answer)
                    try:
                        step = self.inbox.get(timeout=GP_STEP_TIMEOUT)
                    except queue.Empty:
                        timed_out = True
                        return
                    if step is CANCEL:
                        return
                    answer = flow.gp_step(*step)
                final = answer
        except errors.CardError as exc:
            final = exc
        except Exception as exc:  # never leave the page waiting on a dead worker
            log.exception("operation %s failed", op_id)
            final = exc
        finally:
            # The card connection is closed by now, so the next operation can connect.
            self.bridge.expire(self, timed_out=timed_out)
            if final is not None:
                self.outbox.put(final)

    def answer(self) -> dict | Exception:
        try:
            return self.outbox.get(timeout=ANSWER_TIMEOUT)
        except queue.Empty:
            self.cancel()  # nobody waits for this operation any more
            return Refused("timeout")


class Bridge:
    def __init__(self, origins: list[str], pins: PinProvider, *, open_card=None):
        if not origins:
            raise ValueError("at least one allowed origin is required")
        for origin in origins:
            if origin.endswith("/") or "://" not in origin or origin == "null":
                raise ValueError(f"not an origin: {origin!r}")
        # Refuse to start without the Hungarian texts (FileNotFoundError) rather than
        # answer every error in English twice.
        errors.CATALOGUE.load()
        CATALOGUE.load()
        from eszemelyi.card import open_card as default_open_card

        self.origins = frozenset(origins)
        self.pins = pins
        self.open_card = open_card or default_open_card
        self.lock = threading.Lock()
        self.active: ActiveOperation | None = None
        self.timed_out: set[str] = set()
        self.monitor = CardMonitor()

    def expire(self, operation: ActiveOperation, *, timed_out: bool = False) -> None:
        with self.lock:
            if self.active is operation:
                self.active = None
            if timed_out:
                self.timed_out.add(operation.op_id)

    def start(self, origin: str, body: dict) -> dict | Exception:
        op_id, nonce, kind, params = check_request(body)
        with self.lock:
            if self.active is not None:
                raise Refused("busy", "another operation is running")
            operation = ActiveOperation(self, origin, op_id, nonce, kind, params)
            self.active = operation
        operation.thread.start()
        return operation.answer()

    def _running(self, op_id: str) -> ActiveOperation:
        with self.lock:
            operation = self.active
        if operation is None or operation.op_id != op_id:
            if op_id in self.timed_out:
                raise Refused("timeout")
            raise Refused("unknown_operation")
        return operation

    def gp_step(self, op_id: str, body: dict) -> dict | Exception:
        operation = self._running(op_id)
        if operation.kind not in GP_KINDS:
            raise Refused("not_gp_operation")
        apdus, final = check_gp_step(body)
        if not operation.take_step():
            raise Refused("step_not_expected")
        operation.inbox.put((apdus, final))
        return operation.answer()

    def cancel(self, op_id: str) -> dict:
        operation = self._running(op_id)
        operation.cancel()
        # Answer once the card is free, so that the page's next operation can start.
        operation.thread.join(CANCEL_WAIT)
        if operation.thread.is_alive():
            # It stays the running operation (`busy`) until it lets go of the card.
            log.warning("operation %s still holds the card after cancel", op_id)
        return {"status": "cancelled", "opId": op_id}

    def status(self) -> dict:
        return {
            "app": "ugysegeg-card-bridge",
            "version": VERSION,
            "protocol": 1,
            **self.monitor.snapshot,
            "busy": self.active is not None,
        }


def _error_body(exc: errors.CardError) -> dict:
    return {"status": "error", "error": exc.as_json()}


class Handler(BaseHTTPRequestHandler):
    server: BridgeServer
    server_version = "ugysegeg-card-bridge"
    sys_version = ""
    # A client that announces more body than it sends must not hold a thread for ever.
    timeout = 30

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        # Request line and status only; bodies (and so PINs, were one ever sent) never.
        log.info("%s %s", self.address_string(), format % args)

    def _send(self, status: int, body: dict | None, origin: str | None = None, extra=()) -> None:
        payload = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        if origin is not None:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        # An answer to HEAD carries the headers of the answer only, never its body.
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    def _refuse(self, exc: errors.CardError, origin: str | None = None, extra=()) -> None:
        self._send(exc.http_status, _error_body(exc), origin, extra)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """The stdlib's own refusals (a malformed request line, too many or too long
        headers, a bad HTTP version) in the contract's JSON shape, not an HTML page."""
        refusal = Refused("too_large" if code in (413, 414, 431) else "bad_request", message or "")
        self.close_connection = True
        self._send(code, _error_body(refusal))

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        for name in SINGLE_HEADERS:
            if len(self.headers.get_all(name, [])) > 1:
                self.close_connection = True
                self._refuse(Refused("duplicate_header", name))
                return False
        return True

    def _gate(self) -> str | None:
        """Host and Origin checks; the allowed origin, or None after refusing."""
        port = self.server.server_address[1]
        if self.headers.get("Host") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            self._refuse(Refused("host_not_allowed"))
            return None
        origin = self.headers.get("Origin")
        if origin not in self.server.bridge.origins:
            self._refuse(Refused("origin_not_allowed"))
            return None
        return origin

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        origin = self._gate()
        if origin is None:
            return
        self._send(
            204,
            None,
            origin,
            extra=[
                ("Access-Control-Allow-Methods", "GET, POST"),
                ("Access-Control-Allow-Headers", "Content-Type"),
                ("Access-Control-Allow-Private-Network", "true"),
                ("Access-Control-Max-Age", "600"),
            ],
        )

    def do_GET(self) -> None:  # noqa: N802
        origin = self._gate()
        if origin is None:
            return
        if self.path != "/v1/status":
            return self._refuse(Refused("unknown_path"), origin)
        self._send(200, self.server.bridge.status(), origin)

    def _body(self, origin: str) -> dict | None:
        """The request's JSON object, or None after refusing (and closing: whatever
        body is left unread must not be taken for the next request)."""
        closing, self.close_connection = self.close_connection, True
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            self._refuse(Refused("unsupported_media_type"), origin)
            return None
        declared = self.headers.get("Content-Length", "").strip(" \t")
        if "Transfer-Encoding" in self.headers or not CONTENT_LENGTH.fullmatch(declared):
            self._refuse(Refused("bad_length", f"Content-Length {declared[:20]!r}"), origin)
            return None
        length = int(declared)
        if length > MAX_BODY:
            self._refuse(Refused("too_large"), origin)
            return None
        try:
            raw = self.rfile.read(length)
        except OSError:  # the client stopped sending (the handler's timeout)
            raw = b""
        if len(raw) != length:
            self._refuse(Refused("bad_length", "body shorter than Content-Length"), origin)
            return None
        try:
            text = raw.decode("utf-8")
            if _nesting(text) > MAX_DEPTH:
                self._refuse(Refused("too_deep"), origin)
                return None
            body = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError):
            body = None
        if not isinstance(body, dict):
            self._refuse(Refused("bad_request", "a JSON object is required"), origin)
            return None
        self.close_connection = closing
        return body

    def do_POST(self) -> None:  # noqa: N802
        origin = self._gate()
        if origin is None:
            return
        body = self._body(origin)
        if body is None:
            return
        bridge = self.server.bridge
        parts = self.path.split("/")
        try:
            if self.path == "/v1/operations":
                answer = bridge.start(origin, body)
            elif (
                len(parts) == 5 and parts[:3] == ["", "v1", "operations"] and parts[4] == "gp-step"
            ):
                answer = bridge.gp_step(parts[3], body)
            elif len(parts) == 5 and parts[:3] == ["", "v1", "operations"] and parts[4] == "cancel":
                answer = bridge.cancel(parts[3])
            else:
                raise Refused("unknown_path")
        except errors.CardError as exc:
            return self._refuse(exc, origin)
        except Exception:  # a bug: answer it rather than drop the connection
            log.exception("request %s failed", self.path[:80])
            answer = Refused("internal")
        if isinstance(answer, errors.CardError):
            return self._refuse(answer, origin)
        if isinstance(answer, Exception):
            return self._refuse(Refused("internal"), origin)
        self._send(200, answer, origin)

    def _not_allowed(self) -> None:
        origin = self._gate()
        if origin is not None:
            self._refuse(Refused("method_not_allowed"), origin, extra=[("Allow", ALLOWED_METHODS)])

    def __getattr__(self, name: str):
        # The stdlib looks up do_<METHOD> and answers an HTML 501 when it is missing.
        # HEAD, TRACE, PUT, CONNECT and any method a client invents get the contract's
        # JSON 405 instead, after the same Host and Origin checks.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)


def _nesting(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class BridgeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, bridge: Bridge, port: int):
        # Loopback only, never 0.0.0.0: the bridge is for this computer's browser.
        super().__init__(("127.0.0.1", port), Handler)
        self.bridge = bridge

    def handle_error(self, request, client_address) -> None:
        # Through logging (never a bare traceback on stderr), so that it waits while a
        # PIN prompt is open like every other line.
        log.exception("connection from %s failed", client_address[0])

    def serve(self) -> None:
        self.bridge.monitor.start()
        try:
            self.serve_forever(poll_interval=0.2)
        finally:
            self.bridge.monitor.stop()
