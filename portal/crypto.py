"""Signing key pairs: the SAML parties, the e-signature test CA.

In production every key and certificate comes from files named in the
environment. In the embedded mode a self-signed pair is generated on first
use and kept under the data folder, so a fresh clone signs from its first run.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_pair(
    name: str,
    *,
    key_file: str,
    cert_file: str,
    common_name: str = "",
    generate: Callable[[], tuple[Any, Any]] | None = None,
) -> tuple[str, str]:
    """Return (key path, certificate path) for party `name`.

    `generate` makes the (private key, certificate) of the embedded mode;
    by default a self-signed RSA certificate for `common_name`.
    """
    if key_file and cert_file:
        for path in (key_file, cert_file):
            if not Path(path).is_file():
                raise ImproperlyConfigured(f"{name}: {path} does not exist")
        return key_file, cert_file
    if settings.PRODUCTION:
        raise ImproperlyConfigured(f"{name}: key and certificate files must be set in production")
    folder = Path(settings.DATA_DIR) / "keys"
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    if not (key_path.exists() and cert_path.exists()):
        import fcntl

        folder.mkdir(parents=True, exist_ok=True)
        # One process generates; the others wait and read its pair (parallel test
        # workers, web and worker processes starting at once on a fresh clone).
        with open(folder / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (key_path.exists() and cert_path.exists()):
                key, cert = generate() if generate else _self_signed(common_name)
                _store(key, cert, key_path, cert_path)
    return str(key_path), str(cert_path)


def _self_signed(common_name: str) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _store(key, cert, key_path: Path, cert_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    key_path.parent.mkdir(parents=True, exist_ok=True)
    # Written to a temporary name first: two processes starting at once must
    # not read a half-written key.
    tmp_key, tmp_cert = key_path.with_suffix(".key.tmp"), cert_path.with_suffix(".crt.tmp")
    tmp_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(tmp_key, 0o600)
    tmp_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if not (key_path.exists() and cert_path.exists()):
        tmp_key.replace(key_path)
        tmp_cert.replace(cert_path)
    else:
        tmp_key.unlink(missing_ok=True)
        tmp_cert.unlink(missing_ok=True)
