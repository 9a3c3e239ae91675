"""Fixtures for the card tests: a private pcscd, the virtual card, the card, the bridge.

Everything goes through the real PC/SC stack: pyscard -> libpcsclite -> pcscd -> vpcd
(TCP) -> the virtual card. Each pytest-xdist worker starts its own pcscd on a private
socket (systemd-style socket activation, PCSCLITE_CSOCK_NAME for the client) with its
own vpcd ports below the ephemeral range, so workers never share a card. Tests marked
`pcsc` are skipped where pcscd or the vpcd driver is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

VPCD_DRIVERS = [
    Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
    Path("/usr/lib64/pcsc/drivers/serial/libifdvpcd.so"),
]
TEST_PIN = "123456"


def _vpcd_driver() -> Path | None:
    return next((p for p in VPCD_DRIVERS if p.exists()), None)


def _missing() -> str | None:
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (Debian: pcscd)"
    if _vpcd_driver() is None:
        return "the vpcd reader driver is not installed (Debian: vsmartcard-vpcd)"
    try:
        import smartcard.scard  # noqa: F401
    except ImportError:
        return "pyscard is not installed (pip install -e '.[card]')"
    return None


def _ports_free(*ports: int) -> bool:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                return False
    return True


def _pick_ports() -> int:
    # Below 32768 (Linux's ephemeral range starts there), spread by worker and pid so
    # that two test runs on one machine rarely even try the same pair.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    start = 20000 + ((int(worker) * 97 + os.getpid()) % 600) * 20
    for base in range(start, 32000, 20):
        if _ports_free(base, base + 1):
            return base
    raise RuntimeError("no free vpcd ports")


class PcscStack:
    def __init__(self, root: Path):
        self.root = root
        self.port = _pick_ports()
        self.socket_path = root / "pcscd.comm"
        self.log_path = root / "pcscd.log"
        self.process: subprocess.Popen | None = None
        self.conf_dir = root

    def start(self) -> None:
        # pcscd may run as nobody (below), so its configuration must be readable
        # outside pytest's private (0700) temporary tree.
        self.conf_dir = Path(tempfile.mkdtemp(prefix="ugysegeg-pcsc-"))
        self.conf_dir.chmod(0o755)
        conf = self.conf_dir / "reader.conf.d"
        conf.mkdir(mode=0o755)
        (conf / "vpcd").write_text(
            'FRIENDLYNAME "Virtual PCD"\n'
            f"DEVICENAME /dev/null:0x{self.port:04X}\n"
            f"LIBPATH {_vpcd_driver()}\n"
            f"CHANNELID 0x{self.port:04X}\n"
        )
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.socket_path))
        listener.listen(32)
        command = [
            "sh",
            "-c",
            'exec 3<&0 0</dev/null; LISTEN_PID=$$ LISTEN_FDS=1 exec "$@"',
            "sh",
            "pcscd",
            "--foreground",
            "--config",
            str(conf),
        ]
        if os.geteuid() == 0 and shutil.which("setpriv"):
            # As root pcscd would overwrite the system daemon's /run/pcscd/pcscd.pid; as
            # nobody it only logs that it cannot write it. It needs the directory.
            Path("/run/pcscd").mkdir(parents=True, exist_ok=True)
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, stdin=listener.fileno(), stdout=log, stderr=subprocess.STDOUT
            )
        listener.close()
        # libpcsclite reads the socket name once per process, before the first call.
        os.environ["PCSCLITE_CSOCK_NAME"] = str(self.socket_path)
        self.wait_for_readers()

    def wait_for_readers(self, timeout: float = 10.0) -> None:
        from eszemelyi.card.pcsc import Context

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(Exception), Context() as context:
                if len(context.readers()) >= 2:
                    return
            time.sleep(0.02)
        log = self.log_path.read_text()
        if "cannot create /run/pcscd" in log and not Path("/run/pcscd").exists():
            # Not root: pcscd insists on its run directory even when socket-activated.
            pytest.skip("pcscd needs /run/pcscd (create it once as root: mkdir /run/pcscd)")
        raise RuntimeError(f"pcscd did not list the vpcd readers: {log}")

    def wait_for_card(self, reader_index: int, present: bool, timeout: float = 5.0) -> None:
        from eszemelyi.card.pcsc import Context

        deadline = time.monotonic() + timeout
        with Context() as context:
            while time.monotonic() < deadline:
                states = context.reader_states()
                if states[reader_index].present == present:
                    return
                time.sleep(0.02)
        raise TimeoutError("the reader never saw the card " + ("arrive" if present else "leave"))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.conf_dir, ignore_errors=True)


class VirtualCard:
    """A virtual card in a thread, plugged into one vpcd slot."""

    def __init__(self, stack: PcscStack, slot: int = 0, state: dict | None = None):
        from sandbox.vcard.cardos import CardOS
        from sandbox.vcard.vpcd import VpcdCard

        self.stack, self.slot = stack, slot
        self.os = CardOS(state or make_state())
        self.client = VpcdCard(self.os, "127.0.0.1", stack.port + slot)
        self.thread: threading.Thread | None = None

    @property
    def state(self) -> dict:
        return self.os.state

    def use(self, state: dict) -> None:
        """Swap in another card without re-inserting (re-insertion costs ~0.8 s)."""
        self.os.state = state
        self.os.faults = {}
        self.os.reset()

    def insert(self) -> None:
        self.client.insert()
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self.client.run, daemon=True)
            self.thread.start()
        self.stack.wait_for_card(self.slot, True)

    def remove(self, wait: bool = True) -> None:
        self.client.remove()
        if wait:
            self.stack.wait_for_card(self.slot, False)

    def stop(self) -> None:
        self.client.stop()
        if self.thread is not None:
            self.thread.join(timeout=2)


def make_state(kind: str = "active", **overrides) -> dict:
    """A card state: "transport" (fresh), "active" (PIN 123456), "blocked"."""
    from sandbox.vcard import state as card_state
    from sandbox.vcard.personalise import new_card_state

    fields = {
        "document_number": "700001AE",
        "holder_name": "Kovács János",
        "valid_until": "2031-06-30",
        **overrides,
    }
    state = new_card_state(**fields)
    if kind in ("active", "blocked"):
        state = card_state.activated(state, TEST_PIN)
    if kind == "blocked":
        state["eid"]["tries"] = 0
    return state


@pytest.fixture(scope="session")
def pcsc_stack(tmp_path_factory):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    stack = PcscStack(tmp_path_factory.mktemp("pcsc"))
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def vcard_slot(pcsc_stack):
    card = VirtualCard(pcsc_stack, slot=0)
    card.insert()
    yield card
    card.stop()


@pytest.fixture
def vcard(vcard_slot):
    """The virtual card with a fresh activated state (PIN 123456); `vcard.use()` swaps it."""
    vcard_slot.use(make_state("active"))
    if not vcard_slot.client.connected.is_set():
        vcard_slot.insert()
    yield vcard_slot
    vcard_slot.os.faults = {}
    if not vcard_slot.client.connected.is_set():
        vcard_slot.insert()


@pytest.fixture
def card(vcard):
    from eszemelyi.card import open_card

    with open_card() as opened:
        yield opened


ORIGIN = "http://127.0.0.1:8000"


class BridgeClient:
    """Talks to a bridge in this process over real HTTP on 127.0.0.1."""

    def __init__(self, server, pins):
        self.server, self.pins = server, pins
        self.port = server.server_address[1]
        self.host = f"127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        body=None,
        *,
        origin: str | None = ORIGIN,
        host: str | None = None,
        content_type: str = "application/json",
        raw: bytes | None = None,
    ):
        import http.client
        import json

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": host or self.host}
        if origin is not None:
            headers["Origin"] = origin
        payload = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        if payload is not None:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        parsed = json.loads(data) if data else None
        return response.status, dict(response.getheaders()), parsed

    def operation(
        self,
        kind: str,
        params: dict | None = None,
        *,
        nonce: str | None = None,
        op_id: str = "op-1",
        **kwargs,
    ):
        import secrets

        body = {
            "opId": op_id,
            "nonce": nonce or secrets.token_urlsafe(32),
            "kind": kind,
            "params": params or {},
        }
        status, headers, answer = self.request("POST", "/v1/operations", body, **kwargs)
        return status, answer, body


def start_bridge(pins, open_card=None, origins=(ORIGIN,), port: int = 0):
    """A bridge server in a thread (port 0: any free port); stop with server.shutdown()."""
    from eszemelyi.bridge.server import Bridge, BridgeServer

    bridge = Bridge(list(origins), pins, open_card=open_card)
    server = BridgeServer(bridge, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    return server, thread


@pytest.fixture
def bridge(vcard):
    """A bridge on an ephemeral loopback port in front of the virtual card.

    PINs come from `bridge.pins.answers` (a dict the test edits).
    """
    from eszemelyi.bridge.pins import DictPins

    pins = DictPins({"pin": TEST_PIN, "can": "123456"})
    server, thread = start_bridge(pins)
    server.bridge.monitor.poll()
    yield BridgeClient(server, pins)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
