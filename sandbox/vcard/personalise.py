"""Personalise virtual cards: the sandbox card issuer CA and one card per demo citizen.

The card issuer CA's key is derived from a fixed string, so every sandbox (and every
test) agrees on it without sharing files; it is a test key and signs nothing real.

    python -m sandbox.vcard.personalise [--out var/cards]

writes `<out>/card-issuer-ca.pem` and, for every demo citizen holding a valid chip ID
card, `<out>/<username>.json` unless it exists (a card keeps its PIN state across
restarts; delete the file for a fresh card). Needs the demo data (`make seed`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sandbox.vcard import state as card_state

ISSUER_SEED = b"ugysegeg sandbox eSzemelyi card issuer CA, test only"
ISSUER_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "HU"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ügysegéd sandbox"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Sandbox eSzemélyi Card Issuer CA (TEST)"),
    ]
)
# P-256 group order: the derived scalar must be below it.
_P256_ORDER = int("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16)


def issuer_private_key() -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(hashlib.sha256(ISSUER_SEED).digest(), "big") % (_P256_ORDER - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def issuer_ca_certificate() -> x509.Certificate:
    key = issuer_private_key()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    return (
        x509.CertificateBuilder()
        .subject_name(ISSUER_NAME)
        .issuer_name(ISSUER_NAME)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(dt.datetime(2015, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2050, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )


def issuer_ca_pem() -> bytes:
    return issuer_ca_certificate().public_bytes(serialization.Encoding.PEM)


def auth_certificate(
    auth_key_hex: str, *, document_number: str, holder_name: str, valid_until: str, issued_on: str
) -> bytes:
    """The card's authentication certificate (DER), issued by the sandbox CA."""
    issuer = issuer_private_key()
    public = card_state.private_key(auth_key_hex).public_key()
    not_before = dt.datetime.fromisoformat(issued_on).replace(tzinfo=dt.UTC)
    not_after = dt.datetime.fromisoformat(valid_until).replace(tzinfo=dt.UTC) + dt.timedelta(
        hours=23, minutes=59, seconds=59
    )
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "HU"),
            x509.NameAttribute(NameOID.COMMON_NAME, holder_name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, document_number),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ISSUER_NAME)
        .public_key(public)
        .serial_number(int.from_bytes(hashlib.sha256(auth_key_hex.encode()).digest()[:16], "big"))
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()), critical=False
        )
        .sign(issuer, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def new_card_state(
    *,
    document_number: str,
    holder_name: str,
    valid_until: str,
    issued_on: str = "2021-01-01",
    nek_version: str | None = "2.1",
    card_serial: str | None = None,
) -> dict:
    """A freshly issued card (eID PIN in transport state) with its auth certificate."""
    auth_key = card_state.new_private_key_hex()
    serial = card_serial or hashlib.sha256(document_number.encode()).hexdigest()[:16]
    cert = auth_certificate(
        auth_key,
        document_number=document_number,
        holder_name=holder_name,
        valid_until=valid_until,
        issued_on=issued_on,
    )
    return card_state.blank_state(
        card_serial=serial,
        document_number=document_number,
        holder_name=holder_name,
        valid_until=valid_until,
        nek_version=nek_version,
        auth_key=auth_key,
        auth_cert=cert.hex(),
    )


# Chip cards issued from 2016-11-14 on have the NEK applet already (docs/card-bridge.md).
NEK_PREINSTALLED_FROM = dt.date(2016, 11, 14)


def demo_cards() -> list[tuple[str, dict]]:
    """(username, card state) for every demo citizen with a valid chip ID card."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from documents.models import Document, DocumentKind
    from population.models import Person
    from sandbox.demo import CITIZENS

    cards = []
    for citizen in CITIZENS:
        person = Person.objects.filter(
            family_name=citizen.family, given_names=citizen.given, birth_date=citizen.born
        ).first()
        if person is None:
            continue
        document = (
            Document.objects.filter(
                holder=person,
                kind=DocumentKind.ID_CARD,
                has_chip=True,
                validity=Document.Validity.VALID,
            )
            .order_by("-issued_on")
            .first()
        )
        if document is None:
            continue
        valid_until = document.expires_on or dt.date(2099, 12, 31)
        state = new_card_state(
            document_number=document.number,
            holder_name=f"{person.family_name} {person.given_names}",
            valid_until=valid_until.isoformat(),
            issued_on=document.issued_on.isoformat(),
            nek_version="2.1" if document.issued_on >= NEK_PREINSTALLED_FROM else None,
        )
        cards.append((citizen.username, state))
    return cards


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.vcard.personalise")
    parser.add_argument("--out", type=Path, default=Path("var/cards"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "card-issuer-ca.pem").write_bytes(issuer_ca_pem())
    for username, state in demo_cards():
        path = args.out / f"{username}.json"
        if path.exists():
            print(f"{path}: kept ({state['document_number']})")
            continue
        card_state.save(state, path)
        print(f"{path}: new card {state['document_number']} (activation PIN 12345)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
