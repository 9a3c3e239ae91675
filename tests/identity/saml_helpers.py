"""Drive the real SAML exchange between the portal (SP) and the built-in IdP."""

from __future__ import annotations

import re
from contextlib import contextmanager
from html import unescape
from types import SimpleNamespace

from ugyfelkapu import saml as idp

FIELD = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')
ACTION = re.compile(r'<form method="post" action="([^"]+)" data-autosubmit>')


def post_fields(response) -> tuple[str, dict[str, str]]:
    body = response.content.decode()
    return unescape(ACTION.search(body).group(1)), {
        name: unescape(value) for name, value in FIELD.findall(body)
    }


def idp_session(client):
    """The browser's session at the identity provider (not the portal's `client.session`)."""
    from ugyfelkapu.sessions import COOKIE_NAME, SessionStore

    cookie = client.cookies.get(COOKIE_NAME)
    return SessionStore(cookie.value if cookie else None)


def start_login(client, method: str = "totp", next_url: str = "") -> dict:
    """The portal's signed AuthnRequest, checked by the IdP: its pending request."""
    response = client.post("/account/login/", {"method": method, "next": next_url})
    assert response.status_code == 200, response.status_code
    _, fields = post_fields(response)
    return idp.parse_authn_request(fields["SAMLRequest"], fields["RelayState"])


def bind_request(client, kind: str, request_id: str, secret: str = "") -> str:
    """Make `request_id` outstanding for `client`'s browser, as the portal does when it
    sends the request: a row keyed by the id and the binding cookie. Returns the secret."""
    import hashlib

    from django.utils import timezone

    from identity import pending
    from identity.models import PendingRequest

    cookie = client.cookies.get(pending.COOKIES[kind])
    secret = secret or (cookie.value if cookie else f"secret-of-{request_id}")
    PendingRequest.objects.create(
        request_id=request_id,
        kind=kind,
        browser=hashlib.sha256(secret.encode()).hexdigest(),
        next_url="/my-requests/",
        expires_at=timezone.now() + pending.LIFETIME,
    )
    client.cookies[pending.COOKIES[kind]] = secret
    return secret


def account_for(person, *, subject: str = "subject-1", email: str = "polgar@example.hu"):
    return SimpleNamespace(pk=1, subject=subject, person=person, email=email)


def idp_answer(pending: dict, account, method: str = "totp") -> dict[str, str]:
    """The IdP's signed answer to `pending`, as its page posts it, for a stand-in
    `account` (see `account_for`) whose `subject` is the NameID as it stands: the
    IdP's pairwise subjects need a real account (`render_authn_response`)."""
    return acs_fields(
        response_xml(pending, account, **response_kwargs(pending, account, method)), pending
    )


# --- Building blocks for the attack tests ------------------------------------------------
DS = "{http://www.w3.org/2000/09/xmldsig#}"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"


def response_kwargs(pending: dict, account, method: str = "totp") -> dict:
    """What `render_authn_response` passes to pysaml2, for a test to vary one of."""
    from django.conf import settings
    from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    from ugyfelkapu.methods import METHOD_URNS

    name_id = NameID(
        format=NAMEID_FORMAT_PERSISTENT,
        text=account.subject,
        name_qualifier=settings.UGYFELKAPU_ENTITY_ID,
        sp_name_qualifier=pending["sp"],
    )
    return {
        "identity": idp.assertion_attributes(account),
        "in_response_to": pending["id"],
        "destination": pending["acs"],
        "sp_entity_id": pending["sp"],
        "name_id": name_id,
        "authn": {"class_ref": METHOD_URNS[method], "authn_auth": settings.UGYFELKAPU_ENTITY_ID},
        "sign_response": True,
        "sign_assertion": True,
        "sign_alg": SIG_RSA_SHA256,
        "digest_alg": DIGEST_SHA256,
    }


def response_xml(pending: dict, account, *, server=None, **overrides) -> str:
    """A Response of the IdP (or of `server`) as XML, with `overrides` to pysaml2's arguments."""
    kwargs = {**response_kwargs(pending, account), **overrides}
    return str((server or idp.server()).create_authn_response(**kwargs))


def acs_fields(xml: str | bytes, pending: dict) -> dict[str, str]:
    """The form the IdP's page would post to the ACS, carrying `xml`."""
    from portal.saml_binding import encode_message

    text = xml.decode() if isinstance(xml, bytes) else xml
    return {"SAMLResponse": encode_message(text), "RelayState": pending["relay_state"]}


def decoded(fields: dict[str, str], name: str = "SAMLResponse") -> str:
    from portal.saml_binding import decode_message

    return decode_message(fields[name])


def fresh_key_pair(folder, name: str = "other") -> tuple[str, str]:
    """A newly generated (key file, certificate file) that no metadata knows."""
    from portal.crypto import _self_signed, _store

    key_file, cert_file = folder / f"{name}.key", folder / f"{name}.crt"
    _store(*_self_signed(f"Impostor {name}"), key_file, cert_file)
    return str(key_file), str(cert_file)


def impostor_idp(folder):
    """A pysaml2 IdP with the built-in IdP's entity id and metadata, but another key."""
    from saml2.config import IdPConfig
    from saml2.server import Server

    key_file, cert_file = fresh_key_pair(folder, "impostor-idp")
    config_dict = idp.idp_config_dict(idp._sp_metadata())
    config_dict.update(key_file=key_file, cert_file=cert_file)
    config = IdPConfig()
    config.load(config_dict)
    return Server(config=config)


def sp_client(*, folder=None, entity_id: str | None = None):
    """A pysaml2 SP client like the portal's; with `folder`, it signs with a fresh key."""
    from saml2.client import Saml2Client
    from saml2.config import SPConfig

    from identity import saml as sp

    config_dict = sp.sp_config_dict(sp._idp_metadata())
    if folder is not None:
        key_file, cert_file = fresh_key_pair(folder, "impostor-sp")
        config_dict.update(key_file=key_file, cert_file=cert_file)
    if entity_id is not None:
        config_dict["entityid"] = entity_id
    config = SPConfig()
    config.load(config_dict)
    return Saml2Client(config=config)


def resign(xml: str | bytes, *, assertion: bool = True, server=None) -> str:
    """Sign an edited Response again with the IdP's key: its assertion first (unless
    `assertion` is false, when only the Response's own signature is renewed), then itself."""
    from lxml import etree
    from saml2 import samlp
    from saml2.saml import Assertion
    from saml2.sigver import class_name

    sec = (server or idp.server()).sec
    root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    signatures = list(root.iter(f"{DS}Signature")) if assertion else root.findall(f"{DS}Signature")
    for signature in signatures:
        for value in signature.iter(f"{DS}DigestValue", f"{DS}SignatureValue"):
            value.text = ""
    text = etree.tostring(root).decode()
    signed = root.find(f"{SAML}Assertion")
    if assertion and signed is not None and signed.find(f"{DS}Signature") is not None:
        text = sec.sign_statement(text, class_name(Assertion()), node_id=signed.get("ID"))
    return sec.sign_statement(text, class_name(samlp.Response()), node_id=root.get("ID"))


def tree(xml: str | bytes):
    from lxml import etree

    return etree.fromstring(xml.encode() if isinstance(xml, str) else xml)


def text(root) -> str:
    from lxml import etree

    return etree.tostring(root).decode()


def algorithms(signature) -> tuple[str, str]:
    """(signature method, digest method) of a ds:Signature element."""
    return (
        signature.find(f"{DS}SignedInfo/{DS}SignatureMethod").get("Algorithm"),
        signature.find(f".//{DS}DigestMethod").get("Algorithm"),
    )


@contextmanager
def idp_clock(offset_seconds: int):
    """Run pysaml2's clock `offset_seconds` off while the IdP builds a response
    (IssueInstant, NotBefore, NotOnOrAfter); the SP's checks keep the real time."""
    import time
    from datetime import UTC, datetime, timedelta

    import pytest
    import saml2.assertion
    import saml2.entity
    from saml2.time_util import TIME_FORMAT

    def instant(format=TIME_FORMAT, time_stamp=0):
        return time.strftime(format, time.gmtime((time_stamp or time.time()) + offset_seconds))

    def in_a_while(format=None, **delta):
        moment = datetime.now(UTC) + timedelta(seconds=offset_seconds, **delta)
        return moment.strftime(format or TIME_FORMAT)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(saml2.assertion, "instant", instant)
        patch.setattr(saml2.assertion, "in_a_while", in_a_while)
        patch.setattr(saml2.entity, "instant", instant)
        yield


def authn_request_xml(saml_client, *, sign: bool = True, **kwargs) -> str:
    """An AuthnRequest of `saml_client` (see `sp_client`) for the built-in IdP."""
    from saml2 import BINDING_HTTP_POST
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    idp_entity = next(iter(saml_client.metadata.identity_providers()))
    sso = saml_client.metadata.single_sign_on_service(idp_entity, BINDING_HTTP_POST)
    _, request = saml_client.create_authn_request(
        sso[0]["location"],
        binding=BINDING_HTTP_POST,
        sign=sign,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
        **kwargs,
    )
    return str(request)


def logout_request_xml(saml_client, *, sign: bool = True, subject: str = "subject-1"):
    """A LogoutRequest of `saml_client` for the built-in IdP: (request id, XML)."""
    from saml2 import BINDING_HTTP_POST
    from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    idp_entity = next(iter(saml_client.metadata.identity_providers()))
    slo = saml_client.metadata.single_logout_service(idp_entity, BINDING_HTTP_POST, typ="idpsso")
    request_id, request = saml_client.create_logout_request(
        slo[0]["location"],
        idp_entity,
        sign=sign,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return request_id, str(request)


def logout_response_xml(
    server, request, *, sign: bool = True, sign_alg: str = "", digest_alg: str = ""
) -> str:
    """`server`'s LogoutResponse to `request` (a samlp.LogoutRequest); RSA-SHA256
    unless `sign_alg`/`digest_alg` say otherwise."""
    from saml2 import BINDING_HTTP_POST
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    response = server.create_logout_response(
        request,
        [BINDING_HTTP_POST],
        sign=sign,
        sign_alg=sign_alg or SIG_RSA_SHA256,
        digest_alg=digest_alg or DIGEST_SHA256,
    )
    return str(response)
