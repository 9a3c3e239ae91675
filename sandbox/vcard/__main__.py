"""Run a virtual card: `python -m sandbox.vcard --state FILE [--port 35963]`."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from pathlib import Path

from sandbox.vcard import state as card_state
from sandbox.vcard.cardos import CardOS
from sandbox.vcard.vpcd import VpcdCard


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.vcard", description=__doc__)
    parser.add_argument("--state", type=Path, required=True, help="card state JSON file")
    parser.add_argument("--host", default="127.0.0.1", help="vpcd address")
    parser.add_argument("--port", type=int, default=35963, help="vpcd port (35963 = first slot)")
    parser.add_argument(
        "--new",
        action="store_true",
        help="create a fresh test card (document 000000XX) if the file is missing",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)

    if not args.state.exists():
        if not args.new:
            parser.error(f"{args.state} does not exist (personalise it first, or pass --new)")
        from sandbox.vcard.personalise import new_card_state

        fresh = new_card_state(
            document_number="000000XX", holder_name="Teszt Elek", valid_until="2031-12-31"
        )
        card_state.save(fresh, args.state)
    card = CardOS(card_state.load(args.state))
    last = json.dumps(card.state, sort_keys=True)

    def persist() -> None:
        nonlocal last
        now = json.dumps(card.state, sort_keys=True)
        if now != last:
            card_state.save(card.state, args.state)
            last = now

    client = VpcdCard(card, args.host, args.port, on_change=persist)
    signal.signal(signal.SIGTERM, lambda *_: client.stop())
    try:
        client.connect(timeout=30)
    except OSError as exc:
        print(f"vpcd is not listening on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(f"virtual eSzemélyi inserted into vpcd {args.host}:{args.port} ({args.state})")
    try:
        client.run(reconnect=True)
    except KeyboardInterrupt:
        client.stop()
    persist()
    return 0


if __name__ == "__main__":
    sys.exit(main())
