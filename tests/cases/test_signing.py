"""Signed PDFs (PAdES, cases/signing.py), validated by a validator that is not ours:
Debian's `pdfsig` (poppler-utils, built on NSS), not pyHanko, which made them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cases import registry, signing
from cases.actions import create_case, submit_case
from cases.documents import DocumentSpec
from cases.models import IssuedDocument
from cases.registry import CaseType

PDFSIG = shutil.which("pdfsig")
needs_pdfsig = pytest.mark.skipif(
    PDFSIG is None, reason="pdfsig missing: install Debian's poppler-utils (make test does)"
)


@pytest.fixture
def signed_type():
    kind = CaseType(
        slug="testing.signed",
        label="Signed document",
        deadline_days=8,
        documents={
            "certificate": DocumentSpec(
                title="Aláírt igazolás",
                template="pdf/case_summary.html",
                legal_basis="test basis",
                signed=True,
                language="hu",
            )
        },
    )
    registry.register(kind)
    yield kind
    registry.unregister(kind.slug)


def _pdfsig(path) -> str:
    # -nocert: the sandbox CA is in no trust store; the signature itself is what is checked.
    result = subprocess.run(
        [PDFSIG, "-nocert", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    return result.stdout + result.stderr


@pytest.fixture
def signed_document(citizen, signed_type, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.PORTAL_DATA_DIR = tmp_path
    settings.DATA_DIR = tmp_path
    case = create_case(signed_type.slug, applicant=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        submit_case(case, by=citizen)
    return IssuedDocument.objects.get(case=case, kind="certificate")


@needs_pdfsig
@pytest.mark.django_db
def test_an_independent_validator_accepts_the_signature(signed_document, tmp_path):
    content = signed_document.file.read()
    assert signed_document.sha256 == IssuedDocument.digest(content)  # the signed file is stored
    path = tmp_path / "signed.pdf"
    path.write_bytes(content)
    report = _pdfsig(path)
    assert "Signature is Valid." in report, report
    assert "ETSI.CAdES.detached" in report  # PAdES, not the older adbe.pkcs7 sub-filter
    assert "Total document signed" in report


@needs_pdfsig
@pytest.mark.django_db
@pytest.mark.parametrize("where", [0.1, 0.3, 0.6])
def test_changing_one_byte_breaks_the_signature(signed_document, tmp_path, where):
    content = bytearray(signed_document.file.read())
    # A byte of the first signed range (the rendered document), away from the header.
    first_range_end = content.rfind(b"/Contents <")
    position = 200 + int((first_range_end - 400) * where)
    content[position] ^= 0x01
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(content))
    report = _pdfsig(path)
    assert "Signature is Valid." not in report, report


@pytest.mark.django_db
def test_the_sandbox_ca_issued_the_signing_certificate(settings, tmp_path):
    from cryptography import x509

    settings.DATA_DIR = tmp_path
    key_file, cert_file, chain = signing.signer_files()
    assert str(tmp_path) in key_file  # under the data folder, never in the checkout
    certificate = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    authority = x509.load_pem_x509_certificate(Path(chain[0]).read_bytes())
    certificate.verify_directly_issued_by(authority)


def test_production_refuses_to_sign_without_the_configured_key(settings):
    settings.PRODUCTION = True
    settings.PORTAL_SIGNING_KEY_FILE = ""
    settings.PORTAL_SIGNING_CERT_FILE = ""
    with pytest.raises(ImproperlyConfigured):
        signing.signer_files()
