"""Reading what service providers send the identity provider, in either binding.

Every request must be signed by a service provider in the IdP's metadata (its own
metadata says `WantAuthnRequestsSigned="true"`): by an enveloped XML signature in the
HTTP-POST binding, by the query-string signature in the HTTP-Redirect binding. Before
any signature is verified, messages with a DTD are refused, and so is every signature
or digest algorithm weaker than SHA-256 (SHA-1, MD5, DSA): xmlsec1 verifies those as
readily as strong ones. A request must also be fresh: its IssueInstant within the
allowed clock skew of now, either way.
"""

from __future__ import annotations

import calendar
import time
from xml.etree import ElementTree

from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.server import Server
from saml2.time_util import str_to_time

from portal.saml_binding import (
    STRONG_SIGNATURE_METHODS,
    MessageRefused,
    RedirectMessage,
    WeakAlgorithm,
    check_signature_algorithms,
    decode_message,
    read_redirect,
    verify_redirect_signature,
)

ISSUER = "{urn:oasis:names:tc:SAML:2.0:assertion}Issuer"


class RequestRefused(MessageRefused):
    """A SAML message the IdP will not act on. The detail is for the log; `code`
    chooses the message shown (`ugyfelkapu.errors.REQUEST_MESSAGES`)."""

    def __init__(self, detail: str, code: str = "refused") -> None:
        super().__init__(detail)
        self.code = code


def _failure(exc: Exception) -> RequestRefused:
    return RequestRefused(f"{type(exc).__name__}: {exc}"[:300])


def decoded(encoded: str) -> str:
    """The XML of a posted message, DTD-free and signed with strong algorithms only."""
    try:
        xml = decode_message(encoded)
    except MessageRefused as exc:
        raise RequestRefused(str(exc)) from exc
    _strong_algorithms(xml)
    return xml


def _strong_algorithms(xml: str) -> None:
    try:
        check_signature_algorithms(xml)
    except WeakAlgorithm as exc:
        raise RequestRefused(str(exc), "weak_algorithm") from exc
    except MessageRefused as exc:
        raise RequestRefused(str(exc)) from exc


def sender(idp: Server, xml: str) -> str:
    """The issuing service provider, which must be one the IdP serves."""
    try:
        issuer = ElementTree.fromstring(xml.encode()).find(ISSUER)
    except ElementTree.ParseError as exc:
        raise RequestRefused("not well-formed XML") from exc
    sp = (issuer.text or "").strip() if issuer is not None else ""
    if sp not in idp.metadata.service_providers():
        raise RequestRefused("unknown service provider", "unknown_sp")
    return sp


def read_post(idp: Server, encoded: str, parse) -> tuple[object, str]:
    """(pysaml2's parsed request, service provider) of a posted request; `parse` is
    the Server's parser for its kind, which verifies the enveloped signature."""
    sp = sender(idp, decoded(encoded))
    try:
        request = parse(encoded, BINDING_HTTP_POST)
    except Exception as exc:  # every parsing or signature failure means "refused"
        raise _failure(exc) from exc
    if request is None:
        raise RequestRefused("no request")
    return request, sp


def read_redirected(
    idp: Server, query_string: str, request_cls, service: str
) -> tuple[object, str, str]:
    """(parsed request, service provider, RelayState) of a request in a query string."""
    message = _read_strong_redirect(query_string, "SAMLRequest")
    sp = sender(idp, message.xml)
    certificates = [cert for _name, cert in idp.metadata.certs(sp, "spsso", "signing")]
    try:
        verify_redirect_signature(message, certificates)
    except MessageRefused as exc:
        raise RequestRefused(str(exc)) from exc
    receivers = idp.config.endpoint(service, BINDING_HTTP_REDIRECT, "idp")
    request = request_cls(
        idp.sec,
        receivers,
        idp.config.attribute_converters,
        timeslack=idp.config.accepted_time_diff or 0,
    )
    try:
        # The query-string signature was verified above, over the octets as sent.
        # pysaml2's own check re-encodes the parameters first, which fails for any
        # sender that percent-encodes differently; so it is not asked to sign-check
        # here (an enveloped signature, if present, is still verified).
        request = request.loads(
            message.xml, BINDING_HTTP_REDIRECT, origdoc=message.encoded, must=False
        )
        request.verify()
    except Exception as exc:  # every parsing failure means "refused"
        raise _failure(exc) from exc
    return request, sp, message.relay_state


def redirected_response_algorithms(query_string: str) -> None:
    """Refuse a SAMLResponse in a query string signed with a weak algorithm."""
    _read_strong_redirect(query_string, "SAMLResponse")


def _read_strong_redirect(query_string: str, name: str) -> RedirectMessage:
    """The message `name` of a query string, refused before any signature is checked
    if its query-string or enveloped signature uses a weak algorithm."""
    try:
        message = read_redirect(query_string, name)
    except MessageRefused as exc:
        raise RequestRefused(str(exc)) from exc
    if message.sig_alg not in STRONG_SIGNATURE_METHODS:
        raise RequestRefused(f"weak signature algorithm {message.sig_alg}", "weak_algorithm")
    _strong_algorithms(message.xml)
    return message


def check_fresh(message) -> None:
    """Refuse a request issued longer ago, or further ahead, than the clock skew.

    pysaml2 computes a one-day window for requests and then ignores its result;
    a captured request must not be good for replaying that long."""
    try:
        issued = calendar.timegm(str_to_time(message.issue_instant))
    except (TypeError, ValueError) as exc:
        raise RequestRefused("no valid IssueInstant", "stale_request") from exc
    age = time.time() - issued
    if abs(age) > settings.SAML_CLOCK_SKEW:
        raise RequestRefused(f"IssueInstant {int(age)} s from now", "stale_request")
