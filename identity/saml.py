"""The portal's side of SAML 2.0 login: a service provider on pysaml2.

Everything about the identity provider comes from configuration (its
metadata file, our entity id, key and certificate), so the built-in
Ügyfélkapu+ IdP and the real KAÜ differ only in settings. The checks on a
response — signature by the configured IdP, audience, recipient, time window,
InResponseTo of a request we sent — are pysaml2's; this module adds what it
leaves out: refusing DTDs and entities before parsing, and remembering
assertion ids so that none is accepted twice.
"""

from __future__ import annotations

import calendar
import logging
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone
from saml2 import BINDING_HTTP_POST
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, AuthnContextClassRef
from saml2.samlp import RequestedAuthnContext
from saml2.time_util import str_to_time
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from portal.crypto import key_pair
from portal.saml_binding import MessageRefused, encode_message
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


def decode_message(value: str) -> str:
    try:
        return _decode(value)
    except MessageRefused as exc:
        raise LoginRefused(str(exc)) from exc


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
                    "single_logout_service": [(_url("/saml/sls/"), BINDING_HTTP_POST)],
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
    return create_metadata_string(None, config=config, valid=None).decode()


def _idp_metadata() -> dict:
    if settings.SAML_IDP_METADATA_FILE:
        return {"local": [settings.SAML_IDP_METADATA_FILE]}
    # The built-in identity provider, described by the same code that serves it.
    from ugyfelkapu.saml import idp_metadata_xml

    return {"inline": [idp_metadata_xml()]}


@lru_cache(maxsize=1)
def client() -> Saml2Client:
    config = SPConfig()
    config.load(sp_config_dict(_idp_metadata()))
    return Saml2Client(config=config)


@receiver(setting_changed)
def _forget_config(**kwargs) -> None:
    client.cache_clear()


def idp_entity_id() -> str:
    entities = list(client().metadata.identity_providers())
    if len(entities) != 1:
        raise LoginRefused(f"expected one identity provider in metadata, found {len(entities)}")
    return entities[0]


def authn_request(method: str) -> tuple[str, str, str]:
    """A signed AuthnRequest asking for `method`: (request id, destination, base64 XML)."""
    saml = client()
    idp = idp_entity_id()
    destination = saml.metadata.single_sign_on_service(idp, BINDING_HTTP_POST)[0]["location"]
    request_id, request = saml.create_authn_request(
        destination,
        binding=BINDING_HTTP_POST,
        requested_authn_context=_requested_context(authn_contexts()[method]),
        nameid_format=NAMEID_FORMAT_PERSISTENT,
        sign=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return request_id, destination, encode_message(str(request))


def _requested_context(urn: str) -> RequestedAuthnContext:
    return RequestedAuthnContext(
        authn_context_class_ref=[AuthnContextClassRef(text=urn)], comparison="exact"
    )


def accept_response(encoded: str, outstanding: dict[str, str]) -> dict:
    """Validate a posted SAMLResponse; return the login it carries.

    Raises LoginRefused for anything that is not a fresh, signed answer of the
    configured IdP to one of `outstanding` (request id -> relay state).
    """
    decode_message(encoded)
    try:
        response = client().parse_authn_request_response(
            encoded, BINDING_HTTP_POST, outstanding=outstanding
        )
    except Exception as exc:  # pysaml2 raises many types; every one means "refused"
        raise LoginRefused(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if response is None:
        raise LoginRefused("no response")
    if response.in_response_to not in outstanding:
        raise LoginRefused("answer to a request we did not send")
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


def logout_request(name_id, session_index: str | None) -> tuple[str, str, str]:
    """A signed LogoutRequest to the IdP: (request id, destination, base64 XML)."""
    saml = client()
    idp = idp_entity_id()
    destination = saml.metadata.single_logout_service(idp, BINDING_HTTP_POST, "idpsso")[0][
        "location"
    ]
    request_id, request = saml.create_logout_request(
        destination,
        idp,
        name_id=name_id,
        session_indexes=[session_index] if session_index else None,
        sign=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return request_id, destination, encode_message(str(request))


def accept_logout_response(encoded: str, outstanding_id: str) -> None:
    decode_message(encoded)
    try:
        response = client().parse_logout_request_response(encoded, BINDING_HTTP_POST)
    except Exception as exc:  # every parsing or signature failure means "refused"
        raise LoginRefused(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if response is None or response.in_response_to != outstanding_id:
        raise LoginRefused("logout answer to a request we did not send")
    # pysaml2 verifies a signature only if one is present; SAML profiles 4.4.4.2
    # require the LogoutResponse to be signed.
    if response.response.signature is None:
        raise LoginRefused("unsigned logout response")
    if not response.status_ok():
        raise LoginRefused("identity provider refused the logout")
