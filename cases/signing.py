"""PAdES signatures on issued PDFs, in the issuing authority's name.

A `DocumentSpec` with `signed=True` (e.g. the criminal record certificate) is
signed by `cases.pdf.issue_document` right after rendering, before its SHA-256 is
taken: the stored file is the signed one. pyHanko writes the signature as an
incremental update with the `ETSI.CAdES.detached` sub-filter (PAdES baseline B-B),
so any PDF validator (Adobe, poppler's `pdfsig`, the EU DSS) checks it, and a
changed byte anywhere in the signed ranges makes the digest mismatch.

The signing key and certificate come from files named in the environment
(`PORTAL_SIGNING_KEY_FILE`, `PORTAL_SIGNING_CERT_FILE`, and the issuing CA's chain
in `PORTAL_SIGNING_CHAIN_FILE`); production refuses to start signing without them.
In the embedded mode a sandbox CA and a signing certificate it issued are made on
first use under the data folder (`var/keys/`, never committed), like the SAML keys
(`portal.crypto`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import io
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

from portal import crypto

SANDBOX_CA_NAME = "Ügysegéd dokumentum-hitelesítő teszt CA"
SANDBOX_SIGNER_NAME = "Ügysegéd hatósági dokumentum-hitelesítés (teszt)"
SIGNATURE_FIELD = "Hitelesites"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "HU"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ügysegéd sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, sign_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not sign_certificates,
        content_commitment=not sign_certificates,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certificates,
        crl_sign=sign_certificates,
        encipher_only=False,
        decipher_only=False,
    )


def _new_sandbox_ca():
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = _name(SANDBOX_CA_NAME)
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
        .add_extension(_key_usage(sign_certificates=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _sandbox_ca_paths() -> tuple[Path, Path]:
    key_file, cert_file = crypto.key_pair(
        "document-signing-ca", key_file="", cert_file="", generate=_new_sandbox_ca
    )
    return Path(key_file), Path(cert_file)


def _new_sandbox_signer():
    ca_key_path, ca_cert_path = _sandbox_ca_paths()
    ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(SANDBOX_SIGNER_NAME))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=5 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(sign_certificates=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def signer_files() -> tuple[str, str, tuple[str, ...]]:
    """(key file, certificate file, chain files) of the signing authority."""
    configured = settings.PORTAL_SIGNING_KEY_FILE and settings.PORTAL_SIGNING_CERT_FILE
    key_file, cert_file = crypto.key_pair(
        "document-signing",
        key_file=settings.PORTAL_SIGNING_KEY_FILE,
        cert_file=settings.PORTAL_SIGNING_CERT_FILE,
        generate=_new_sandbox_signer,
    )
    if configured:
        chain = (settings.PORTAL_SIGNING_CHAIN_FILE,) if settings.PORTAL_SIGNING_CHAIN_FILE else ()
    else:
        chain = (str(_sandbox_ca_paths()[1]),)
    return key_file, cert_file, chain


def sign_pdf(content: bytes, *, reason: str, location: str) -> bytes:
    """`content` with a PAdES signature of the issuing authority appended."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _sign(content, reason=reason, location=location)
    # pyHanko's synchronous API runs its own event loop, which cannot start inside a
    # running one (an async caller): sign in a thread of its own then.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_sign, content, reason=reason, location=location).result()


def _sign(content: bytes, *, reason: str, location: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    key_file, cert_file, chain = signer_files()
    signer = signers.SimpleSigner.load(key_file, cert_file, ca_chain_files=chain)
    if signer is None:  # pyHanko logs why and returns None on an unreadable file
        raise RuntimeError("the document-signing key or certificate cannot be read")
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()
