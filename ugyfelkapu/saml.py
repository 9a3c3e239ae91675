"""The identity provider's side of SAML 2.0, on pysaml2's `Server`.

It serves the service providers whose metadata it is given (this portal and those
listed in `UGYFELKAPU_SP_METADATA_FILES`/`_URLS`), in the HTTP-POST and
HTTP-Redirect bindings. It accepts only requests those SPs signed with SHA-256 or
stronger, issued within the clock skew (`ugyfelkapu.saml_requests`); it answers with
a response and assertion both signed (RSA-SHA256) with its own key, asserting the
account's natural identity data from the population register under a persistent
subject of its own for each service provider (`ugyfelkapu.subjects`).
"""

from __future__ import annotations

import logging
import time
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.request import AuthnRequest, LogoutRequest
from saml2.s_utils import UnsupportedBinding
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.samlp import STATUS_NO_PASSIVE
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from portal.crypto import key_pair
from portal.saml_binding import (
    METADATA_SETTINGS,
    encode_message,
    post_form,
    publish_metadata,
    strong_algorithms_only,
)
from ugyfelkapu import saml_requests
from ugyfelkapu.saml_requests import RequestRefused

log = logging.getLogger(__name__)

PENDING = "ugyfelkapu:pending"  # the AuthnRequest being answered
ACCOUNT = "ugyfelkapu:account_id"  # who is logged in at the IdP
METHOD = "ugyfelkapu:method"  # and how
AUTHN_AT = "ugyfelkapu:authn_at"  # and when (seconds since the epoch)

# How long an assertion may be used after it was issued.
ASSERTION_LIFETIME_MINUTES = 5
BINDINGS = (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT)


def _url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def idp_config_dict(sp_metadata: dict | None) -> dict:
    key_file, cert_file = key_pair(
        "ugyfelkapu-idp",
        key_file=settings.UGYFELKAPU_KEY_FILE,
        cert_file=settings.UGYFELKAPU_CERT_FILE,
        common_name="Ugyfelkapu+ IdP",
    )
    sso, slo = _url("/ugyfelkapu/sso/"), _url("/ugyfelkapu/slo/")
    config = {
        "entityid": settings.UGYFELKAPU_ENTITY_ID,
        "xmlsec_binary": settings.XMLSEC_BINARY,
        "key_file": key_file,
        "cert_file": cert_file,
        "accepted_time_diff": settings.SAML_CLOCK_SKEW,
        # Metadata URLs are read while a citizen waits: a silent server must not
        # hold the request for ever.
        "http_client_timeout": 10,
        # Whatever pysaml2 signs without being told (redirect-binding queries
        # included) is signed with these.
        "signing_algorithm": SIG_RSA_SHA256,
        "digest_algorithm": DIGEST_SHA256,
        "service": {
            "idp": {
                "name": "Ügyfélkapu+",
                "endpoints": {
                    "single_sign_on_service": [(sso, binding) for binding in BINDINGS],
                    "single_logout_service": [(slo, binding) for binding in BINDINGS],
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
    return strong_algorithms_only(create_metadata_string(None, config=config, valid=None).decode())


def publish_idp_metadata() -> None:
    """Write our metadata to UGYFELKAPU_METADATA_FILE, where this portal's service
    provider reads it like any IdP's (at start-up, and when a setting it depends on changes)."""
    if settings.UGYFELKAPU_ENABLED and settings.UGYFELKAPU_METADATA_FILE:
        publish_metadata(idp_metadata_xml(), settings.UGYFELKAPU_METADATA_FILE)


def _sp_metadata() -> dict:
    """This portal's service provider (by the file it writes) and those the operator lists."""
    files = [settings.SAML_SP_METADATA_FILE] if settings.SAML_SP_METADATA_FILE else []
    files += settings.UGYFELKAPU_SP_METADATA_FILES
    metadata: dict = {}
    if files:
        metadata["local"] = files
    if settings.UGYFELKAPU_SP_METADATA_URLS:
        metadata["remote"] = [{"url": url} for url in settings.UGYFELKAPU_SP_METADATA_URLS]
    return metadata


@lru_cache(maxsize=1)
def server() -> Server:
    config = IdPConfig()
    config.load(idp_config_dict(_sp_metadata()))
    return Server(config=config)


@receiver(setting_changed)
def _forget_config(*, setting: str, **kwargs) -> None:
    server.cache_clear()
    if setting.startswith(METADATA_SETTINGS):
        publish_idp_metadata()


# --- AuthnRequest ------------------------------------------------------------------------
def parse_authn_request(encoded: str, relay_state: str) -> dict:
    """Check an AuthnRequest posted by the HTTP-POST binding; return what to remember."""
    idp = server()
    request, sp = saml_requests.read_post(idp, encoded, idp.parse_authn_request)
    return _pending(idp, request.message, sp, relay_state)


def parse_redirected_authn_request(query_string: str) -> dict:
    """Check an AuthnRequest sent by the HTTP-Redirect binding; return what to remember."""
    idp = server()
    request, sp, relay_state = saml_requests.read_redirected(
        idp, query_string, AuthnRequest, "single_sign_on_service"
    )
    return _pending(idp, request.message, sp, relay_state)


def _pending(idp: Server, message, sp: str, relay_state: str) -> dict:
    from ugyfelkapu.methods import method_for_urn

    saml_requests.check_fresh(message)
    # Answer only to an ACS the SP's metadata names: never to one the request invents.
    # Responses go by HTTP-POST, so the SP must offer that binding.
    known = [
        e["location"]
        for e in _endpoints(idp.metadata.assertion_consumer_service, sp, BINDING_HTTP_POST)
    ]
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
        "force": message.force_authn in ("true", "1"),
        "passive": message.is_passive in ("true", "1"),
    }


def _endpoints(lookup, *args) -> list[dict]:
    """An SP's endpoints of one kind and binding; none (instead of pysaml2's
    exception) when its metadata lists other bindings only."""
    try:
        return lookup(*args)
    except UnsupportedBinding:
        return []


def current_account(request: HttpRequest):
    """The account logged in at the identity provider, or None."""
    from ugyfelkapu.models import Account

    account_id = request.session.get(ACCOUNT)
    if account_id is None:
        return None
    account = Account.objects.filter(pk=account_id).select_related("person").first()
    return account if account is not None and account.is_usable() else None


def single_sign_on(request: HttpRequest, pending: dict) -> HttpResponse | None:
    """The answer without a login page, if there is one: the assertion when the IdP
    login satisfies the request, `NoPassive` when the SP forbade asking the citizen."""
    account = current_account(request)
    method = request.session.get(METHOD)
    if account is not None and not pending["force"] and pending["method"] in (None, method):
        return render_authn_response(request, account, method, pending)
    if pending["passive"]:
        log.info("passive request of %s answered NoPassive", pending["sp"])
        return render_status_response(request, pending, STATUS_NO_PASSIVE)
    return None


def complete_authentication(request: HttpRequest, account, method: str) -> HttpResponse:
    """The account proved who it is: log it in at the IdP and answer the SP, if one asked."""
    request.session.cycle_key()
    request.session[ACCOUNT] = account.pk
    request.session[METHOD] = method
    request.session[AUTHN_AT] = int(time.time())
    pending = request.session.pop(PENDING, None)
    if pending is None:
        return redirect("ugyfelkapu:account")
    return render_authn_response(request, account, method, pending)


def render_authn_response(request: HttpRequest, account, method: str, pending: dict):
    from ugyfelkapu.methods import METHOD_URNS
    from ugyfelkapu.subjects import subject_for

    idp = server()
    name_id = NameID(
        format=NAMEID_FORMAT_PERSISTENT,
        text=subject_for(account, pending["sp"]),
        name_qualifier=settings.UGYFELKAPU_ENTITY_ID,
        sp_name_qualifier=pending["sp"],
    )
    authn = {"class_ref": METHOD_URNS[method], "authn_auth": settings.UGYFELKAPU_ENTITY_ID}
    if request.session.get(AUTHN_AT):
        # Single sign-on: the SP learns when the citizen really authenticated.
        authn["authn_instant"] = request.session[AUTHN_AT]
    response = idp.create_authn_response(
        identity=assertion_attributes(account),
        in_response_to=pending["id"],
        destination=pending["acs"],
        sp_entity_id=pending["sp"],
        name_id=name_id,
        authn=authn,
        sign_response=True,
        sign_assertion=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    log.info("assertion issued to %s", pending["sp"])
    return _post_response(request, pending, str(response))


def render_status_response(request: HttpRequest, pending: dict, status: str) -> HttpResponse:
    """A signed Response without an assertion: top-level Responder, second-level `status`."""
    response = server().create_error_response(
        in_response_to=pending["id"],
        destination=pending["acs"],
        info=(status, None),
        sign=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return _post_response(request, pending, str(response))


def _post_response(request: HttpRequest, pending: dict, xml: str) -> HttpResponse:
    return post_form(
        request,
        pending["acs"],
        {"SAMLResponse": encode_message(xml), "RelayState": pending["relay_state"]},
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


# --- Single logout -----------------------------------------------------------------------
def handle_logout_request(request: HttpRequest, encoded: str, relay_state: str) -> HttpResponse:
    """A LogoutRequest posted by the HTTP-POST binding (see `_logout`)."""
    idp = server()
    logout, sp = saml_requests.read_post(idp, encoded, idp.parse_logout_request)
    return _logout(request, idp, logout.message, sp, BINDING_HTTP_POST, relay_state)


def handle_redirected_logout_request(request: HttpRequest, query_string: str) -> HttpResponse:
    """A LogoutRequest sent by the HTTP-Redirect binding (see `_logout`)."""
    idp = server()
    logout, sp, relay_state = saml_requests.read_redirected(
        idp, query_string, LogoutRequest, "single_logout_service"
    )
    return _logout(request, idp, logout.message, sp, BINDING_HTTP_REDIRECT, relay_state)


def _logout(request, idp: Server, message, sp: str, binding: str, relay_state: str):
    """End the IdP session and answer with a signed LogoutResponse, by the binding the
    request came in if the SP's metadata offers it there, else by the other one."""
    saml_requests.check_fresh(message)
    # A valid, signed request ends the IdP session whether or not it can be answered.
    for key in (ACCOUNT, METHOD, AUTHN_AT, PENDING):
        request.session.pop(key, None)
    preferred = [binding] + [other for other in BINDINGS if other != binding]
    answer_binding, endpoint = next(
        (
            (b, endpoints[0])
            for b in preferred
            if (endpoints := _endpoints(idp.metadata.single_logout_service, sp, b, "spsso"))
        ),
        (None, None),
    )
    if endpoint is None:
        raise RequestRefused("no single logout service in the SP's metadata", "no_logout_service")
    relay_state = relay_state[:80]
    if answer_binding == BINDING_HTTP_POST:
        response = idp.create_logout_response(
            message,
            [BINDING_HTTP_POST],
            sign=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        return post_form(
            request,
            endpoint["location"],
            {"SAMLResponse": encode_message(str(response)), "RelayState": relay_state},
        )
    # The Redirect binding signs the query string; an enveloped signature has no
    # place in it (SAML bindings 3.4.4.1).
    response = idp.create_logout_response(message, [BINDING_HTTP_REDIRECT], sign=False)
    http = idp.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(response),
        endpoint["location"],
        relay_state,
        response=True,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    answer = redirect(dict(http["headers"])["Location"])
    answer["Cache-Control"] = "no-store"
    return answer


def refuse_logout_response(request: HttpRequest) -> None:
    """The IdP never sends LogoutRequests, so a LogoutResponse answers nothing it
    asked: it is refused whatever it says, after the algorithm checks, so that a
    weakly signed one is named as such."""
    if request.method == "GET":
        saml_requests.redirected_response_algorithms(request.META.get("QUERY_STRING", ""))
    else:
        saml_requests.decoded(request.POST.get("SAMLResponse", ""))
    raise RequestRefused("unsolicited LogoutResponse", "unsolicited_response")
