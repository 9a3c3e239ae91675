"""What both SAML parties share: reading a message safely, refusing weak
signature algorithms, the pages of the HTTP-POST and HTTP-Redirect bindings, and
publishing a built-in party's metadata as a file."""

from __future__ import annotations

import base64
import binascii
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit
from xml.etree import ElementTree

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_MESSAGE_BYTES = 256 * 1024

# The settings whose change can change what a built-in party's metadata says (its
# entity id, endpoints, key, where it is written); each party writes its file again then.
# DATA_DIR: the embedded mode keeps the signing keys under it, so moving it changes them.
METADATA_SETTINGS = ("SAML_", "UGYFELKAPU_", "PORTAL_BASE_URL", "DATA_DIR", "PORTAL_DATA_DIR")

DS = "{http://www.w3.org/2000/09/xmldsig#}"
ALGSUPPORT = "{urn:oasis:names:tc:SAML:metadata:algsupport}"

# Signature and digest algorithms accepted on any SAML message and advertised in
# metadata: SHA-256 or stronger, RSA or ECDSA. SHA-1 and MD5 have practical
# collisions and DSA keys are limited to SHA-1 sizes in most deployments; the
# SAML 2.0 algorithm guidance (and eIDAS) ask for SHA-256 or better.
STRONG_SIGNATURE_METHODS = {
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": hashes.SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": hashes.SHA384,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512,
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": hashes.SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": hashes.SHA384,
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": hashes.SHA512,
}
STRONG_DIGEST_METHODS = frozenset(
    {
        "http://www.w3.org/2001/04/xmlenc#sha256",
        "http://www.w3.org/2001/04/xmldsig-more#sha384",
        "http://www.w3.org/2001/04/xmlenc#sha512",
    }
)


class MessageRefused(Exception):
    """A SAML message that will not be acted on; the reason is for the log only."""


class WeakAlgorithm(MessageRefused):
    """Refused for a signature or digest algorithm that is not strong enough."""


def decode_message(value: str) -> str:
    """Base64-decode a posted SAML message and refuse what must never be parsed.

    A DTD or entity declaration has no place in SAML; refusing it before any
    parser sees it closes XXE and entity-expansion attacks at the door.
    """
    if not value or len(value) > MAX_MESSAGE_BYTES * 4 // 3 + 4:
        raise MessageRefused("missing or oversized message")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MessageRefused("not base64") from exc
    return _checked_text(raw)


def _checked_text(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MessageRefused("not UTF-8") from exc
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise MessageRefused("DTD or entity declaration")
    return text


def encode_message(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def check_signature_algorithms(xml: str) -> None:
    """Refuse a message if any signature in it uses a weak algorithm.

    xmlsec1 (and so pysaml2) verifies RSA-SHA1, DSA and MD5 signatures as
    readily as RSA-SHA256, so the algorithms are checked here, on every
    ds:Signature wherever it sits, before any signature is verified. Call it on
    text that `decode_message` (or `read_redirect`) returned: no DTD reaches
    the parser.
    """
    try:
        root = ElementTree.fromstring(xml.encode())
    except (ElementTree.ParseError, ValueError) as exc:
        raise MessageRefused("not well-formed XML") from exc
    for signature in root.iter(f"{DS}Signature"):
        method = signature.find(f"{DS}SignedInfo/{DS}SignatureMethod")
        algorithm = method.get("Algorithm") if method is not None else None
        if algorithm not in STRONG_SIGNATURE_METHODS:
            raise WeakAlgorithm(f"weak or missing signature algorithm: {algorithm}")
        digests = signature.findall(f"{DS}SignedInfo/{DS}Reference/{DS}DigestMethod")
        if not digests:
            raise MessageRefused("signature without a digest method")
        for digest in digests:
            if digest.get("Algorithm") not in STRONG_DIGEST_METHODS:
                raise WeakAlgorithm(f"weak digest algorithm: {digest.get('Algorithm')}")


def strong_algorithms_only(metadata_xml: str) -> str:
    """Metadata without the weak algorithms pysaml2 advertises.

    pysaml2 lists every algorithm the local xmlsec1 knows (MD5, SHA-1, DSA…)
    in the algsupport extension; a peer may pick any of them. Only the
    DigestMethod and SigningMethod elements of that extension are touched, so
    call it on unsigned metadata only.
    """
    root = ElementTree.fromstring(metadata_xml)
    for extensions in root.iter("{urn:oasis:names:tc:SAML:2.0:metadata}Extensions"):
        for element in list(extensions):
            algorithm = element.get("Algorithm")
            if element.tag == f"{ALGSUPPORT}DigestMethod":
                weak = algorithm not in STRONG_DIGEST_METHODS
            elif element.tag == f"{ALGSUPPORT}SigningMethod":
                weak = algorithm not in STRONG_SIGNATURE_METHODS
            else:
                continue
            if weak:
                extensions.remove(element)
    return ElementTree.tostring(root, encoding="unicode")


# --- The HTTP-Redirect binding (SAML bindings 3.4) ---------------------------------------
@dataclass(frozen=True)
class RedirectMessage:
    """A message received by the HTTP-Redirect binding, with what its signature covers."""

    xml: str
    encoded: str  # the base64 DEFLATE text, as pysaml2 reads it
    relay_state: str
    sig_alg: str
    signature: bytes
    signed_octets: bytes


def read_redirect(query_string: str, name: str) -> RedirectMessage:
    """Read `name` (SAMLRequest or SAMLResponse) from a raw query string.

    The signature covers the parameters exactly as they were URL-encoded by the
    sender (bindings 3.4.4.1), so the signed octets are cut from the raw query
    string and never re-encoded here. A parameter given twice is refused: which
    copy was signed would be ambiguous.
    """
    raw: dict[str, str] = {}
    for part in query_string.split("&"):
        key, _, value = part.partition("=")
        key = unquote_plus(key)
        if key in raw:
            raise MessageRefused(f"parameter {key} given twice")
        raw[key] = value
    if name not in raw:
        raise MessageRefused(f"no {name}")
    if "SigAlg" not in raw or "Signature" not in raw:
        raise MessageRefused("unsigned redirect message")
    signed = "&".join(f"{key}={raw[key]}" for key in (name, "RelayState", "SigAlg") if key in raw)
    try:
        # WSGI gives the query string as Latin-1: this is the bytes as sent.
        signed_octets = signed.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise MessageRefused("query string not as sent") from exc
    encoded = unquote_plus(raw[name])
    try:
        signature = base64.b64decode(unquote_plus(raw["Signature"]), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MessageRefused("signature not base64") from exc
    return RedirectMessage(
        xml=_inflate(encoded),
        encoded=encoded,
        relay_state=unquote_plus(raw.get("RelayState", "")),
        sig_alg=unquote_plus(raw["SigAlg"]),
        signature=signature,
        signed_octets=signed_octets,
    )


def _inflate(encoded: str) -> str:
    if not encoded or len(encoded) > MAX_MESSAGE_BYTES * 4 // 3 + 4:
        raise MessageRefused("missing or oversized message")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MessageRefused("not base64") from exc
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw DEFLATE, no zlib header
    try:
        # Bounded: a few kilobytes must not inflate into gigabytes.
        xml = inflater.decompress(raw, MAX_MESSAGE_BYTES)
    except zlib.error as exc:
        raise MessageRefused("not DEFLATE data") from exc
    if inflater.unconsumed_tail:
        raise MessageRefused("oversized message")
    return _checked_text(xml)


def verify_redirect_signature(message: RedirectMessage, certificates: list[str]) -> None:
    """Check the query-string signature against one of the sender's certificates
    (base64 DER or PEM, as metadata holds them); refuse weak algorithms."""
    algorithm = STRONG_SIGNATURE_METHODS.get(message.sig_alg)
    if algorithm is None:
        raise WeakAlgorithm(f"weak or unknown signature algorithm: {message.sig_alg}")
    for certificate in certificates:
        key = _certificate(certificate).public_key()
        try:
            if isinstance(key, rsa.RSAPublicKey):
                key.verify(
                    message.signature, message.signed_octets, padding.PKCS1v15(), algorithm()
                )
            elif isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(
                    _der_ecdsa(message.signature), message.signed_octets, ec.ECDSA(algorithm())
                )
            else:
                continue
        except (InvalidSignature, ValueError):
            continue
        return
    raise MessageRefused("redirect signature does not verify")


def _certificate(text: str) -> x509.Certificate:
    body = "".join(
        line for line in text.strip().splitlines() if line and not line.startswith("-----")
    )
    return x509.load_der_x509_certificate(base64.b64decode(body))


def _der_ecdsa(signature: bytes) -> bytes:
    """XML-DSig ECDSA signatures are r || s; cryptography wants DER."""
    half = len(signature) // 2
    return encode_dss_signature(
        int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
    )


def post_form(request: HttpRequest, destination: str, fields: dict[str, str]) -> HttpResponse:
    """The HTTP-POST binding: a form the browser sends on by itself, or with a
    button when JavaScript is off."""
    response = render(request, "saml/post.html", {"destination": destination, "fields": fields})
    response["Cache-Control"] = "no-store"
    target = urlsplit(destination)
    # The page's CSP allows forms to 'self' only; this one goes to the other party.
    response._csp_update = {"form-action": [f"{target.scheme}://{target.netloc}"]}
    return response


def redirect_page(request: HttpRequest, location: str) -> HttpResponse:
    """The HTTP-Redirect binding, sent from a page instead of a 302.

    Browsers apply the CSP form-action of the page whose form was submitted to
    every redirect that follows it; a 302 to the other party after the login or
    logout form would be blocked by `form-action 'self'`. A link followed by
    script (or by hand) is a plain navigation, and keeps the URL byte for byte,
    which the signature needs."""
    response = render(request, "saml/redirect.html", {"location": location})
    response["Cache-Control"] = "no-store"
    return response


def publish_metadata(xml: str, path: str) -> None:
    """Write a built-in party's metadata to `path`, where the other reads it as it
    would read any party's (the SP and the IdP in this project never import each other).

    Written under a temporary name and renamed: the web server, the worker and beat
    start at once, and none of them may read a half-written file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(xml)
        os.chmod(temporary, 0o644)  # metadata is public
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
