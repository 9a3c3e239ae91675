"""The portal's e-signature certificate authority (a test CA outside production use).

In production the CA key and certificate come from files named in the environment
(`ESZEMELYI_CA_KEY_FILE`, `ESZEMELYI_CA_CERT_FILE`); in the embedded mode a CA is
generated on first use under the data folder, like the SAML keys (`portal.crypto`).
The certificate is issued for a public key generated on the card: the private key
never leaves the chip.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils import timezone

from portal import crypto

CA_NAME = "Ügysegéd e-aláírás teszt CA"
CERTIFICATE_YEARS = 2


def _add_years(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February into a common year
        return moment.replace(year=moment.year + years, day=28)


def certificate_validity(
    issued_at: dt.datetime, card_expires_on: dt.date | None
) -> tuple[dt.datetime, dt.datetime]:
    """(not before, not after) of a certificate issued at `issued_at`.

    "A tanúsítvány érvényességi ideje 2 év, ha a kibocsátás időpontjában az eSzemélyi
    érvényességéből több mint 2 év van hátra. Ellenkező esetben a tanúsítvány
    érvényességének vége megegyezik az eSzemélyi lejárati dátumával." The card is
    valid through its expiry day, so the certificate ends at that day's last second.
    """
    two_years = _add_years(issued_at, CERTIFICATE_YEARS)
    if card_expires_on is None:
        return issued_at, two_years
    card_end = timezone.make_aware(
        dt.datetime.combine(card_expires_on, dt.time(23, 59, 59)),
        timezone.get_default_timezone(),
    )
    return issued_at, min(two_years, card_end)


def _paths() -> tuple[Path, Path]:
    key_file, cert_file = crypto.key_pair(
        "eszemelyi-ca",
        key_file=settings.ESZEMELYI_CA_KEY_FILE,
        cert_file=settings.ESZEMELYI_CA_CERT_FILE,
        generate=_new_ca,
    )
    return Path(key_file), Path(cert_file)


def load_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key_path, cert_path = _paths()
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(cert_path.read_bytes())


def _new_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP384R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "HU"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ügysegéd"),
            x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA384())
    )
    return key, cert


def issue_certificate(
    public_key_der: bytes,
    *,
    person,
    document_number: str,
    email: str | None,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    """Sign a non-repudiation certificate for the card's key. The subject names the
    person and the card (ETSI semantic identifier IDCHU-<number>), never the personal
    identification number."""
    ca_key, ca_cert = load_ca()
    public_key = serialization.load_der_public_key(public_key_der)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "HU"),
        x509.NameAttribute(NameOID.SURNAME, person.family_name),
        x509.NameAttribute(NameOID.GIVEN_NAME, person.given_names),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{person.family_name} {person.given_names}"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IDCHU-{document_number}"),
    ]
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    return builder.sign(ca_key, hashes.SHA384())
