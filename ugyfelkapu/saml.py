"""The identity provider's side of SAML 2.0, on pysaml2's `Server`.

It accepts only signed AuthnRequests from service providers whose metadata
it trusts, answers with a response and assertion both signed (RSA-SHA256)
with its own key, and asserts the account's natural identity data from the
population register under a persistent subject that never changes.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from saml2 import BINDING_HTTP_POST
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from portal.crypto import key_pair
from portal.saml_binding import MessageRefused, decode_message, encode_message, post_form

log = logging.getLogger(__name__)

PENDING = "ugyfelkapu:pending"  # the AuthnRequest being answered
ACCOUNT = "ugyfelkapu:account_id"  # who is logged in at the IdP
METHOD = "ugyfelkapu:method"  # and how

# How long an assertion may be used after it was issued.
ASSERTION_LIFETIME_MINUTES = 5


class RequestRefused(MessageRefused):
    """A SAML message the IdP will not act on; the reason is for the log."""


def _url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def idp_config_dict(sp_metadata: dict | None) -> dict:
    key_file, cert_file = key_pair(
        "ugyfelkapu-idp",
        key_file=settings.UGYFELKAPU_KEY_FILE,
        cert_file=settings.UGYFELKAPU_CERT_FILE,
        common_name="Ugyfelkapu+ IdP",
    )
    config = {
        "entityid": settings.UGYFELKAPU_ENTITY_ID,
        "xmlsec_binary": settings.XMLSEC_BINARY,
        "key_file": key_file,
        "cert_file": cert_file,
        "accepted_time_diff": settings.SAML_CLOCK_SKEW,
        "service": {
            "idp": {
                "name": "Ügyfélkapu+",
                "endpoints": {
                    "single_sign_on_service": [(_url("/ugyfelkapu/sso/"), BINDING_HTTP_POST)],
                    "single_logout_service": [(_url("/ugyfelkapu/slo/"), BINDING_HTTP_POST)],
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "want_authn_requests_signed": True,
                "sign_response": True,
                "sign_assertion": True,
                "policy": {
                    "default": {
                        "lifetime": {"minutes": ASSERTION_LIFETIME_MINUTES},
                        "attribute_restrictions": None,
                    }
                },
            }
        },
    }
    if sp_metadata is not None:
        config["metadata"] = sp_metadata
    return config


def idp_metadata_xml() -> str:
    config = IdPConfig()
    config.load(idp_config_dict(None))
    return create_metadata_string(None, config=config, valid=None).decode()


def _sp_metadata() -> dict:
    if settings.UGYFELKAPU_SP_METADATA_FILES:
        return {"local": list(settings.UGYFELKAPU_SP_METADATA_FILES)}
    from identity.saml import sp_metadata_xml

    return {"inline": [sp_metadata_xml()]}


@lru_cache(maxsize=1)
def server() -> Server:
    config = IdPConfig()
    config.load(idp_config_dict(_sp_metadata()))
    return Server(config=config)


@receiver(setting_changed)
def _forget_config(**kwargs) -> None:
    server.cache_clear()


def _decode(encoded: str) -> None:
    try:
        decode_message(encoded)
    except MessageRefused as exc:
        raise RequestRefused(str(exc)) from exc


def parse_authn_request(encoded: str, relay_state: str) -> dict:
    """Check a posted AuthnRequest (signature, known SP); return what to remember."""
    from ugyfelkapu.methods import method_for_urn

    _decode(encoded)
    idp = server()
    try:
        request = idp.parse_authn_request(encoded, BINDING_HTTP_POST)
    except Exception as exc:  # every parsing or signature failure means "refused"
        raise RequestRefused(f"{type(exc).__name__}: {exc}"[:300]) from exc
    if request is None:
        raise RequestRefused("no request")
    message = request.message
    sp = message.issuer.text if message.issuer is not None else ""
    if sp not in idp.metadata.service_providers():
        raise RequestRefused("unknown service provider")
    # Answer only to an ACS the SP's metadata names: never to one the request invents.
    known = [e["location"] for e in idp.metadata.assertion_consumer_service(sp, BINDING_HTTP_POST)]
    acs = message.assertion_consumer_service_url or (known[0] if known else "")
    if acs not in known:
        raise RequestRefused("assertion consumer service not in the SP's metadata")
    method = None
    context = message.requested_authn_context
    if context is not None and context.authn_context_class_ref:
        method = method_for_urn(context.authn_context_class_ref[0].text)
    return {
        "id": message.id,
        "sp": sp,
        "acs": acs,
        "relay_state": relay_state[:80],
        "method": method,
    }


def current_account(request: HttpRequest):
    """The account logged in at the identity provider, or None."""
    from ugyfelkapu.models import Account

    account_id = request.session.get(ACCOUNT)
    if account_id is None:
        return None
    account = Account.objects.filter(pk=account_id).select_related("person").first()
    return account if account is not None and account.is_usable() else None


def complete_authentication(request: HttpRequest, account, method: str) -> HttpResponse:
    """The account proved who it is: log it in at the IdP and answer the SP, if one asked."""
    request.session.cycle_key()
    request.session[ACCOUNT] = account.pk
    request.session[METHOD] = method
    pending = request.session.pop(PENDING, None)
    if pending is None:
        return redirect("ugyfelkapu:account")
    return render_authn_response(request, account, method, pending)


def render_authn_response(request: HttpRequest, account, method: str, pending: dict):
    from ugyfelkapu.methods import METHOD_URNS

    idp = server()
    name_id = NameID(
        format=NAMEID_FORMAT_PERSISTENT,
        text=account.subject,
        name_qualifier=settings.UGYFELKAPU_ENTITY_ID,
        sp_name_qualifier=pending["sp"],
    )
    response = idp.create_authn_response(
        identity=assertion_attributes(account),
        in_response_to=pending["id"],
        destination=pending["acs"],
        sp_entity_id=pending["sp"],
        name_id=name_id,
        authn={"class_ref": METHOD_URNS[method], "authn_auth": settings.UGYFELKAPU_ENTITY_ID},
        sign_response=True,
        sign_assertion=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    log.info("assertion issued to %s", pending["sp"])
    return post_form(
        request,
        pending["acs"],
        {
            "SAMLResponse": encode_message(str(response)),
            "RelayState": pending["relay_state"],
        },
    )


def assertion_attributes(account) -> dict[str, list[str]]:
    """The natural identity data ("4T") and e-mail, as the register holds them."""
    person = account.person
    return {
        "viseltCsaladiNev": [person.family_name],
        "viseltUtonev": [person.given_names],
        "szuletesiCsaladiNev": [person.birth_family_name],
        "szuletesiUtonev": [person.birth_given_names],
        "anyjaCsaladiNev": [person.mother_family_name],
        "anyjaUtonev": [person.mother_given_names],
        "szuletesiHely": [person.birth_place],
        "szuletesiDatum": [person.birth_date.isoformat()],
        "email": [account.email],
    }


def handle_logout_request(request: HttpRequest, encoded: str, relay_state: str) -> HttpResponse:
    """End the IdP session and answer the SP's LogoutRequest with a signed response."""
    _decode(encoded)
    idp = server()
    try:
        logout = idp.parse_logout_request(encoded, BINDING_HTTP_POST)
    except Exception as exc:  # every parsing or signature failure means "refused"
        raise RequestRefused(f"{type(exc).__name__}: {exc}"[:300]) from exc
    message = logout.message
    sp = message.issuer.text if message.issuer is not None else ""
    if sp not in idp.metadata.service_providers():
        raise RequestRefused("unknown service provider")
    for key in (ACCOUNT, METHOD, PENDING):
        request.session.pop(key, None)
    destination = idp.metadata.single_logout_service(sp, BINDING_HTTP_POST, "spsso")[0]["location"]
    response = idp.create_logout_response(
        message, [BINDING_HTTP_POST], sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256
    )
    return post_form(
        request,
        destination,
        {
            "SAMLResponse": encode_message(str(response)),
            "RelayState": relay_state[:80],
        },
    )
