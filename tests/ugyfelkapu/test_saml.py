"""The identity provider facing foreign service providers: both bindings, several SPs,
ForceAuthn and IsPassive, single logout."""

from __future__ import annotations

import base64
import re
import zlib
from urllib.parse import quote, unquote, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from django.utils.html import escape
from django.utils.translation import override
from lxml import etree
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.response import StatusNoPassive
from saml2.sigver import verify_redirect_signature
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from portal.saml_binding import encode_message
from tests.identity.saml_helpers import DS, SAMLP, algorithms, idp_session, post_fields
from tests.ugyfelkapu.conftest import make_account
from tests.ugyfelkapu.saml_parties import (
    FOREIGN,
    FOREIGN_ACS,
    FOREIGN_SLO,
    SLO,
    SSO,
    log_in_at_idp,
    make_foreign_sp,
    query_values,
)
from ugyfelkapu import saml as idp
from ugyfelkapu.errors import REQUEST_MESSAGES
from ugyfelkapu.models import PairwiseSubject

pytestmark = pytest.mark.django_db
MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
NO_PASSIVE = "urn:oasis:names:tc:SAML:2.0:status:NoPassive"
RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"


@pytest.fixture
def foreign(settings, tmp_path):
    """A service provider on another site, registered by its metadata file."""
    sp = make_foreign_sp(tmp_path)
    settings.UGYFELKAPU_SP_METADATA_FILES = [sp.metadata_file]
    return sp


def shown(code: str) -> str:
    with override("en"):
        return escape(str(REQUEST_MESSAGES[code]))


def foreign_subject(account) -> str:
    return PairwiseSubject.objects.get(account=account, sp_entity_id=FOREIGN).value


def idp_certificate(sp) -> str:
    """The IdP's signing certificate, as the service provider has it from the IdP's metadata."""
    return sp.client.metadata.certs(sp.idp_entity, "idpsso", "signing")[0][1]


# --- Metadata and configuration ----------------------------------------------------------
def test_the_metadata_offers_both_bindings_and_strong_algorithms_only(client):
    root = etree.fromstring(client.get("/ugyfelkapu/metadata/").content)
    descriptor = root.find(f"{MD}IDPSSODescriptor")
    assert descriptor.get("WantAuthnRequestsSigned") == "true"
    for service, path in (("SingleSignOnService", SSO), ("SingleLogoutService", SLO)):
        endpoints = {
            (e.get("Binding"), urlsplit(e.get("Location")).path)
            for e in descriptor.iter(f"{MD}{service}")
        }
        assert endpoints == {(BINDING_HTTP_POST, path), (BINDING_HTTP_REDIRECT, path)}
    advertised = {e.get("Algorithm") for e in root.find(f"{MD}Extensions")}
    assert advertised == {
        "http://www.w3.org/2001/04/xmlenc#sha256",
        "http://www.w3.org/2001/04/xmldsig-more#sha384",
        "http://www.w3.org/2001/04/xmlenc#sha512",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    }


def test_configured_service_providers_are_served_beside_the_portal(settings, tmp_path):
    first = make_foreign_sp(tmp_path, entity_id="https://egy.example/sp", name="egy")
    second = make_foreign_sp(tmp_path, entity_id="https://ketto.example/sp", name="ketto")
    settings.UGYFELKAPU_SP_METADATA_FILES = [first.metadata_file, second.metadata_file]
    assert set(idp.server().metadata.service_providers()) == {
        settings.SAML_SP_ENTITY_ID,
        "https://egy.example/sp",
        "https://ketto.example/sp",
    }


def test_service_provider_metadata_can_come_from_a_url(settings, tmp_path, client):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    sp = make_foreign_sp(tmp_path)
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            port = server.server_address[1]
            settings.UGYFELKAPU_SP_METADATA_URLS = [f"http://127.0.0.1:{port}/foreign-metadata.xml"]
            assert FOREIGN in idp.server().metadata.service_providers()
        finally:
            server.shutdown()
    _, xml = sp.authn_request()
    response = client.post(SSO, sp.posted(xml))
    assert response.status_code == 302 and idp_session(client)[idp.PENDING]["sp"] == FOREIGN


def test_an_unregistered_service_provider_is_told_so(client, tmp_path):
    stranger = make_foreign_sp(tmp_path)  # its metadata is not configured
    _, xml = stranger.authn_request()
    response = client.post(SSO, stranger.posted(xml))
    assert response.status_code == 400
    assert shown("unknown_sp") in response.content.decode()


# --- HTTP-Redirect binding for SSO ------------------------------------------------------
def test_a_redirected_authn_request_is_answered_with_a_signed_assertion(client, foreign, account):
    log_in_at_idp(client, account)
    request_id, url = foreign.redirect_url(relay_state="vissza-ide")
    response = client.get(url)
    assert response.status_code == 200
    action, fields = post_fields(response)
    assert action == FOREIGN_ACS and fields["RelayState"] == "vissza-ide"
    answer = foreign.client.parse_authn_request_response(
        fields["SAMLResponse"], BINDING_HTTP_POST, outstanding={request_id: "/"}
    )
    assert answer.name_id.text == foreign_subject(account)
    assert answer.ava["email"] == ["ilona@example.hu"]
    signed = etree.fromstring(base64.b64decode(fields["SAMLResponse"]))
    assert algorithms(signed.find(f"{DS}Signature")) == (SIG_RSA_SHA256, DIGEST_SHA256)


def test_a_redirected_authn_request_without_an_idp_login_opens_the_login(client, foreign):
    request_id, url = foreign.redirect_url()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/ugyfelkapu/login/"
    pending = idp_session(client)[idp.PENDING]
    assert (pending["id"], pending["sp"], pending["acs"]) == (request_id, FOREIGN, FOREIGN_ACS)


def _tampered_signature(url: str) -> str:
    path, _, query = url.partition("?")
    params = dict(part.split("=", 1) for part in query.split("&"))
    signature = bytearray(base64.b64decode(unquote(params["Signature"])))
    signature[10] ^= 1
    params["Signature"] = quote(base64.b64encode(bytes(signature)).decode(), safe="")
    return path + "?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(_tampered_signature, id="tampered-signature"),
        pytest.param(lambda url: url.split("&SigAlg=")[0], id="unsigned"),
        pytest.param(
            lambda url: url.replace("RelayState=rs", "RelayState=other"), id="relay-state-changed"
        ),
        pytest.param(lambda url: url + "&SAMLRequest=x", id="parameter-twice"),
    ],
)
def test_forged_redirected_requests_are_refused(client, foreign, forge):
    _, url = foreign.redirect_url()
    response = client.get(forge(url))
    assert response.status_code == 400 and idp.PENDING not in idp_session(client)


def test_a_redirected_request_signed_with_another_key_is_refused(client, foreign, tmp_path):
    folder = tmp_path / "impostor"
    folder.mkdir()
    impostor = make_foreign_sp(folder, name="impostor")  # same entity id, another key
    _, url = impostor.redirect_url()
    assert client.get(url).status_code == 400


def test_the_signature_covers_the_query_as_sent_not_as_re_encoded(client, foreign):
    """Senders percent-encode differently (lower-case hex, for one); the signature is
    checked over the octets as they arrived."""
    _, request = foreign.client.create_authn_request(
        idp.server().config.endpoint("single_sign_on_service", BINDING_HTTP_REDIRECT, "idp")[0],
        binding=BINDING_HTTP_REDIRECT,
        sign=False,
    )
    deflated = zlib.compress(str(request).encode())[2:-4]  # raw DEFLATE

    def lower(value: str) -> str:
        return re.sub(r"%[0-9A-F]{2}", lambda escape: escape.group(0).lower(), value)

    signed = (
        f"SAMLRequest={lower(quote(base64.b64encode(deflated).decode(), safe=''))}"
        f"&RelayState=rs&SigAlg={lower(quote(SIG_RSA_SHA256, safe=''))}"
    )
    assert re.search(r"%[0-9a-f][a-f]", signed)  # really lower-case escapes
    with open(foreign.client.config.key_file, "rb") as pem:
        key = serialization.load_pem_private_key(pem.read(), password=None)
    signature = key.sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    url = f"{SSO}?{signed}&Signature={quote(base64.b64encode(signature).decode(), safe='')}"
    response = client.get(url)
    assert response.status_code == 302 and idp_session(client)[idp.PENDING]["sp"] == FOREIGN


# --- ForceAuthn and IsPassive ------------------------------------------------------------
def test_an_idp_login_answers_at_once(client, foreign, account):
    log_in_at_idp(client, account)
    request_id, xml = foreign.authn_request()
    action, fields = post_fields(client.post(SSO, foreign.posted(xml)))
    answer = foreign.client.parse_authn_request_response(
        fields["SAMLResponse"], BINDING_HTTP_POST, outstanding={request_id: "/"}
    )
    assert action == FOREIGN_ACS and answer.name_id.text == foreign_subject(account)


def test_force_authn_asks_for_a_login_despite_the_idp_session(client, foreign, account):
    log_in_at_idp(client, account)
    request_id, xml = foreign.authn_request(force_authn="true")
    response = client.post(SSO, foreign.posted(xml))
    assert response.status_code == 302 and response["Location"] == "/ugyfelkapu/login/"
    pending = idp_session(client)[idp.PENDING]
    assert pending["id"] == request_id and pending["force"] is True


def _status_codes(fields: dict[str, str]) -> tuple[str, str]:
    root = etree.fromstring(base64.b64decode(fields["SAMLResponse"]))
    top = root.find(f"{SAMLP}Status/{SAMLP}StatusCode")
    return top.get("Value"), top.find(f"{SAMLP}StatusCode").get("Value")


def test_is_passive_without_an_idp_login_answers_no_passive(client, foreign):
    request_id, xml = foreign.authn_request(is_passive="true")
    response = client.post(SSO, foreign.posted(xml, "passive-rs"))
    assert response.status_code == 200
    action, fields = post_fields(response)
    assert action == FOREIGN_ACS and fields["RelayState"] == "passive-rs"
    assert _status_codes(fields) == (RESPONDER, NO_PASSIVE)
    root = etree.fromstring(base64.b64decode(fields["SAMLResponse"]))
    assert root.get("InResponseTo") == request_id
    assert algorithms(root.find(f"{DS}Signature")) == (SIG_RSA_SHA256, DIGEST_SHA256)
    with pytest.raises(StatusNoPassive):  # pysaml2 as the SP: signed, valid, NoPassive
        foreign.client.parse_authn_request_response(
            fields["SAMLResponse"], BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    assert idp.PENDING not in idp_session(client)


def test_is_passive_with_an_idp_login_answers_the_assertion(client, foreign, account):
    log_in_at_idp(client, account)
    request_id, url = foreign.redirect_url(is_passive="true")
    _, fields = post_fields(client.get(url))
    status = etree.fromstring(base64.b64decode(fields["SAMLResponse"])).find(f"{SAMLP}Status")
    assert status.find(f"{SAMLP}StatusCode").get("Value") == SUCCESS
    answer = foreign.client.parse_authn_request_response(
        fields["SAMLResponse"], BINDING_HTTP_POST, outstanding={request_id: "/"}
    )
    assert answer.name_id.text == foreign_subject(account)


def test_is_passive_with_force_authn_cannot_be_satisfied(client, foreign, account):
    log_in_at_idp(client, account)
    _, xml = foreign.authn_request(is_passive="true", force_authn="true")
    _, fields = post_fields(client.post(SSO, foreign.posted(xml)))
    assert _status_codes(fields) == (RESPONDER, NO_PASSIVE)


def test_the_assertion_tells_when_the_citizen_authenticated(client, foreign, account):
    log_in_at_idp(client, account, authn_at=1_700_000_000)
    request_id, xml = foreign.authn_request()
    _, fields = post_fields(client.post(SSO, foreign.posted(xml)))
    answer = foreign.client.parse_authn_request_response(
        fields["SAMLResponse"], BINDING_HTTP_POST, outstanding={request_id: "/"}
    )
    assert answer.assertion.authn_statement[0].authn_instant == "2023-11-14T22:13:20Z"


# --- Single logout ------------------------------------------------------------------------
def _inflated(value: str) -> etree._Element:
    return etree.fromstring(zlib.decompress(base64.b64decode(value), -15))


def _check_redirected_logout_response(response, foreign, request_id: str) -> None:
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(FOREIGN_SLO + "?")
    values = query_values(location)
    assert values["SigAlg"] == SIG_RSA_SHA256 and values["RelayState"] == "logout-rs"
    # pysaml2's own check of a redirect signature, with the IdP's certificate.
    assert verify_redirect_signature(
        values, foreign.client.sec.sec_backend, idp_certificate(foreign)
    )
    answer = _inflated(values["SAMLResponse"])
    assert answer.tag == f"{SAMLP}LogoutResponse" and answer.get("InResponseTo") == request_id
    assert answer.find(f"{SAMLP}Status/{SAMLP}StatusCode").get("Value") == SUCCESS
    assert answer.find(f"{DS}Signature") is None  # the query carries the signature


def test_an_sp_with_only_a_redirect_logout_service_gets_a_redirected_answer(
    settings, client, tmp_path, account
):
    sp = make_foreign_sp(tmp_path, slo_bindings=(BINDING_HTTP_REDIRECT,))
    settings.UGYFELKAPU_SP_METADATA_FILES = [sp.metadata_file]
    log_in_at_idp(client, account)
    request_id, xml = sp.logout_request("someone")
    response = client.post(SLO, {"SAMLRequest": encode_message(xml), "RelayState": "logout-rs"})
    _check_redirected_logout_response(response, sp, request_id)
    assert idp.ACCOUNT not in idp_session(client)


def test_a_redirected_logout_request_is_answered_by_redirect(client, foreign, account):
    log_in_at_idp(client, account)
    url = foreign.redirected_logout_url("someone")
    request_id = _inflated(query_values(url)["SAMLRequest"]).get("ID")
    _check_redirected_logout_response(client.get(url), foreign, request_id)
    assert idp.ACCOUNT not in idp_session(client)


def test_a_redirected_logout_request_of_a_post_only_sp_is_answered_by_post(
    settings, client, tmp_path, account
):
    sp = make_foreign_sp(tmp_path, slo_bindings=(BINDING_HTTP_POST,))
    settings.UGYFELKAPU_SP_METADATA_FILES = [sp.metadata_file]
    log_in_at_idp(client, account)
    response = client.get(sp.redirected_logout_url("someone"))
    action, fields = post_fields(response)
    assert action == FOREIGN_SLO and fields["RelayState"] == "logout-rs"
    answer = etree.fromstring(base64.b64decode(fields["SAMLResponse"]))
    assert algorithms(answer.find(f"{DS}Signature")) == (SIG_RSA_SHA256, DIGEST_SHA256)
    assert idp.ACCOUNT not in idp_session(client)


def test_an_sp_without_a_logout_service_is_told_so_and_the_idp_session_ends(
    settings, client, tmp_path, account
):
    sp = make_foreign_sp(tmp_path, slo_bindings=())
    settings.UGYFELKAPU_SP_METADATA_FILES = [sp.metadata_file]
    log_in_at_idp(client, account)
    _, xml = sp.logout_request("someone")
    response = client.post(SLO, {"SAMLRequest": encode_message(xml)})
    assert response.status_code == 400
    body = response.content.decode()
    assert shown("no_logout_service") in body and "logout request could not be accepted" in body
    assert idp.ACCOUNT not in idp_session(client)


def test_a_logout_response_is_refused_since_the_idp_never_asks(client, foreign):
    response = client.post(SLO, {"SAMLResponse": encode_message(foreign.logout_response())})
    assert (
        response.status_code == 400 and shown("unsolicited_response") in response.content.decode()
    )


def test_a_new_account_is_not_known_to_any_sp_until_it_logs_in(client, foreign):
    account = make_account(username="uj.polgar")
    assert not PairwiseSubject.objects.filter(account=account).exists()
    log_in_at_idp(client, account)
    _, xml = foreign.authn_request()
    client.post(SSO, foreign.posted(xml))
    assert list(
        PairwiseSubject.objects.filter(account=account).values_list("sp_entity_id", flat=True)
    ) == [FOREIGN]
