"""The portal's side of SAML 2.0 login: a service provider on pysaml2.

Everything about the identity provider comes from configuration (its
metadata file, our entity id, key and certificate), so the built-in
Ügyfélkapu+ IdP and the real KAÜ differ only in settings. The checks on a
response — signature by the configured IdP, audience, recipient, time window,
InResponseTo of a request we sent — are pysaml2's; this module adds what it
leaves out: refusing DTDs and entities before parsing, refusing weak signature
and digest algorithms (pysaml2 accepts RSA-SHA1), and remembering assertion
ids so that none is accepted twice. Requests go by HTTP-POST when the IdP
offers it and by signed HTTP-Redirect when it offers only that; a
LogoutResponse is accepted by either binding.
"""

from __future__ import annotations

import calendar
import dataclasses
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.response import UnsolicitedResponse
from saml2.s_utils import UnsupportedBinding
from saml2.saml import NAMEID_FORMAT_PERSISTENT, AuthnContextClassRef
from saml2.samlp import RequestedAuthnContext
from saml2.time_util import str_to_time
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from portal.crypto import key_pair
from portal.saml_binding import (
    METADATA_SETTINGS,
    MessageRefused,
    RedirectMessage,
    check_signature_algorithms,
    encode_message,
    publish_metadata,
    read_redirect,
    strong_algorithms_only,
    verify_redirect_signature,
)
from portal.saml_binding import decode_message as _decode

log = logging.getLogger(__name__)

DEFAULT_AUTHN_CONTEXTS = {
    "totp": "urn:eksz.gov.hu:1.0:azonositas:kau:2:uk:totp",
    "email": "urn:eksz.gov.hu:1.0:azonositas:kau:2:uk:email",
    "phone": "urn:ugysegeg:azonositas:telefonos",
    "card": "urn:ugysegeg:azonositas:eszemelyi",
}

# User field -> assertion attribute, for the natural identity data ("4T").
DEFAULT_ATTRIBUTE_MAP = {
    "last_name": "viseltCsaladiNev",
    "first_name": "viseltUtonev",
    "birth_family_name": "szuletesiCsaladiNev",
    "birth_given_names": "szuletesiUtonev",
    "mother_family_name": "anyjaCsaladiNev",
    "mother_given_names": "anyjaUtonev",
    "birth_place": "szuletesiHely",
    "birth_date": "szuletesiDatum",
    "email": "email",
}


class LoginRefused(MessageRefused):
    """The identity provider's answer cannot be accepted; the reason is for the log."""


class NotAwaited(LoginRefused):
    """An answer to no request this browser has outstanding (unknown, used, stale,
    another browser's, or unsolicited)."""


def decode_message(value: str) -> str:
    """The posted message's XML, once no DTD and no weak signature algorithm is in it."""
    try:
        xml = _decode(value)
        check_signature_algorithms(xml)
    except MessageRefused as exc:
        raise LoginRefused(str(exc)) from exc
    return xml


@dataclass(frozen=True)
class Outgoing:
    """A signed request on its way to the IdP, by one of the two browser bindings."""

    request_id: str
    binding: str
    destination: str
    fields: dict[str, str] = dataclasses.field(default_factory=dict)  # HTTP-POST: the form's fields
    location: str = ""  # HTTP-Redirect: the whole signed URL


def authn_contexts() -> dict[str, str]:
    return {**DEFAULT_AUTHN_CONTEXTS, **settings.SAML_AUTHN_CONTEXTS}


def attribute_map() -> dict[str, str]:
    return {**DEFAULT_ATTRIBUTE_MAP, **settings.SAML_ATTRIBUTE_MAP}


def _url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def sp_config_dict(idp_metadata: dict | None) -> dict:
    key_file, cert_file = key_pair(
        "saml-sp",
        key_file=settings.SAML_SP_KEY_FILE,
        cert_file=settings.SAML_SP_CERT_FILE,
        common_name="Ugysegeg SAML SP",
    )
    config = {
        "entityid": settings.SAML_SP_ENTITY_ID,
        "xmlsec_binary": settings.XMLSEC_BINARY,
        "key_file": key_file,
        "cert_file": cert_file,
        "accepted_time_diff": settings.SAML_CLOCK_SKEW,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Ügysegéd",
                "endpoints": {
                    "assertion_consumer_service": [(_url("/saml/acs/"), BINDING_HTTP_POST)],
                    # The IdP may answer a logout by either browser binding.
                    "single_logout_service": [
                        (_url("/saml/sls/"), BINDING_HTTP_POST),
                        (_url("/saml/sls/"), BINDING_HTTP_REDIRECT),
                    ],
                },
                # Only answers to requests we sent; both the response and the
                # assertion must carry the IdP's signature.
                "allow_unsolicited": False,
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": True,
                "name_id_format": NAMEID_FORMAT_PERSISTENT,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        },
    }
    if idp_metadata is not None:
        config["metadata"] = idp_metadata
    return config


def sp_metadata_xml() -> str:
    config = SPConfig()
    config.load(sp_config_dict(None))
    xml = create_metadata_string(None, config=config, valid=None).decode()
    return strong_algorithms_only(xml)


def publish_sp_metadata() -> None:
    """Write our metadata to SAML_SP_METADATA_FILE, where the built-in identity
    provider reads it (at start-up, and again when a setting it depends on changes)."""
    if settings.SAML_SP_METADATA_FILE:
        publish_metadata(sp_metadata_xml(), settings.SAML_SP_METADATA_FILE)


def _idp_metadata() -> dict:
    # Any identity provider, the built-in one included, is known by its metadata file
    # alone (by default the file the built-in Ügyfélkapu+ IdP writes at start-up).
    if not settings.SAML_IDP_METADATA_FILE:
        raise ImproperlyConfigured(
            "SAML_IDP_METADATA_FILE is not set and the built-in identity provider is off"
        )
    return {"local": [settings.SAML_IDP_METADATA_FILE]}


@lru_cache(maxsize=1)
def client() -> Saml2Client:
    config = SPConfig()
    config.load(sp_config_dict(_idp_metadata()))
    return Saml2Client(config=config)


@receiver(setting_changed)
def _forget_config(*, setting: str, **kwargs) -> None:
    client.cache_clear()
    if setting.startswith(METADATA_SETTINGS):
        publish_sp_metadata()


def idp_entity_id() -> str:
    entities = list(client().metadata.identity_providers())
    if len(entities) != 1:
        raise LoginRefused(f"expected one identity provider in metadata, found {len(entities)}")
    return entities[0]


def _idp_endpoint(lookup: Callable[[str], list[dict]], service: str) -> tuple[str, str]:
    """(binding, location) of an IdP service: HTTP-POST if offered, else HTTP-Redirect."""
    for binding in (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT):
        try:
            endpoints = lookup(binding)
        except UnsupportedBinding:  # pysaml2's way of saying "not offered"
            continue
        if endpoints:
            return binding, endpoints[0]["location"]
    raise LoginRefused(f"the identity provider offers no {service} by HTTP-POST or Redirect")


def _outgoing(
    saml: Saml2Client, binding: str, destination: str, request_id: str, request, relay_state: str
) -> Outgoing:
    if binding == BINDING_HTTP_POST:
        fields = {"SAMLRequest": encode_message(str(request))}
        if relay_state:
            fields["RelayState"] = relay_state
        return Outgoing(request_id, binding, destination, fields=fields)
    # Bindings 3.4.4.1: the signature goes in the query string, over
    # SAMLRequest=…&RelayState=…&SigAlg=…, and the XML carries none.
    info = saml.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(request),
        destination,
        relay_state,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return Outgoing(request_id, binding, destination, location=dict(info["headers"])["Location"])


def authn_request(method: str) -> Outgoing:
    """A signed AuthnRequest asking for `method`; RelayState is its own id."""
    saml = client()
    idp = idp_entity_id()
    binding, destination = _idp_endpoint(
        lambda b: saml.metadata.single_sign_on_service(idp, b), "single sign-on"
    )
    request_id, request = saml.create_authn_request(
        destination,
        binding=BINDING_HTTP_POST,  # how the Response comes back: always POST to our ACS
        requested_authn_context=_requested_context(authn_contexts()[method]),
        nameid_format=NAMEID_FORMAT_PERSISTENT,
        sign=binding == BINDING_HTTP_POST,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return _outgoing(saml, binding, destination, request_id, request, relay_state=request_id)


def _requested_context(urn: str) -> RequestedAuthnContext:
    return RequestedAuthnContext(
        authn_context_class_ref=[AuthnContextClassRef(text=urn)], comparison="exact"
    )


def accept_response(encoded: str, outstanding: dict[str, str]) -> dict:
    """Validate a posted SAMLResponse; return the login it carries.

    Raises LoginRefused for anything that is not a fresh, signed answer of the
    configured IdP to one of `outstanding` (request id -> where to go next).
    """
    decode_message(encoded)
    try:
        response = client().parse_authn_request_response(
            encoded, BINDING_HTTP_POST, outstanding=outstanding
        )
    except UnsolicitedResponse as exc:
        raise NotAwaited(f"Unsolicited response: {exc}"[:300]) from exc
    except Exception as exc:  # pysaml2 raises many types; every one means "refused"
        raise LoginRefused(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if response is None:
        raise LoginRefused("no response")
    if response.in_response_to not in outstanding:
        raise NotAwaited("answer to a request we did not send")
    acs = _url("/saml/acs/")
    # pysaml2 checks Destination only when present and never checks Recipient;
    # SAML bindings 3.5.5.2 and profiles 4.1.4.3 require both to name our ACS.
    if response.response.destination != acs:
        raise LoginRefused("response not addressed to our ACS")
    assertion = response.assertion
    if assertion is None or not response.name_id or not response.name_id.text:
        raise LoginRefused("no assertion or no subject")
    if response.name_id.format not in (None, NAMEID_FORMAT_PERSISTENT):
        raise LoginRefused("subject is not persistent")
    confirmations = assertion.subject.subject_confirmation or []
    if not confirmations or any(
        c.subject_confirmation_data is None or c.subject_confirmation_data.recipient != acs
        for c in confirmations
    ):
        raise LoginRefused("assertion not meant for our ACS")
    _remember_assertion(assertion.id, _not_on_or_after(response))
    session_info = response.session_info()
    contexts = {urn: method for method, urn in authn_contexts().items()}
    class_ref = response.authn_info()[0][0] if response.authn_info() else ""
    return {
        "request_id": response.in_response_to,
        "subject": response.name_id.text,
        "issuer": session_info["issuer"],
        "method": contexts.get(class_ref, ""),
        "attributes": session_info["ava"],
        "name_id": response.name_id,
        "session_index": session_info.get("session_index"),
    }


def _not_on_or_after(response) -> datetime:
    """When the assertion stops being acceptable: after that its id can be forgotten."""
    latest = timezone.now()
    for confirmation in response.assertion.subject.subject_confirmation or []:
        data = confirmation.subject_confirmation_data
        if data is not None and data.not_on_or_after:
            moment = datetime.fromtimestamp(
                calendar.timegm(str_to_time(data.not_on_or_after)), tz=UTC
            )
            latest = max(latest, moment)
    return latest + timedelta(seconds=settings.SAML_CLOCK_SKEW)


def _remember_assertion(assertion_id: str, expires_at: datetime) -> None:
    from identity.models import SeenAssertion

    try:
        with transaction.atomic():
            SeenAssertion.objects.create(assertion_id=assertion_id, expires_at=expires_at)
    except IntegrityError as exc:
        raise LoginRefused("assertion replayed") from exc


def identity_fields(attributes: dict[str, list[str]]) -> dict:
    """The user fields an assertion carries, by the configured attribute map."""
    fields = {}
    for field, attribute in attribute_map().items():
        values = attributes.get(attribute) or []
        if not values or not str(values[0]).strip():
            continue
        value = str(values[0]).strip()
        if field == "birth_date":
            try:
                value = date.fromisoformat(value)
            except ValueError:
                continue
        fields[field] = value
    return fields


def logout_request(name_id, session_index: str | None) -> Outgoing:
    """A signed LogoutRequest to the IdP."""
    saml = client()
    idp = idp_entity_id()
    binding, destination = _idp_endpoint(
        lambda b: saml.metadata.single_logout_service(idp, b, "idpsso"), "single logout"
    )
    request_id, request = saml.create_logout_request(
        destination,
        idp,
        name_id=name_id,
        session_indexes=[session_index] if session_index else None,
        sign=binding == BINDING_HTTP_POST,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return _outgoing(saml, binding, destination, request_id, request, relay_state="")


@dataclass(frozen=True)
class LogoutAnswer:
    request_id: str
    confirmed: bool  # False: the IdP signed a refusal (status other than Success)


def accept_logout_response(
    outstanding: Collection[str], *, posted: str = "", query_string: str = ""
) -> LogoutAnswer:
    """Validate the IdP's LogoutResponse, posted (HTTP-POST) or in the query
    string (HTTP-Redirect), to one of the `outstanding` LogoutRequest ids."""
    if query_string:
        message = _redirect_from_idp(query_string, "SAMLResponse")
        encoded, binding = message.encoded, BINDING_HTTP_REDIRECT
    else:
        decode_message(posted)
        encoded, binding = posted, BINDING_HTTP_POST
    try:
        response = client().parse_logout_request_response(encoded, binding)
    except Exception as exc:  # every parsing or signature failure means "refused"
        raise LoginRefused(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if response is None or response.in_response_to not in outstanding:
        raise LoginRefused("logout answer to a request we did not send")
    issuer = response.response.issuer
    if issuer is None or issuer.text != idp_entity_id():
        raise LoginRefused("logout answer not issued by our identity provider")
    # pysaml2 verifies a signature only if one is present; SAML profiles 4.4.4.2
    # require the LogoutResponse to be signed (by Redirect: the query string's
    # signature, checked in _redirect_from_idp).
    if binding == BINDING_HTTP_POST and response.response.signature is None:
        raise LoginRefused("unsigned logout response")
    return LogoutAnswer(response.in_response_to, response.status_ok())


def _redirect_from_idp(query_string: str, name: str) -> RedirectMessage:
    """A Redirect-binding message whose query-string signature is the IdP's."""
    idp = idp_entity_id()
    certificates = [cert for _, cert in client().metadata.certs(idp, "idpsso", "signing")]
    try:
        message = read_redirect(query_string, name)
        verify_redirect_signature(message, certificates)
        check_signature_algorithms(message.xml)  # a signature inside, if any, is strong too
    except MessageRefused as exc:
        raise LoginRefused(str(exc)) from exc
    return message
