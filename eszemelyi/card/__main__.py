"""Read what is on the card: `python -m eszemelyi.card [--emergency]`.

Without a PIN: the card data, PIN states, NEK version, e-signature key and certificate.
`--emergency` asks for the eID PIN (no echo) and also reads the emergency numbers.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from eszemelyi.card import errors, open_card


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eszemelyi.card", description=__doc__)
    parser.add_argument("--reader", help="reader name (default: the one with an eSzemélyi)")
    parser.add_argument("--emergency", action="store_true", help="read the emergency numbers")
    args = parser.parse_args(argv)
    try:
        with open_card(args.reader) as card:
            info = card.read_card_info()
            pin = card.pin_status()
            esign = card.esign_pin_status()
            info.update(
                pinState=pin.state,
                pinTriesLeft=pin.tries_left,
                esignPinState=esign.state,
                esignKey=card.esign_has_key(),
                esignCertificate=card.esign_read_certificate() is not None,
                nekVersion=card.nek_version(),
            )
            if args.emergency:
                card.verify(getpass.getpass("eID PIN: "))
                info["emergencyNumbers"] = card.read_emergency()
    except errors.CardError as exc:
        messages = exc.messages()
        print(f"{messages['hu']} / {messages['en']}", file=sys.stderr)
        return 1
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
