"""The bridge's signed result (docs/card-bridge.md section 3): building and checking it.

tbs = SHA256(origin) || SHA256(nonce) || SHA256(cj(op)); the card signs SHA-256(tbs)
with its eID authentication key (ES256, raw r||s). The format and the signature check
are defined here once: the portal's verification (`eszemelyi.tokens`, which adds the
certificate chain, its own record of the operation and the single-use nonce) reads
them from this module, and `verify` is the bridge's own self-check built on them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

FORMAT = "eszig-op:1"
ALGORITHM = "ES256"


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8; floats are refused (they have no canonical form)."""
    _no_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _no_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("floats have no canonical JSON form here")
    if isinstance(value, dict):
        for item in value.values():
            _no_floats(item)
    elif isinstance(value, list):
        for item in value:
            _no_floats(item)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_op(op_id: str, kind: str, params: dict, result: dict, state: dict) -> dict:
    return {
        "op_id": op_id,
        "kind": kind,
        "params_sha256": sha256_hex(canonical_json(params)),
        "result": result,
        "state_sha256": sha256_hex(canonical_json(state)),
    }


def to_be_signed(origin: str, nonce: str, op: dict) -> bytes:
    # Each part hashed on its own: "example.com" + ".eu1234" never equals
    # "example.com.eu" + "1234".
    return (
        hashlib.sha256(origin.encode("utf-8")).digest()
        + hashlib.sha256(nonce.encode("ascii")).digest()
        + hashlib.sha256(canonical_json(op)).digest()
    )


class BadToken(ValueError):
    """The token fails a check of its signed part; `code` names which."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def decode(value: Any, code: str) -> bytes:
    """A base64 field of the token, strictly decoded, or `BadToken(code)`."""
    if not isinstance(value, str) or not value:
        raise BadToken(code)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadToken(code) from None


def check_signature(
    public_key_der: bytes, signature: Any, *, origin: str, nonce: str, op: dict
) -> None:
    """Check the card's raw r||s ES256 signature (base64) over (origin, nonce, op).

    Raises `BadToken`: "bad_key" for anything but a P-256 public key, "bad_signature"
    for a signature that is not 64 bytes or does not verify.
    """
    try:
        public_key = serialization.load_der_public_key(public_key_der)
    except ValueError:
        raise BadToken("bad_key") from None
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name != (
        "secp256r1"
    ):
        raise BadToken("bad_key")
    raw = decode(signature, "bad_signature")
    if len(raw) != 64:
        raise BadToken("bad_signature")
    der_signature = encode_dss_signature(
        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    )
    try:
        signed = to_be_signed(origin, nonce, op)
    except TypeError:
        # A float in the operation: the bridge never signs one, so no card did.
        raise BadToken("bad_signature") from None
    try:
        public_key.verify(der_signature, signed, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise BadToken("bad_signature") from None


def b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def token(
    *,
    origin: str,
    op: dict,
    state: dict,
    signature: bytes | None,
    public_key: bytes,
    certificate: bytes | None,
    app_version: str,
) -> dict:
    return {
        "status": "done",
        "format": FORMAT,
        "origin": origin,
        "op": op,
        "state": state,
        "algorithm": ALGORITHM if signature is not None else None,
        "signature": b64(signature),
        "publicKey": b64(public_key),
        "certificate": b64(certificate),
        "appVersion": app_version,
    }


def verify(token_: dict, *, origin: str, nonce: str, params: dict) -> bool:
    """True when the token's signature covers (origin, nonce, params, state) as given."""
    op = token_["op"]
    if token_.get("format") != FORMAT or token_.get("origin") != origin:
        return False
    if op["params_sha256"] != sha256_hex(canonical_json(params)):
        return False
    if op["state_sha256"] != sha256_hex(canonical_json(token_["state"])):
        return False
    if token_.get("algorithm") != ALGORITHM:
        return False
    try:
        public_key_der = decode(token_.get("publicKey"), "bad_key")
        check_signature(public_key_der, token_.get("signature"), origin=origin, nonce=nonce, op=op)
    except BadToken:
        return False
    return True
