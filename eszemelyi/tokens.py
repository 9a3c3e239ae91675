"""Checking a card-signed result of the card bridge (`docs/card-bridge.md`, section 3).

The wire format and the signature check are the bridge's (`eszemelyi.bridge.token`,
which imports nothing of the portal): one definition of what the card signs. Pure
functions: the caller supplies what it holds in its own record (origin, nonce,
operation id and kind, parameters) and the trusted card issuer certificate; nothing
in the token is believed until the card's signature over the recomputed
`SHA256(origin) ‖ SHA256(nonce) ‖ SHA256(cj(op))` checks out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from eszemelyi.bridge.token import (
    ALGORITHM,
    FORMAT,
    BadToken,
    canonical_json,
    check_signature,
    decode,
    sha256_hex,
    to_be_signed,
)

__all__ = [
    "FORMAT",
    "TokenRefused",
    "VerifiedToken",
    "canonical_json",
    "key_fingerprint",
    "params_digest",
    "sha256_hex",
    "to_be_signed",
    "verify_token",
]
OP_KEYS = frozenset({"op_id", "kind", "params_sha256", "result", "state_sha256"})
# Only unsigned kind: reading the card's public data needs no PIN.
UNSIGNED_KINDS = frozenset({"read_card_info"})


class TokenRefused(Exception):
    """The token does not prove what it claims; `code` names the first failed check."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def params_digest(params: dict) -> str:
    return sha256_hex(canonical_json(params))


def key_fingerprint(public_key_der: bytes) -> str:
    return sha256_hex(bytes(public_key_der))


@dataclass(frozen=True)
class VerifiedToken:
    op: dict
    state: Any
    public_key_der: bytes
    document_number: str
    holder_name: str
    app_version: str

    @property
    def result(self) -> dict:
        return self.op["result"]

    @property
    def key_fingerprint(self) -> str:
        return key_fingerprint(self.public_key_der)


def _b64(value: Any, code: str) -> bytes:
    try:
        return decode(value, code)
    except BadToken as bad:
        raise TokenRefused(bad.code) from None


def _name_attribute(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _check_certificate(
    der: bytes, public_key_der: bytes, issuer: x509.Certificate, now: dt.datetime
) -> x509.Certificate:
    try:
        certificate = x509.load_der_x509_certificate(der)
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        raise TokenRefused("untrusted_certificate") from None
    if not (certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc):
        raise TokenRefused("certificate_expired")
    presented = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if presented != public_key_der:
        raise TokenRefused("key_mismatch")
    return certificate


def verify_token(
    token: Any,
    *,
    origin: str,
    nonce: str,
    op_id: str,
    kind: str,
    params: dict,
    issuer: x509.Certificate,
    now: dt.datetime | None = None,
) -> VerifiedToken:
    """Return what the card proved, or raise `TokenRefused`."""
    now = now or dt.datetime.now(dt.UTC)
    if not isinstance(token, dict) or token.get("format") != FORMAT:
        raise TokenRefused("bad_format")
    # The origin the bridge saw in the browser's Origin header: a page of any other
    # site that drove the bridge gets a token that is worthless here.
    if token.get("origin") != origin:
        raise TokenRefused("foreign_origin")
    op = token.get("op")
    if not isinstance(op, dict) or set(op) != OP_KEYS or not isinstance(op["result"], dict):
        raise TokenRefused("bad_format")
    if op["op_id"] != op_id or op["kind"] != kind:
        raise TokenRefused("wrong_operation")
    if op["params_sha256"] != params_digest(params):
        raise TokenRefused("params_mismatch")
    state = token.get("state")
    try:
        state_digest = sha256_hex(canonical_json(state))
    except TypeError:
        # A float in the state: the bridge never hashes one, so no card read it back.
        raise TokenRefused("state_mismatch") from None
    if op["state_sha256"] != state_digest:
        raise TokenRefused("state_mismatch")
    if kind in UNSIGNED_KINDS:
        raise TokenRefused("unsigned")
    if token.get("algorithm") != ALGORITHM:
        raise TokenRefused("bad_algorithm")
    public_key_der = _b64(token.get("publicKey"), "bad_key")
    certificate = _check_certificate(
        _b64(token.get("certificate"), "untrusted_certificate"), public_key_der, issuer, now
    )
    try:
        check_signature(public_key_der, token.get("signature"), origin=origin, nonce=nonce, op=op)
    except BadToken as bad:
        raise TokenRefused(bad.code) from None
    return VerifiedToken(
        op=op,
        state=state,
        public_key_der=public_key_der,
        document_number=_name_attribute(certificate.subject, NameOID.SERIAL_NUMBER),
        holder_name=_name_attribute(certificate.subject, NameOID.COMMON_NAME),
        app_version=str(token.get("appVersion", ""))[:40],
    )
