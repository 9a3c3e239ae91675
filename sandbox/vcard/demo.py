"""Demo card and bridge for a demo citizen, for `make card-demo` and `make run`.

    python -m sandbox.vcard.demo [--citizen kovacs.janos] [--pins terminal|FILE]

1. personalises the demo cards from the demo data (var/cards/<username>.json, kept
   across runs, and var/cards/card-issuer-ca.pem that the portal trusts);
2. starts pcscd in the foreground when none is running (root only; stopped on exit);
3. inserts the citizen's virtual card into vpcd's first slot (port 35963);
4. runs the card bridge on 127.0.0.1 for the portal's origin.

Development machines only: vpcd listens on all interfaces (firewall 35963/35964).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

VPCD_DRIVERS = (
    Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
    Path("/usr/lib64/pcsc/drivers/serial/libifdvpcd.so"),
)
SYSTEM_SOCKET = Path("/run/pcscd/pcscd.comm")
DEMO_PINS = {
    # The demo card's secrets (sandbox only); `new_pin` answers the activation prompt.
    "activation_pin": "12345",
    "new_pin": "123456",
    "pin": "123456",
    "puk": "1234567890",
    "can": "123456",
    "esign_activation_pin": None,  # printed in the PIN envelope PDF: write it here
    "new_esign_pin": "1234567",
    "esign_pin": "1234567",
}


def missing() -> str | None:
    """Why the demo card cannot run here, or None."""
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (Debian: apt-get install pcscd)"
    if not any(p.exists() for p in VPCD_DRIVERS):
        return "the vpcd reader driver is not installed (Debian: apt-get install vsmartcard-vpcd)"
    try:
        import smartcard.scard  # noqa: F401
    except ImportError:
        return "pyscard is not installed (pip install -e '.[card]', see make test-card)"
    return None


def _system_pcscd_running() -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(SYSTEM_SOCKET))
        except OSError:
            return False
    return True


def start_pcscd() -> subprocess.Popen | None:
    """The process we started, or None when a pcscd already runs."""
    if _system_pcscd_running():
        return None
    if os.geteuid() != 0:
        raise SystemExit("pcscd is not running; start it (sudo systemctl start pcscd.socket)")
    process = subprocess.Popen(["pcscd", "--foreground"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 5
    while not _system_pcscd_running():
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit("pcscd did not start")
        time.sleep(0.05)
    return process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.vcard.demo", description=__doc__)
    parser.add_argument("--citizen", default=os.environ.get("DEMO_CITIZEN", "kovacs.janos"))
    parser.add_argument(
        "--pins",
        default="terminal",
        help="'terminal' (the bridge asks) or a JSON answers file (demo only; created with "
        "the demo card's PINs if missing)",
    )
    parser.add_argument("--vpcd-port", type=int, default=35963)
    parser.add_argument("--check", action="store_true", help="only say whether it can run")
    args = parser.parse_args(argv)
    reason = missing()
    if reason is None and os.geteuid() != 0 and not _system_pcscd_running():
        reason = "pcscd is not running and only root can start it here"
    if reason:
        print(f"No demo card: {reason}.", file=sys.stderr)
        return 3
    if args.check:
        return 0

    data_dir = Path(os.environ.get("PORTAL_DATA_DIR", "var"))
    cards = data_dir / "cards"
    from sandbox.vcard import personalise

    personalise.main(["--out", str(cards)])
    state_path = cards / f"{args.citizen}.json"
    if not state_path.exists():
        print(f"{args.citizen} has no valid chip ID card in the demo data.", file=sys.stderr)
        return 2

    from eszemelyi.bridge.pins import ScriptedPins, TerminalPins
    from eszemelyi.bridge.server import Bridge, BridgeServer
    from sandbox.vcard import state as card_state
    from sandbox.vcard.cardos import CardOS
    from sandbox.vcard.vpcd import VpcdCard

    pcscd = start_pcscd()
    card = CardOS(card_state.load(state_path))
    last = json.dumps(card.state, sort_keys=True)

    def persist() -> None:
        nonlocal last
        now = json.dumps(card.state, sort_keys=True)
        if now != last:
            card_state.save(card.state, state_path)
            last = now

    client = VpcdCard(card, "127.0.0.1", args.vpcd_port, on_change=persist)
    client.connect(timeout=10)
    threading.Thread(
        target=client.run, kwargs={"reconnect": True}, daemon=True, name="vcard"
    ).start()

    if args.pins == "terminal":
        from eszemelyi.bridge.cli import configure_logging

        # Warnings only (not every /v1/status poll), and held while a prompt is open.
        pins = TerminalPins(logs=configure_logging(logging.WARNING))
    else:
        answers = Path(args.pins)
        if not answers.exists():
            answers.write_text(json.dumps(DEMO_PINS, indent=2) + "\n", encoding="utf-8")
        pins = ScriptedPins(answers)
    port = int(os.environ.get("ESZEMELYI_BRIDGE_PORT", "24729"))
    # Django is set up by personalise above: the bridge answers exactly the origin
    # the portal's card pages check, whatever address PORTAL_BASE_URL gives.
    from django.conf import settings

    origin = settings.ESZEMELYI_PORTAL_ORIGIN
    server = BridgeServer(Bridge([origin], pins), port)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(
        f"Demo card of {args.citizen} ({card.state['document_number']}) in 'Virtual PCD 00 00'; "
        f"card bridge on http://127.0.0.1:{port}/ for {origin}.\n"
        "Demo card secrets: activation PIN 12345, PUK 1234567890, CAN 123456. "
        + (
            "The bridge asks for PINs here."
            if args.pins == "terminal"
            else f"PINs are answered from {args.pins} (demo only; edit it to answer differently)."
        ),
        flush=True,
    )
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        client.stop()
        persist()
        if pcscd is not None:
            pcscd.terminate()
            pcscd.wait(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
