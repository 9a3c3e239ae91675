"""The virtual card's persistent state: a JSON-serialisable dict, one file per card.

Keys are stored as hex private scalars (test cards only). Everything a real card keeps
across power cycles lives here; session state (verified PINs, secure channel, selected
file) lives in the card OS and is lost on reset, as on a real card.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from eszemelyi.scp03 import TEST_KEYS

PROFILE = "ugysegeg-sim-1"
PIN_TRIES = 3
PUK_TRIES = 10

DEMO_ACTIVATION_PIN = "12345"
DEMO_PUK = "1234567890"
DEMO_CAN = "123456"

NEK_PACKAGE_AID = "f048554e454b00"
NEK_MODULE_AID = "f048554e454b01"
NEK_INSTANCE_AID = "f048554e454b01"


def new_private_key_hex() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return f"{key.private_numbers().private_value:064x}"


def private_key(hex_scalar: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int(hex_scalar, 16), ec.SECP256R1())


def public_key_der(hex_scalar: str) -> bytes:
    return (
        private_key(hex_scalar)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def blank_state(
    *,
    card_serial: str = "0000000001",
    document_number: str = "000000XX",
    holder_name: str = "Teszt Elek",
    valid_until: str = "2031-12-31",
    nek_version: str | None = "2.1",
    auth_key: str | None = None,
    auth_cert: str | None = None,
) -> dict:
    """A freshly issued card: eID PIN in transport state, no e-signature yet."""
    state = {
        "version": 1,
        "profile": PROFILE,
        "card_serial": card_serial,
        "document_number": document_number,
        "holder_name": holder_name,
        "valid_until": valid_until,
        "eid": {
            "state": "transport",
            "pin": None,
            "activation_pin": DEMO_ACTIVATION_PIN,
            "tries": PIN_TRIES,
            "puk": DEMO_PUK,
            "puk_tries": PUK_TRIES,
            "can": DEMO_CAN,
            "can_tries": PIN_TRIES,
        },
        "auth_key": auth_key or new_private_key_hex(),
        "auth_cert": auth_cert,
        "emergency": [None, None],
        "esign": {
            "state": "none",
            "pin": None,
            "activation_pin": None,
            "tries": PIN_TRIES,
            "key": None,
            "cert": None,
        },
        "gp": {
            "keys": {
                "enc": TEST_KEYS.enc.hex(),
                "mac": TEST_KEYS.mac.hex(),
                "dek": TEST_KEYS.dek.hex(),
                "version": TEST_KEYS.version,
            },
            "failed_auth": 0,
            "packages": {},
            "applications": {},
        },
    }
    if nek_version:
        state["gp"]["packages"][NEK_PACKAGE_AID] = {"version": nek_version}
        state["gp"]["applications"][NEK_INSTANCE_AID] = {
            "package": NEK_PACKAGE_AID,
            "version": nek_version,
        }
    return state


def activated(state: dict, pin: str = "123456") -> dict:
    """A copy of `state` with the eID PIN already activated (test shortcut)."""
    state = copy.deepcopy(state)
    state["eid"].update(state="active", pin=pin, activation_pin=None, tries=PIN_TRIES)
    return state


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def save(state: dict, path: Path) -> None:
    """Write atomically, so a killed card process never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=2, sort_keys=True)
    os.replace(tmp, path)
