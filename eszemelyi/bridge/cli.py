"""`ugysegeg-card-bridge`: run the card bridge on 127.0.0.1.

The allowed portal origins come from the command line or the environment, never from
the page. Example:

    ugysegeg-card-bridge --origin http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from eszemelyi.bridge import APP
from eszemelyi.bridge.pins import PROMPT_TIMEOUT, PromptSafeHandler, ScriptedPins, TerminalPins

DEFAULT_PORT = 24729


def _origins(values: list[str] | None) -> list[str]:
    if values:
        return values
    raw = os.environ.get("UGYSEGEG_CARD_BRIDGE_ORIGINS", "")
    return [item.strip() for item in raw.split(",") if item.strip()]


def configure_logging(level: int = logging.INFO) -> PromptSafeHandler:
    """Log to stderr through a handler that holds lines while a PIN prompt is open
    (stderr is usually the prompt's terminal); give it to `TerminalPins(logs=...)`."""
    logs = PromptSafeHandler(sys.stderr)
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logs],
        force=True,
    )
    return logs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ugysegeg-card-bridge", description=__doc__)
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("UGYSEGEG_CARD_BRIDGE_PORT", DEFAULT_PORT)),
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}, env UGYSEGEG_CARD_BRIDGE_PORT)",
    )
    parser.add_argument(
        "--origin",
        action="append",
        help="an allowed portal origin, exactly as the browser sends it (repeatable; "
        "env UGYSEGEG_CARD_BRIDGE_ORIGINS, comma-separated)",
    )
    parser.add_argument(
        "--pin-answers",
        type=Path,
        default=os.environ.get("UGYSEGEG_CARD_BRIDGE_ANSWERS") or None,
        help="TEST AND DEMO ONLY: take PINs from this JSON file instead of asking "
        "(env UGYSEGEG_CARD_BRIDGE_ANSWERS)",
    )
    parser.add_argument(
        "--pin-timeout",
        type=float,
        default=float(os.environ.get("UGYSEGEG_CARD_BRIDGE_PIN_TIMEOUT", PROMPT_TIMEOUT)),
        help=f"seconds a PIN prompt waits before it counts as cancelled (default "
        f"{PROMPT_TIMEOUT:.0f}, env UGYSEGEG_CARD_BRIDGE_PIN_TIMEOUT)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logs = configure_logging(logging.DEBUG if args.verbose else logging.INFO)
    origins = _origins(args.origin)
    if not origins:
        parser.error("at least one --origin (or UGYSEGEG_CARD_BRIDGE_ORIGINS) is required")

    from eszemelyi.bridge.server import Bridge, BridgeServer

    if args.pin_answers:
        pins = ScriptedPins(args.pin_answers)
        print(
            f"WARNING: PINs are read from {args.pin_answers} (test/demo mode). "
            "Never use this with a real card.",
            file=sys.stderr,
        )
    else:
        pins = TerminalPins(timeout=args.pin_timeout, logs=logs)
    try:
        bridge = Bridge(origins, pins)
        server = BridgeServer(bridge, args.port)
    except (ValueError, OSError) as exc:
        parser.error(str(exc))
    print(
        f"{APP} on http://127.0.0.1:{server.server_address[1]}/ for {', '.join(origins)}. "
        "Ctrl-C stops.",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
