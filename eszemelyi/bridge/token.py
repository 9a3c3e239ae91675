"""The bridge's signed result (docs/card-bridge.md section 3): building and checking it.

tbs = SHA256(origin) || SHA256(nonce) || SHA256(cj(op)); the card signs SHA-256(tbs)
with its eID authentication key (ES256, raw r||s). `verify` is a small self-check used
by the bridge's tests; the portal has its own, stricter verification (certificate
chain, its own record of the operation, single-use nonce).
"""

from __future__ import annotations

import base64
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
    raw = base64.b64decode(token_["signature"])
    public_key = serialization.load_der_public_key(base64.b64decode(token_["publicKey"]))
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or len(raw) != 64:
        return False
    signature = encode_dss_signature(
        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    )
    try:
        public_key.verify(signature, to_be_signed(origin, nonce, op), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
