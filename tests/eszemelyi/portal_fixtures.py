"""A software stand-in for the chip card and its issuer, for the portal-side tests.

`SoftCard` signs exactly what the card bridge's token format says the card signs
(`docs/card-bridge.md`, section 3), with a P-256 key in memory instead of on a chip:
enough to test the portal's verification, which never sees the chip anyway.
"""

from __future__ import annotations

import base64
import datetime as dt
from datetime import date

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from eszemelyi.tokens import canonical_json, sha256_hex, to_be_signed
from tests.factories import DocumentFactory

ORIGIN = "http://127.0.0.1:8000"
# What `from tests.eszemelyi.portal_fixtures import *` brings into a test module.
__all__ = ["card_issuer", "chip_id_card", "soft_card"]


def _name(common_name: str, serial: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if serial:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(attributes)


class Issuer:
    """A card issuer CA: signs the cards' authentication certificates."""

    def __init__(self, name: str = "Teszt kártyakibocsátó CA") -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(name))
            .issuer_name(_name(name))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def card_certificate(self, public_key, document_number: str, holder: str) -> x509.Certificate:
        now = dt.datetime.now(dt.UTC)
        return (
            x509.CertificateBuilder()
            .subject_name(_name(holder, document_number))
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .sign(self.key, hashes.SHA256())
        )


class SoftCard:
    """A card with an eID authentication key and its issuer's certificate."""

    def __init__(self, issuer: Issuer, document_number: str, holder: str = "Teszt Elek") -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.document_number = document_number
        self.certificate = issuer.card_certificate(self.key.public_key(), document_number, holder)

    @property
    def public_key_der(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, data: bytes) -> str:
        r, s = decode_dss_signature(self.key.sign(data, ec.ECDSA(hashes.SHA256())))
        return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()

    def token(
        self,
        request: dict,
        *,
        result: dict | None = None,
        state=None,
        origin: str = ORIGIN,
        nonce: str | None = None,
        params: dict | None = None,
    ) -> dict:
        """The bridge's token for `request` ({opId, nonce, kind, params}) as the page got it."""
        state = {} if state is None else state
        op = {
            "op_id": request["opId"],
            "kind": request["kind"],
            "params_sha256": sha256_hex(
                canonical_json(request["params"] if params is None else params)
            ),
            "result": {"completed": True, **(result or {})},
            "state_sha256": sha256_hex(canonical_json(state)),
        }
        tbs = to_be_signed(origin, request["nonce"] if nonce is None else nonce, op)
        return {
            "status": "done",
            "format": "eszig-op:1",
            "origin": origin,
            "op": op,
            "state": state,
            "algorithm": "ES256",
            "signature": self.sign(tbs),
            "publicKey": base64.b64encode(self.public_key_der).decode(),
            "certificate": base64.b64encode(
                self.certificate.public_bytes(serialization.Encoding.DER)
            ).decode(),
            "appVersion": "ugysegeg-card-bridge/test",
        }


@pytest.fixture
def card_issuer(settings, tmp_path) -> Issuer:
    issuer = Issuer()
    path = tmp_path / "card-issuer-ca.pem"
    path.write_bytes(issuer.pem())
    settings.ESZEMELYI_CARD_ISSUER_CA_FILE = str(path)
    settings.ESZEMELYI_PORTAL_ORIGIN = ORIGIN
    settings.ESZEMELYI_CA_KEY_FILE = ""
    settings.ESZEMELYI_CA_CERT_FILE = ""
    settings.DATA_DIR = tmp_path
    return issuer


@pytest.fixture
def chip_id_card(citizen):
    return DocumentFactory(
        holder=citizen.person,
        number="700901AB",
        issued_on=date(2021, 3, 10),
        expires_on=date(2030, 3, 10),
        has_chip=True,
    )


@pytest.fixture
def soft_card(card_issuer, chip_id_card) -> SoftCard:
    return SoftCard(card_issuer, chip_id_card.number)


def bridge_request(client, response) -> dict:
    """Follow the redirect to the operation page and read what it hands the bridge."""
    assert response.status_code == 302, response.content[:500]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.context["config"]["request"]


def post_token(client, request: dict, token: dict):
    return client.post(
        f"/eszemelyi/operations/{request['opId']}/result/",
        data={"token": token},
        content_type="application/json",
    )
